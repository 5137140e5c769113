import { describe, expect, it } from 'vitest';
import { lostOutput, type OutputError } from '../../../src/model/output-error.js';

const epipe: OutputError = { stream: 'stdout', errno: 'EPIPE', message: 'broken pipe' };
const enospc: OutputError = { stream: 'stderr', errno: 'ENOSPC', message: 'no space left on device' };
const eio: OutputError = { stream: 'held', errno: 'EIO', message: 'i/o error' };

describe('lostOutput', () => {
  it('nothing when there were no errors', () => {
    expect(lostOutput(undefined)).toBeUndefined();
    expect(lostOutput([])).toBeUndefined();
  });

  it('nothing when every error is EPIPE (the reader went away)', () => {
    expect(lostOutput([epipe, { ...epipe, stream: 'merged' }])).toBeUndefined();
  });

  it('the first error that is not EPIPE, the very object given', () => {
    expect(lostOutput([epipe, enospc, eio])).toBe(enospc);
    expect(lostOutput([eio, enospc])).toBe(eio);
  });

  it('an errno is compared exactly: epipe or EPIPE2 is lost output', () => {
    const odd: OutputError = { stream: 'stdout', errno: 'epipe', message: '' };
    const longer: OutputError = { stream: 'merged', errno: 'EPIPE2', message: '' };
    expect(lostOutput([epipe, longer])).toBe(longer);
    expect(lostOutput([epipe, odd])).toBe(odd);
  });
});
