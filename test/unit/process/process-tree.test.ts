import { describe, expect, it } from 'vitest';
import {
  exists,
  groupEnded,
  hasEnded,
  type ProcessEntry,
  parsePs,
  parseStat,
  processes,
  treeOf,
} from '../../../src/process/process-tree.js';

const entry = (pid: number, ppid: number, pgid: number, state = 'S'): ProcessEntry => ({ pid, ppid, pgid, state });

describe('the process list', () => {
  it.each([
    ['4242 (sh) S 4200 4242 4242 34816 4242 4194304 ...', entry(4242, 4200, 4242, 'S')],
    ['77 (a) b (c)) R 1 77 77 0 -1 ...', entry(77, 1, 77, 'R')],
    ['901 (sleep) Z 1 900 900 0 -1 4227148 ...', entry(901, 1, 900, 'Z')],
    ['12 (kworker/0:1-events) I 2 0 0 0 -1 ...', entry(12, 2, 0, 'I')],
    ['garbage', undefined],
    ['5 (x)', undefined],
  ])('/proc/PID/stat %j -> %j', (text, expected) => expect(parseStat(text)).toEqual(expected));

  it('parses `ps -A -o pid=,ppid=,pgid=,stat=` (BSD, macOS and procps layouts), skipping what is no process line', () => {
    const out = [
      '    1     0     1 Ss',
      '  901     1   900 Z',
      '  902   901   900 S+',
      ' 4242  4200  4242 R+s',
      '',
      'PID PPID PGID STAT',
      '  7 1 7',
      ' 8 1 8 Z extra',
    ].join('\n');
    expect(parsePs(out)).toEqual([
      entry(1, 0, 1, 'S'),
      entry(901, 1, 900, 'Z'),
      entry(902, 901, 900, 'S'),
      entry(4242, 4200, 4242, 'R'),
    ]);
    expect(parsePs('')).toEqual([]);
  });

  it.each([
    ['R', false],
    ['S', false],
    ['D', false],
    ['T', false],
    ['I', false],
    ['Z', true],
    ['X', true],
  ])('a process in state %s has ended: %s', (state, ended) => expect(hasEnded(entry(5, 1, 5, state))).toBe(ended));

  it.each([
    ['only zombies left', [entry(11, 1, 10, 'Z'), entry(12, 1, 10, 'Z'), entry(20, 1, 20)], true],
    ['one member still running', [entry(11, 1, 10, 'Z'), entry(12, 1, 10, 'S')], false],
    ['no member shown (hidden, or the list raced)', [entry(20, 1, 20)], false],
    ['a stopped member', [entry(11, 1, 10, 'T')], false],
  ])("group 10's end, %s: %s", (_, entries, ended) => expect(groupEnded(10, entries)).toBe(ended));

  it("finds the descendants in the root's own group, parents first, and leaves out those that left it", () => {
    const entries = [
      entry(10, 1, 10),
      entry(11, 10, 10),
      entry(12, 11, 10),
      entry(13, 10, 13), // a job with a group of its own
      entry(14, 13, 13),
      entry(20, 1, 10), // same group, not below the root
    ];
    expect(treeOf(10, entries)).toEqual([11, 12]);
    expect(treeOf(11, entries)).toEqual([12]);
    expect(treeOf(99, entries)).toEqual([]);
  });

  it('sees this very process and its parent (from /proc, else from ps)', () => {
    const me = processes()?.find((e) => e.pid === process.pid);
    expect(me).toEqual({
      pid: process.pid,
      ppid: process.ppid,
      pgid: expect.any(Number),
      state: expect.stringMatching(/^[RS]$/),
    });
  });

  it('a running process exists; a gone one does not', () => {
    expect(exists(process.pid)).toBe(true);
    expect(exists(2 ** 22 + 1)).toBe(false);
  });
});
