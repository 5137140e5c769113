import { formatDuration } from './duration.js';
// The fleet's retry budget and circuit breaker for one service, as pure functions over the window's
// counts. process/fleet/script.ts runs the same steps in Redis (one Lua script, atomic for every
// client); test/e2e/fleet-script.test.ts keeps the two answering alike.
//
// The window slides over two fixed buckets: a count is the current bucket's plus the previous one's
// weighted by the share of it still inside the window.

export interface FleetLimits {
  // retries allowed while retries <= ratio x first attempts + floor, in the window
  ratio: number;
  floor: number;
  windowMs: number;
  // how long an open circuit refuses every retry before one probe may go
  cooldownMs: number;
  // the circuit opens when this share of the window's ended attempts failed transiently...
  tripShare: number;
  // ...and at least this many ended in it
  tripMin: number;
}

// How many failures open the circuit, and how many attempts must have ended first.
export const TRIP_SHARE = 0.5;
export const TRIP_MIN = 20;

export type CircuitState = 'closed' | 'open' | 'half-open';

// One bucket's counts: first attempts (the runs), retries granted, retries refused, attempts ended,
// transient failures, runs that succeeded on a retry (flaky), and the times the circuit opened.
export interface Counts {
  firsts: number;
  retries: number;
  refused: number;
  ended: number;
  transient: number;
  flaky: number;
  trips: number;
}

// The retries asked (granted or refused) by the category of the failure that wanted them.
export type Causes = Record<string, number>;

export interface FleetWindow {
  bucket: number;
  current: Counts;
  previous: Counts;
  currentCauses: Causes;
  previousCauses: Causes;
  circuit: CircuitState;
  // while open: when the cool-down ends; while half-open: until when the probe granted holds the circuit
  until: number;
}

const ZERO: Counts = { firsts: 0, retries: 0, refused: 0, ended: 0, transient: 0, flaky: 0, trips: 0 };

export function emptyWindow(): FleetWindow {
  return {
    bucket: -1,
    current: { ...ZERO },
    previous: { ...ZERO },
    currentCauses: {},
    previousCauses: {},
    circuit: 'closed',
    until: 0,
  };
}

// The window moved on to `now`'s bucket: the current bucket becomes the previous one (or both empty).
export function roll(w: FleetWindow, now: number, windowMs: number): FleetWindow {
  const bucket = Math.floor(now / windowMs);
  if (bucket === w.bucket) return w;
  const next = bucket === w.bucket + 1;
  return {
    ...w,
    bucket,
    current: { ...ZERO },
    previous: next ? w.current : { ...ZERO },
    currentCauses: {},
    previousCauses: next ? w.currentCauses : {},
  };
}

// The window's estimate of each count at `now` (w already rolled to it).
export function windowCounts(w: FleetWindow, now: number, windowMs: number): Counts {
  const weight = previousWeight(w, now, windowMs);
  const counts = { ...ZERO };
  for (const k of Object.keys(ZERO) as (keyof Counts)[]) counts[k] = w.current[k] + w.previous[k] * weight;
  return counts;
}

// The window's estimate of the retries asked per category, as windowCounts weighs the counts.
export function windowCauses(w: FleetWindow, now: number, windowMs: number): Causes {
  const weight = previousWeight(w, now, windowMs);
  const causes: Causes = {};
  for (const [category, n] of Object.entries(w.previousCauses)) causes[category] = n * weight;
  for (const [category, n] of Object.entries(w.currentCauses)) causes[category] = (causes[category] ?? 0) + n;
  return causes;
}

// The share of the previous bucket still inside the window at `now`.
function previousWeight(w: FleetWindow, now: number, windowMs: number): number {
  return 1 - (now - w.bucket * windowMs) / windowMs;
}

// How many retries the window allows in all.
export function retryAllowance(counts: Pick<Counts, 'firsts'>, limits: Pick<FleetLimits, 'ratio' | 'floor'>): number {
  return limits.ratio * counts.firsts + limits.floor;
}

// An open circuit whose cool-down is over lets a probe through: it reads as half-open.
export function circuitAt(w: FleetWindow, now: number): CircuitState {
  return w.circuit === 'open' && now >= w.until ? 'half-open' : w.circuit;
}

export interface AttemptEnd {
  first: boolean;
  // it failed with a transient category (connect, network, rate-limit, infra, daemon-died)
  transient: boolean;
  success: boolean;
}

// Counts an ended attempt; the circuit opens when the window's failures cross the threshold, and a
// half-open circuit closes on a success (its failures forgotten) or opens again on a failure.
// A success after a retry is a flaky run.
export function recordEnd(w0: FleetWindow, end: AttemptEnd, now: number, limits: FleetLimits): FleetWindow {
  const flaky = end.success && !end.first ? 1 : 0;
  const w = bump(roll(w0, now, limits.windowMs), {
    firsts: end.first ? 1 : 0,
    ended: 1,
    transient: end.transient ? 1 : 0,
    flaky,
  });
  const circuit = circuitAt(w, now);
  if (circuit === 'half-open' && end.success) return forgetFailures({ ...w, circuit: 'closed', until: 0 });
  if (circuit === 'half-open' && end.transient && w.circuit === 'half-open') return open(w, now, limits);
  if (circuit !== 'closed') return w;
  const counts = windowCounts(w, now, limits.windowMs);
  return counts.ended >= limits.tripMin && counts.transient >= limits.tripShare * counts.ended
    ? open(w, now, limits)
    : w;
}

export type FleetVerdict = 'granted' | 'probe' | 'budget' | 'circuit';

// Whether a retry may go now: never while the circuit is open; one probe per cool-down once it is
// half-open; otherwise while the budget has room. A granted retry is counted, a refused one too, and
// either under the category of the failure that asked (`cause`, when given).
export function decideFleetRetry(
  w0: FleetWindow,
  now: number,
  limits: FleetLimits,
  cause?: string,
): { window: FleetWindow; verdict: FleetVerdict } {
  const w = withCause(roll(w0, now, limits.windowMs), cause);
  const circuit = circuitAt(w, now);
  const probeOut = w.circuit === 'half-open' && now < w.until;
  if (circuit === 'open' || probeOut) return { window: bump(w, { refused: 1 }), verdict: 'circuit' };
  if (circuit === 'half-open')
    return {
      window: bump({ ...w, circuit: 'half-open', until: now + limits.cooldownMs }, { retries: 1 }),
      verdict: 'probe',
    };
  const counts = windowCounts(w, now, limits.windowMs);
  if (counts.retries + 1 > retryAllowance(counts, limits))
    return { window: bump(w, { refused: 1 }), verdict: 'budget' };
  return { window: bump(w, { retries: 1 }), verdict: 'granted' };
}

// The circuit opens (again): a trip.
function open(w: FleetWindow, now: number, limits: FleetLimits): FleetWindow {
  return bump({ ...w, circuit: 'open', until: now + limits.cooldownMs }, { trips: 1 });
}

function withCause(w: FleetWindow, cause: string | undefined): FleetWindow {
  if (cause === undefined || cause === '') return w;
  return { ...w, currentCauses: { ...w.currentCauses, [cause]: (w.currentCauses[cause] ?? 0) + 1 } };
}

function forgetFailures(w: FleetWindow): FleetWindow {
  return {
    ...w,
    current: { ...w.current, ended: 0, transient: 0 },
    previous: { ...w.previous, ended: 0, transient: 0 },
  };
}

function bump(w: FleetWindow, add: Partial<Counts>): FleetWindow {
  const current = { ...w.current };
  for (const [k, n] of Object.entries(add) as [keyof Counts, number][]) current[k] += n;
  return { ...w, current };
}

// The failures the circuit counts: the service itself is down or refusing, not the work.
export const TRANSIENT_CATEGORIES: ReadonlySet<string> = new Set([
  'connect',
  'network',
  'rate-limit',
  'infra',
  'daemon-died',
]);

// Why the fleet refused a retry, for the run's one line and its report.
export function refusalReason(
  verdict: 'budget' | 'circuit',
  service: string,
  counts: Pick<Counts, 'firsts' | 'retries'>,
  limits: Pick<FleetLimits, 'ratio' | 'floor' | 'windowMs'>,
  reopensInMs: number,
): string {
  if (verdict === 'circuit')
    return `the fleet's circuit for ${service} is open (too many transient failures; a probe may retry in ${Math.max(0, Math.ceil(reopensInMs / 1000))}s)`;
  const allowed = Math.floor(retryAllowance(counts, limits));
  return `the fleet's retry budget for ${service} is spent (${Math.round(counts.retries)} of ${allowed} retries allowed for ${Math.round(counts.firsts)} first attempts in ${formatDuration(limits.windowMs)})`;
}
