import { describe, expect, it } from 'vitest';
import { pipeAbandoned } from '../../../src/process/stderr-relay.js';

describe('pipeAbandoned', () => {
  it.each([
    // [last byte handed on at, now, waiting for a slow reader, abandoned]
    [1000, 1000, false, false],
    [1000, 1199, false, false],
    [1000, 1200, false, true],
    [1000, 60_000, false, true],
    // a reader that has not caught up is no silence of the pipe's, however long
    [1000, 1200, true, false],
    [1000, 60_000, true, false],
  ])('last forwarded at %s, now %s, waiting for the reader %s: %s', (lastForwardedAt, now, waiting, expected) => {
    expect(pipeAbandoned(lastForwardedAt, now, waiting)).toBe(expected);
  });
});
