import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LONGEST_TIMER_STEP_MS, setLongTimeout, sleep } from '../../../src/process/timer.js';

const YEAR_MS = 365 * 86_400_000;

describe('setLongTimeout (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each([
    ['1 ms', 1, 1],
    ['2^31-1 ms (one step)', LONGEST_TIMER_STEP_MS, LONGEST_TIMER_STEP_MS],
    ['2^31 ms', 2 ** 31, 2 ** 31],
    ['2^32 ms', 2 ** 32, 2 ** 32],
    ['600h', 2_160_000_000, 2_160_000_000],
    ['1 year', YEAR_MS, YEAR_MS],
    ['2^32 s', 2 ** 32 * 1000, 2 ** 32 * 1000],
  ])('%s: fires once, exactly at the due time and not a millisecond before', (_, ms, due) => {
    const fire = vi.fn();
    setLongTimeout(fire, ms);
    vi.advanceTimersByTime(due - 1);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * YEAR_MS);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never schedules a step Node cannot hold', () => {
    const delays: number[] = [];
    const real = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms: number) => {
      delays.push(ms);
      return real(fn, ms);
    }) as typeof setTimeout);
    setLongTimeout(() => {}, YEAR_MS);
    vi.advanceTimersByTime(YEAR_MS);
    spy.mockRestore();
    expect(delays.length).toBe(Math.ceil(YEAR_MS / LONGEST_TIMER_STEP_MS));
    expect(Math.max(...delays)).toBe(LONGEST_TIMER_STEP_MS);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(YEAR_MS);
  });

  it.each([
    ['before the first step ends', 1000],
    ['in the middle of the chain', 2 ** 31 + 5],
    ['in the last step', YEAR_MS - 1],
  ])('clear() %s: the callback never runs and no timer is left', (_, after) => {
    const fire = vi.fn();
    const timer = setLongTimeout(fire, YEAR_MS);
    vi.advanceTimersByTime(after);
    timer.clear();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * YEAR_MS);
    expect(fire).not.toHaveBeenCalled();
  });

  it.each([
    ['Infinity', Infinity],
    ['NaN (as 0)', NaN],
    ['a negative delay (as 0)', -5],
  ])('%s', (name, ms) => {
    const fire = vi.fn();
    const timer = setLongTimeout(fire, ms);
    vi.advanceTimersByTime(100 * YEAR_MS);
    expect(fire).toHaveBeenCalledTimes(name === 'Infinity' ? 0 : 1);
    timer.clear();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('sleep (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves true once the whole sleep has passed, not before', async () => {
    let result: boolean | undefined;
    void sleep(2 ** 32, new AbortController().signal).then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(2 ** 32 - 1);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toBe(true);
  });

  it('resolves false at once on an abort in the middle of the chain, and leaves no timer', async () => {
    const controller = new AbortController();
    let result: boolean | undefined;
    void sleep(YEAR_MS, controller.signal).then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(2 ** 31 + 5);
    controller.abort();
    await Promise.resolve();
    expect(result).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves false without a timer when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await sleep(1000, controller.signal)).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('setLongTimeout (real timers)', () => {
  it('a 2^32 ms timer neither fires nor warns (TimeoutOverflowWarning) at once', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const fire = vi.fn();
    const timer = setLongTimeout(fire, 2 ** 32);
    await new Promise((resolve) => setTimeout(resolve, 100));
    timer.clear();
    process.removeListener('warning', onWarning);
    expect(fire).not.toHaveBeenCalled();
    expect(warnings).toEqual([]);
  });
});
