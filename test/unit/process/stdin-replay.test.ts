import { describe, expect, it } from 'vitest';
import { offsetIn, replayMethod, type StdinKind } from '../../../src/process/stdin-replay.js';

describe('stdin across retries', () => {
  it.each<[StdinKind, boolean, string]>([
    ['file', true, 'reopen'],
    ['file', false, 'read-through'], // no /proc (macOS, the BSDs): like a pipe
    ['pipe', true, 'read-through'],
    ['pipe', false, 'read-through'],
    ['inherit', true, 'inherit'],
    ['inherit', false, 'inherit'],
  ])('stdin %s, its file reopenable %s: %s', (kind, reopenable, method) =>
    expect(replayMethod(kind, reopenable)).toBe(method),
  );

  it.each([
    ['pos:\t0\nflags:\t0100000\nmnt_id:\t25\nino:\t1234\n', 0],
    ['pos:\t4096\nflags:\t0100002\n', 4096],
    ['flags:\t0100000\n', 0],
  ])('the offset in fdinfo %j is %i', (fdinfo, offset) => expect(offsetIn(fdinfo)).toBe(offset));
});
