import { describe, expect, it } from 'vitest';
import type { ProcessEntry } from '../../../../src/process/process-tree.js';
import { descendantsOf } from '../../../../src/process/tools/bazel-server.js';

const p = (pid: number, ppid: number, pgid = pid): ProcessEntry => ({ pid, ppid, pgid, state: 'S' });

describe('descendantsOf', () => {
  it.each<[string, ProcessEntry[], number[]]>([
    ['none', [p(10, 1), p(11, 1)], []],
    [
      "the server's actions in groups of their own, to any depth",
      [p(10, 1), p(20, 10), p(21, 20, 20), p(22, 21, 20), p(30, 1)],
      [20, 21, 22],
    ],
    ['siblings, parents first', [p(10, 1), p(20, 10), p(21, 10), p(31, 20)], [20, 21, 31]],
  ])('%s', (_name, entries, expected) => {
    expect(descendantsOf(10, entries)).toEqual(expected);
  });
});
