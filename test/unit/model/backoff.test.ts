import { describe, expect, it } from 'vitest';
import { backoffCeiling, DEFAULT_BACKOFF, nextDelay, RATE_LIMIT_BACKOFF } from '../../../src/model/backoff.js';

describe('backoff', () => {
  const settings = { baseDelayMs: 500, maxDelayMs: 30_000 };
  it('doubles from 500 ms and caps at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((r) => backoffCeiling(r, settings))).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });
  it('--delay 0 waits 0 at every retry, past 2^1024 too (never NaN)', () => {
    expect([1, 1025, 1026, 5000].map((r) => backoffCeiling(r, { baseDelayMs: 0, maxDelayMs: 30_000 }))).toEqual([
      0, 0, 0, 0,
    ]);
    expect(nextDelay(2000, { baseDelayMs: 0, maxDelayMs: 30_000 }, () => 0.5)).toBe(0);
    // a positive delay stays at its cap
    expect(backoffCeiling(5000, settings)).toBe(30_000);
  });
  it('draws uniformly from the ceiling up to twice it (full jitter only adds)', () => {
    expect(nextDelay(3, settings, () => 0)).toBe(2000);
    expect(nextDelay(3, settings, () => 0.5)).toBe(3000);
    expect(nextDelay(3, settings, () => 0.999999)).toBe(3999);
    expect(nextDelay(20, settings, () => 0.5)).toBe(45_000);
  });
});

describe('the schedules (docs/options.md: --delay, --max-delay; docs/behaviour.md: rate limits)', () => {
  it('by default 500 ms first, capped at 30 s; after a rate limit 30 s first, capped at 5 minutes', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseDelayMs: 500, maxDelayMs: 30_000 });
    expect(RATE_LIMIT_BACKOFF).toEqual({ baseDelayMs: 30_000, maxDelayMs: 300_000 });
    expect([1, 2, 3, 4, 5, 6].map((r) => backoffCeiling(r, RATE_LIMIT_BACKOFF))).toEqual([
      30_000, 60_000, 120_000, 240_000, 300_000, 300_000,
    ]);
  });

  it.each<[string, number, { baseDelayMs: number; maxDelayMs: number }, number]>([
    // the first retry's ceiling is the base, also for a retry number below 1
    ['first retry', 1, { baseDelayMs: 250, maxDelayMs: 1000 }, 250],
    ['retry 0', 0, { baseDelayMs: 250, maxDelayMs: 1000 }, 250],
    // --delay 0: retries follow at once
    ['--delay 0', 5, { baseDelayMs: 0, maxDelayMs: 30_000 }, 0],
    // --max-delay below --delay caps it from the first retry
    ['--max-delay below --delay', 1, { baseDelayMs: 2000, maxDelayMs: 100 }, 100],
    // doubling past what a number holds stays at the cap
    ['retry 2000', 2000, { baseDelayMs: 500, maxDelayMs: 30_000 }, 30_000],
  ])('%s (retry %i)', (_, retry, schedule, ceiling) => {
    expect(backoffCeiling(retry, schedule)).toBe(ceiling);
  });

  it('a delay is a whole number of milliseconds, the ceiling up to below twice it', () => {
    const draws = [0, 0.25, 0.5, 0.75, 0.999_999_999].map((r) =>
      nextDelay(1, { baseDelayMs: 1001, maxDelayMs: 30_000 }, () => r),
    );
    expect(draws).toEqual([1001, 1251, 1501, 1751, 2001]);
  });
});
