import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/duration.js';

describe('durations', () => {
  it.each([
    ['250ms', 250], ['2s', 2000], ['1m', 60_000], ['1.5s', 1500], ['3', 3000], ['1h', 3_600_000], ['0', 0],
  ])('parses %s as %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', 'abc', '2x', '-1s', '1.s', 's', '1 s'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
  it.each([
    [420, '420ms'], [1300, '1.3s'], [1000, '1s'], [30_000, '30s'], [60_000, '1m'], [125_000, '2m5s'],
  ])('formats %i ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
