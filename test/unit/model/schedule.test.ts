import { describe, expect, it } from 'vitest';
import { type Schedule, scheduleCeiling, scheduledDelay, staggerDelay } from '../../../src/model/schedule.js';

const retries = [1, 2, 3, 4, 5, 6];
const schedule = (over: Partial<Schedule>): Schedule => ({
  kind: 'exponential',
  baseDelayMs: 1000,
  maxDelayMs: 10_000,
  jitter: 'none',
  ...over,
});
const waits = (s: Schedule, random: () => number = () => 0.5) => retries.map((r) => scheduledDelay(r, s, random));

describe('schedules without jitter', () => {
  it('exponential doubles the base, capped', () => {
    expect(waits(schedule({}))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
  it('linear adds the base per retry, capped', () => {
    expect(waits(schedule({ kind: 'linear', maxDelayMs: 4500 }))).toEqual([1000, 2000, 3000, 4000, 4500, 4500]);
  });
  it('fixed waits the base each time', () => {
    expect(waits(schedule({ kind: 'fixed', baseDelayMs: 300 }))).toEqual([300, 300, 300, 300, 300, 300]);
  });
  it('a list is waited in order, the last repeating, capped; the kind does not apply', () => {
    expect(waits(schedule({ kind: 'linear', list: [1000, 2000, 5000], maxDelayMs: 4000 }))).toEqual([
      1000, 2000, 4000, 4000, 4000, 4000,
    ]);
    expect(waits(schedule({ list: [7000, 3000] }))).toEqual([7000, 3000, 3000, 3000, 3000, 3000]);
  });
  it('a zero base retries at once', () => {
    expect(waits(schedule({ baseDelayMs: 0 }))).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('the ceiling of a retry below 1 is the first', () => {
    expect(scheduleCeiling(0, schedule({}))).toBe(1000);
  });
});

describe('jitter (random injected)', () => {
  const exp = (jitter: Schedule['jitter']) => schedule({ jitter, baseDelayMs: 20_000, maxDelayMs: 60_000 });
  it('full draws in [ceiling, 2 ceiling): jitter only adds to the wait', () => {
    expect(scheduledDelay(1, exp('full'), () => 0)).toBe(20_000);
    expect(scheduledDelay(1, exp('full'), () => 0.5)).toBe(30_000);
    expect(scheduledDelay(2, exp('full'), () => 0.999999)).toBe(79_999);
  });
  it('equal draws in [ceiling, 1.5 ceiling): a 20 s delay never waits less than 20 s', () => {
    expect(scheduledDelay(1, exp('equal'), () => 0)).toBe(20_000);
    expect(scheduledDelay(1, exp('equal'), () => 0.5)).toBe(25_000);
    expect(scheduledDelay(1, exp('equal'), () => 0.999999)).toBe(29_999);
    expect(scheduledDelay(3, exp('equal'), () => 0.25)).toBe(67_500);
  });
  it('decorrelated draws between the base and three times the previous wait, capped', () => {
    const s = exp('decorrelated');
    expect(scheduledDelay(1, s, () => 0)).toBe(20_000);
    // first retry: between the base and 3 * base
    expect(scheduledDelay(1, s, () => 0.5)).toBe(40_000);
    expect(scheduledDelay(2, s, () => 0.25, 30_000)).toBe(37_500);
    expect(scheduledDelay(3, s, () => 0.999, 50_000)).toBe(60_000);
    // a previous wait below the base (cut by a deadline) draws the base
    expect(scheduledDelay(2, s, () => 0.7, 100)).toBe(20_000);
  });
  it('none is the ceiling whatever the random source says', () => {
    expect(scheduledDelay(2, exp('none'), () => 0)).toBe(40_000);
    expect(scheduledDelay(2, exp('none'), () => 0.999)).toBe(40_000);
  });
  it('stays within its bounds for many draws', () => {
    for (let i = 0; i < 200; i += 1) {
      const r = i / 200;
      const full = scheduledDelay(1, exp('full'), () => r);
      const equal = scheduledDelay(1, exp('equal'), () => r);
      expect(full).toBeGreaterThanOrEqual(20_000);
      expect(full).toBeLessThan(40_000);
      expect(equal).toBeGreaterThanOrEqual(20_000);
      expect(equal).toBeLessThan(30_000);
    }
  });
});

describe('stagger', () => {
  it('draws in [0, the stagger]', () => {
    expect(staggerDelay(1000, () => 0)).toBe(0);
    expect(staggerDelay(1000, () => 0.5)).toBe(500);
    expect(staggerDelay(1000, () => 0.999999)).toBe(1000);
  });
});
