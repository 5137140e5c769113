import { describe, expect, it } from 'vitest';
import { parseStat, processes, treeOf } from '../../src/process-tree.js';

describe('the process tree (/proc)', () => {
  it('parses pid, parent and group from /proc/PID/stat, whatever the command name holds', () => {
    expect(parseStat('4242 (sh) S 4200 4242 4242 34816 4242 4194304 ...')).toEqual({ pid: 4242, ppid: 4200, pgid: 4242 });
    expect(parseStat('77 (a) b (c)) R 1 77 77 0 -1 ...')).toEqual({ pid: 77, ppid: 1, pgid: 77 });
    expect(parseStat('garbage')).toBeUndefined();
  });

  it("finds the descendants in the root's own group, parents first, and leaves out those that left it", () => {
    const entries = [
      { pid: 10, ppid: 1, pgid: 10 },
      { pid: 11, ppid: 10, pgid: 10 },
      { pid: 12, ppid: 11, pgid: 10 },
      { pid: 13, ppid: 10, pgid: 13 }, // a job with a group of its own
      { pid: 14, ppid: 13, pgid: 13 },
      { pid: 20, ppid: 1, pgid: 10 }, // same group, not below the root
    ];
    expect(treeOf(10, entries)).toEqual([11, 12]);
    expect(treeOf(11, entries)).toEqual([12]);
    expect(treeOf(99, entries)).toEqual([]);
  });

  it('sees this very process and its parent in /proc', () => {
    const me = processes().find((e) => e.pid === process.pid);
    expect(me).toEqual({ pid: process.pid, ppid: process.ppid, pgid: expect.any(Number) });
  });
});
