import { describe, expect, it } from 'vitest';
import type { ProcessEntry } from '../../../src/process/process-tree.js';
import { noProcessListOnce, stragglers } from '../../../src/process/stop-target.js';

const entry = (pid: number, pgid: number, state = 'S'): ProcessEntry => ({ pid, ppid: 1, pgid, state });

describe("the command tree's stragglers", () => {
  const seen = new Set([11, 12, 13]);
  it.each([
    ['seen and running in the group', [entry(11, 10), entry(12, 10, 'R')], [11, 12]],
    ['a zombie has ended', [entry(11, 10, 'Z'), entry(12, 10)], [12]],
    ['only zombies: none left', [entry(11, 10, 'Z'), entry(12, 10, 'X')], []],
    ['a pid used again in another group', [entry(13, 99)], []],
    ['a process never seen below the command', [entry(50, 10)], []],
  ])('%s', (_, entries, expected) => expect(stragglers(seen, 10, entries)).toEqual(expected));

  it('none when the group was never known', () => expect(stragglers(seen, undefined, [entry(11, 10)])).toEqual([]));
});

describe('no process list', () => {
  it('is said in one line, the first time only', () => {
    const lines: string[] = [];
    const say = noProcessListOnce((line) => lines.push(line));
    say('signals reach the command but not the processes it started');
    say("a zombie left in the command's process group counts as running until --kill-after");
    expect(lines).toEqual([
      'xrun: cannot list processes here (no /proc, and ps failed), so signals reach the command but not the processes it started',
    ]);
  });
});
