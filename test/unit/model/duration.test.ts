import { describe, expect, it } from 'vitest';
import { formatDuration, LONGEST_DURATION_MS, parseDuration } from '../../../src/model/duration.js';
import { buildPlan, parseSignal, type RunSettings } from '../../../src/settings/plan.js';
import { UsageError } from '../../../src/settings/usage-error.js';

const YEAR_MS = 365 * 86_400_000;

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['2s', 2000],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['3', 3000],
    ['0', 0],
    ['0s', 0],
    ['0.0', 0],
    ['0e5', 0],
    [' 2s ', 2000],
    // what GNU timeout users type
    ['.1', 100],
    ['1.5', 1500],
    ['1.5m', 90_000],
    ['1.', 1000],
    ['1.s', 1000],
    ['1e-3', 1],
    ['1E3', 1_000_000],
    ['2.34e+5d', 20_217_600_000_000],
    ['1.1', 1100],
    ['10.34', 10_340],
    ['9.999999999', 10_000],
    // above zero is never 0, however small (GNU: an underflow times out at once)
    ['0.4ms', 1],
    ['1e-5000', 1],
    ['0.0001', 1],
    // the lengths that overflowed Node's timers (2^31 ms and more)
    ['600h', 2_160_000_000],
    ['1000h', 3_600_000_000],
    ['4294967296', 4_294_967_296_000],
    ['2147483648ms', 2 ** 31],
    ['365d', YEAR_MS],
    ['1000000d', 86_400_000_000_000],
    ['104249991d', 104_249_991 * 86_400_000],
    [`${LONGEST_DURATION_MS}ms`, LONGEST_DURATION_MS],
  ])('parses %j as %i ms', (text, ms) => expect(parseDuration(text)).toEqual({ ok: true, ms }));

  it.each([
    ['', "'' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['abc', "'abc' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['2x', "'2x' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['5y', "'5y' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['42D', "'42D' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['1S', "'1S' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['s', "'s' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['.', "'.' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['1 s', "'1 s' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['1e', "'1e' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['+1s', "'+1s' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['0x10', "'0x10' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['NaN', "'NaN' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['nan', "'nan' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['Infinity', "'Infinity' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['inf', "'inf' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['-inf', "'-inf' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['-0', "'-0' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['--1', "'--1' is not a duration (e.g. 250ms, 2s, 1m)"],
    ['-1', "'-1' is negative (a duration is 0 or more)"],
    ['-1s', "'-1s' is negative (a duration is 0 or more)"],
    ['-.5ms', "'-.5ms' is negative (a duration is 0 or more)"],
    ['-1e-5000', "'-1e-5000' is negative (a duration is 0 or more)"],
    ['104249992d', "'104249992d' is too long (at most 104249991d)"],
    ['1e400', "'1e400' is too long (at most 104249991d)"],
    ['9223372036854775808', "'9223372036854775808' is too long (at most 104249991d)"],
    [`${LONGEST_DURATION_MS + 1}ms`, `'${LONGEST_DURATION_MS + 1}ms' is too long (at most 104249991d)`],
  ])('rejects %j: %s', (text, problem) => expect(parseDuration(text)).toEqual({ ok: false, problem }));
});

describe('formatDuration', () => {
  it.each([
    [420, '420ms'],
    [1300, '1.3s'],
    [1000, '1s'],
    [30_000, '30s'],
    [60_000, '1m'],
    [125_000, '2m5s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [2_160_000_000, '25d'],
    [4_294_967_296_000, '49710d6h28m16s'],
  ])('formats %i ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('durations and signals in a plan', () => {
  it('reads 0 as no --timeout and no --deadline (as GNU timeout reads 0)', () => {
    const plan = buildPlan({ timeout: '0', deadline: '0s' }, ['x']);
    expect(plan.timeoutMs).toBeUndefined();
    expect(plan.deadlineMs).toBeUndefined();
  });
  it('reads 0 as no grace for --kill-after and no backoff for --delay', () => {
    const plan = buildPlan({ killAfter: '0', delay: '0', retryOn: '1' }, ['x']);
    expect(plan.killAfterMs).toBe(0);
    expect(plan.policy.backoff).toMatchObject({ baseDelayMs: 0, maxDelayMs: 30_000 });
  });
  it('keeps every long duration exact', () => {
    const plan = buildPlan(
      { timeout: '600h', killAfter: '4294967296', deadline: '365d', delay: '1000h', maxDelay: '1e4h' },
      ['x'],
    );
    expect([plan.timeoutMs, plan.killAfterMs, plan.deadlineMs]).toEqual([2_160_000_000, 4_294_967_296_000, YEAR_MS]);
    expect(plan.policy.backoff).toMatchObject({ baseDelayMs: 3_600_000_000, maxDelayMs: 36_000_000_000 });
  });

  const bad: [RunSettings, string][] = [
    [{ timeout: '-5' }, "--timeout: '-5' is negative (a duration is 0 or more)"],
    [{ timeout: 'NaN' }, "--timeout: 'NaN' is not a duration (e.g. 250ms, 2s, 1m)"],
    [{ killAfter: 'Infinity' }, "--kill-after: 'Infinity' is not a duration (e.g. 250ms, 2s, 1m)"],
    [{ deadline: '1e400' }, "--deadline: '1e400' is too long (at most 104249991d)"],
    [{ delay: '-1ms' }, "--delay: '-1ms' is negative (a duration is 0 or more)"],
    [{ maxDelay: '999999999d' }, "--max-delay: '999999999d' is too long (at most 104249991d)"],
    [{ signal: '0' }, "--signal: unknown signal '0' (e.g. TERM, INT, KILL)"],
    [{ signal: '99' }, "--signal: unknown signal '99' (e.g. TERM, INT, KILL)"],
    [{ signal: '-9' }, "--signal: unknown signal '-9' (e.g. TERM, INT, KILL)"],
    [{ signal: '9x' }, "--signal: unknown signal '9x' (e.g. TERM, INT, KILL)"],
  ];
  it.each(bad)('rejects %j with one line', (settings, message) => {
    expect(() => buildPlan(settings, ['x'])).toThrow(new UsageError(message));
  });

  it.each([
    ['9', 'SIGKILL'],
    ['15', 'SIGTERM'],
    ['2', 'SIGINT'],
    ['1', 'SIGHUP'],
    ['09', 'SIGKILL'],
    ['KILL', 'SIGKILL'],
    ['SIGKILL', 'SIGKILL'],
    ['kill', 'SIGKILL'],
    ['sigterm', 'SIGTERM'],
  ])('reads the signal %j as %s', (text, name) => expect(parseSignal(text)).toBe(name));
});
