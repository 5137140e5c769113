import { describe, expect, it } from 'vitest';
import {
  circuitAt,
  decideFleetRetry,
  emptyWindow,
  type FleetLimits,
  type FleetWindow,
  recordEnd,
  refusalReason,
  retryAllowance,
  roll,
  windowCauses,
  windowCounts,
} from '../../../src/model/fleet-budget.js';

const LIMITS: FleetLimits = { ratio: 0.2, floor: 2, windowMs: 60_000, cooldownMs: 10_000, tripShare: 0.5, tripMin: 4 };
const ok = { first: true, transient: false, success: true };
const transientFirst = { first: true, transient: true, success: false };
const transientRetry = { first: false, transient: true, success: false };

function times(w: FleetWindow, n: number, step: (w: FleetWindow) => FleetWindow): FleetWindow {
  for (let i = 0; i < n; i += 1) w = step(w);
  return w;
}

describe('the retry budget', () => {
  it('allows ratio x first attempts + floor retries in a window, then refuses and counts the refusals', () => {
    let w = times(emptyWindow(), 10, (x) =>
      recordEnd(x, { first: true, transient: false, success: false }, 1000, { ...LIMITS, tripMin: 1000 }),
    );
    const verdicts: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const d = decideFleetRetry(w, 2000, LIMITS);
      verdicts.push(d.verdict);
      w = d.window;
    }
    // 0.2 x 10 + 2 = 4
    expect(verdicts).toEqual(['granted', 'granted', 'granted', 'granted', 'budget', 'budget']);
    expect(windowCounts(w, 2000, LIMITS.windowMs)).toEqual({
      firsts: 10,
      retries: 4,
      refused: 2,
      ended: 10,
      transient: 0,
      flaky: 0,
      trips: 0,
    });
  });

  it('the previous bucket counts by the share of it still inside the window; older ones not at all', () => {
    let w = times(emptyWindow(), 10, (x) => recordEnd(x, ok, 59_000, LIMITS));
    w = roll(w, 75_000, LIMITS.windowMs);
    // 15 s into the next bucket: 45/60 of the previous one is still inside
    expect(windowCounts(w, 75_000, LIMITS.windowMs).firsts).toBeCloseTo(7.5);
    expect(windowCounts(roll(w, 130_000, LIMITS.windowMs), 130_000, LIMITS.windowMs).firsts).toBe(0);
  });

  it('retryAllowance is ratio x first attempts + floor', () => {
    expect(retryAllowance({ firsts: 100 }, { ratio: 0.2, floor: 10 })).toBe(30);
  });
});

describe('the circuit breaker', () => {
  it('opens when the share of transient failures crosses the threshold, refuses during the cool-down, then lets one probe through', () => {
    let w = times(emptyWindow(), 3, (x) => recordEnd(x, transientFirst, 1000, LIMITS));
    expect(w.circuit).toBe('closed');
    w = recordEnd(w, transientFirst, 1000, LIMITS);
    expect(w).toMatchObject({ circuit: 'open', until: 11_000 });
    expect(decideFleetRetry(w, 5000, LIMITS).verdict).toBe('circuit');
    expect(circuitAt(w, 11_000)).toBe('half-open');
    const probe = decideFleetRetry(w, 11_000, LIMITS);
    expect(probe.verdict).toBe('probe');
    // one probe per cool-down: the next is refused while the first is out
    expect(decideFleetRetry(probe.window, 12_000, LIMITS).verdict).toBe('circuit');
    expect(decideFleetRetry(probe.window, 21_000, LIMITS).verdict).toBe('probe');
  });

  it('a success while half-open closes it and forgets the failures; a failure opens it again', () => {
    const open = times(emptyWindow(), 4, (x) => recordEnd(x, transientFirst, 1000, LIMITS));
    const probing = decideFleetRetry(open, 11_000, LIMITS).window;
    const closed = recordEnd(probing, { first: false, transient: false, success: true }, 11_500, LIMITS);
    expect(closed).toMatchObject({ circuit: 'closed', until: 0 });
    expect(windowCounts(closed, 11_500, LIMITS.windowMs)).toMatchObject({ ended: 0, transient: 0 });
    expect(decideFleetRetry(closed, 11_600, LIMITS).verdict).toBe('granted');
    expect(recordEnd(probing, transientRetry, 11_500, LIMITS)).toMatchObject({ circuit: 'open', until: 21_500 });
  });

  it('failures under the threshold, or too few attempts, leave it closed', () => {
    // 3 of 3 is too few attempts; 3 of 7 under the share
    const few = times(emptyWindow(), 3, (x) => recordEnd(x, transientFirst, 1000, LIMITS));
    expect(few.circuit).toBe('closed');
    const under = times(
      times(emptyWindow(), 4, (x) => recordEnd(x, ok, 1000, LIMITS)),
      3,
      (x) => recordEnd(x, transientFirst, 1000, LIMITS),
    );
    expect(under.circuit).toBe('closed');
  });

  it('says why it refused', () => {
    const counts = { firsts: 10, retries: 4 };
    expect(refusalReason('budget', 'docker:docker.io', counts, LIMITS, 0)).toBe(
      "the fleet's retry budget for docker:docker.io is spent (4 of 4 retries allowed for 10 first attempts in 1m)",
    );
    expect(refusalReason('circuit', 'bazel:repo', counts, LIMITS, 2500)).toBe(
      "the fleet's circuit for bazel:repo is open (too many transient failures; a probe may retry in 3s)",
    );
  });
});

describe('the flaky report', () => {
  const loose = { ...LIMITS, tripMin: 1000 };
  it('counts a success after a retry as a flaky run, never a first-attempt success nor a failure', () => {
    let w = recordEnd(emptyWindow(), ok, 1000, loose);
    w = recordEnd(w, { first: false, transient: false, success: true }, 1000, loose);
    w = recordEnd(w, transientRetry, 1000, loose);
    expect(windowCounts(w, 1000, LIMITS.windowMs)).toMatchObject({ firsts: 1, flaky: 1, ended: 3 });
  });

  it('counts each time the circuit opens, the first trip and a failed probe alike', () => {
    const open = times(emptyWindow(), 4, (x) => recordEnd(x, transientFirst, 1000, LIMITS));
    expect(open.current.trips).toBe(1);
    const probing = decideFleetRetry(open, 11_000, LIMITS).window;
    expect(recordEnd(probing, transientRetry, 11_500, LIMITS).current.trips).toBe(2);
  });

  it('counts the retries asked by category, granted or refused, and weighs the previous bucket as the counts', () => {
    let w = times(emptyWindow(), 10, (x) =>
      recordEnd(x, { first: true, transient: false, success: false }, 1000, loose),
    );
    for (const cause of ['connect', 'connect', 'network', 'connect', 'connect', 'connect'])
      w = decideFleetRetry(w, 2000, LIMITS, cause).window;
    // 4 granted, 2 refused (the budget): all 6 asked counted
    expect(windowCounts(w, 2000, LIMITS.windowMs)).toMatchObject({ retries: 4, refused: 2 });
    expect(windowCauses(w, 2000, LIMITS.windowMs)).toEqual({ connect: 5, network: 1 });
    // 15 s into the next bucket: 45/60 of the previous one; a category of a bucket gone is forgotten
    const next = roll(w, 75_000, LIMITS.windowMs);
    expect(windowCauses(next, 75_000, LIMITS.windowMs)).toEqual({ connect: 3.75, network: 0.75 });
    expect(windowCauses(roll(next, 130_000, LIMITS.windowMs), 130_000, LIMITS.windowMs)).toEqual({});
    expect(decideFleetRetry(w, 2000, LIMITS).window.currentCauses).toEqual(w.currentCauses);
  });
});
