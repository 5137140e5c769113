import { describe, expect, it } from 'vitest';
import { spawnErrorLine } from '../../../src/cli/spawn-error-line.js';
import type { Outcome } from '../../../src/model/outcome.js';

const spawnError = (errno: string): Outcome => ({ kind: 'spawn-error', errno, message: `spawn ${errno}` });

describe('spawnErrorLine', () => {
  it.each<[string[], Outcome, string | undefined]>([
    [['buck2', 'build'], { kind: 'exited', code: 127 }, undefined],
    [['buck2'], { kind: 'signaled', signal: 'SIGKILL' }, undefined],
    [['buck2', 'build'], spawnError('ENOENT'), 'xrun: buck2: command not found'],
    [['./build.sh'], spawnError('EACCES'), 'xrun: ./build.sh: cannot execute (EACCES)'],
    [['/tmp/dir'], spawnError('EISDIR'), 'xrun: /tmp/dir: Is a directory'],
    // the first word redacted as a word, in the command's context
    [['API_TOKEN=hunter2', 'x'], spawnError('ENOENT'), 'xrun: API_TOKEN=***: command not found'],
    [['PASSWORD=two words'], spawnError('ENOENT'), 'xrun: PASSWORD=***: command not found'],
  ])('%j, %o: %s', (command, outcome, expected) => {
    expect(spawnErrorLine(command, outcome)).toBe(expected);
  });
});
