import { describe, expect, it } from 'vitest';
import { spawnErrorLine } from '../../../src/cli/spawn-error-line.js';
import type { Outcome } from '../../../src/model/outcome.js';

const spawnError = (errno: string): Outcome => ({ kind: 'spawn-error', errno, message: `spawn ${errno}` });

describe('spawnErrorLine', () => {
  it.each<[string, Outcome, string | undefined]>([
    ['buck2', { kind: 'exited', code: 127 }, undefined],
    ['buck2', { kind: 'signaled', signal: 'SIGKILL' }, undefined],
    ['buck2', spawnError('ENOENT'), 'xrun: buck2: command not found'],
    ['./build.sh', spawnError('EACCES'), 'xrun: ./build.sh: cannot execute (EACCES)'],
    ['/tmp/dir', spawnError('EISDIR'), 'xrun: /tmp/dir: Is a directory'],
  ])('%s, %o: %s', (name, outcome, expected) => {
    expect(spawnErrorLine(name, outcome)).toBe(expected);
  });
});
