import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  entryVerdict,
  fnv1a64,
  frontOf,
  PROGRESS_EVERY_MS,
  type Progress,
  type QueueView,
  queueDirectory,
  stallBound,
  stalled,
  track,
  WaitQueue,
} from '../../../../src/process/queue/wait-queue.js';
import { tempDir } from '../../../helpers/xrun.js';

describe('wait queue naming', () => {
  it('FNV-1a 64 matches its published test vectors', () => {
    // from the FNV reference test suite (isthe.com/chongo/tech/comp/fnv)
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('one directory per user, tool, project root and daemon: stable, and apart for any other', () => {
    const dir = queueDirectory('buck2', '/repo', 'v2');
    expect(dir).toBe(join(tmpdir(), `xrun-queue-${process.getuid!()}`, fnv1a64('buck2\0/repo\0v2')));
    expect(queueDirectory('buck2', '/repo', 'v2')).toBe(dir);
    expect(
      new Set([
        dir,
        queueDirectory('bazel', '/repo'),
        queueDirectory('buck2', '/repo2', 'v2'),
        queueDirectory('buck2', '/repo', 'ci'),
      ]).size,
    ).toBe(4);
    expect(basename(dir)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('wait queue entries: trusted only when provably a live xrun', () => {
  it.each([
    ['active-1-4242', '4242 t100\n', 't100', 'trusted'],
    ['wait-00000000000000000042-4242', '4242 t100\n', 't100', 'trusted'],
    ['active-1-4242', '4242 w1000000\n', 'w1001500', 'trusted'],
    // the pid was reused: same pid, another start
    ['active-1-4242', '4242 t100\n', 't555', 'stale'],
    ['active-1-4242', '4242 w1000000\n', 'w1005000', 'stale'],
    ['active-1-4242', '4242 t100\n', 'gone', 'stale'],
    // planted or left by something that is not this xrun: empty, malformed, another pid, vanished
    ['active-1-1', '', 't1', 'stale'],
    ['active-1-4242', 'hello', 't100', 'stale'],
    ['active-1-4242', '4243 t100\n', 't100', 'stale'],
    ['active-1-4242', undefined, 't100', 'stale'],
    ['active-x-4242', '4242 t100\n', 't100', 'stale'],
    ['wait-42-4242', '4242 t100\n', 't100', 'stale'],
    ['active-1-0', '0 t100\n', 't100', 'stale'],
    // alive, but the system would not say when it started: not waited for, not removed
    ['active-1-4242', '4242 t100\n', undefined, 'unknown'],
    // stamps of two kinds never match
    ['active-1-4242', '4242 w100\n', 't100', 'stale'],
  ] as const)('%s holding %j, seen %j: %s', (name, content, observed, verdict) => {
    expect(entryVerdict(name, content, observed)).toBe(verdict);
  });
});

describe('a wait gives up when nothing ahead of it moves for the bound', () => {
  // each step: the entries ahead, seen at a time; the answer: at which step the wait gives up
  it.each([
    [
      'the same holder throughout',
      [
        [['active-1-7'], 0],
        [['active-1-7'], 500],
        [['active-1-7'], 1000],
      ],
      2,
    ],
    [
      'the holder changes: the clock restarts',
      [
        [['active-1-7'], 0],
        [['active-2-8'], 900],
        [['active-2-8'], 1800],
        [['active-2-8'], 1900],
      ],
      3,
    ],
    [
      'a waiter ahead leaves: progress',
      [
        [['active-1-7', 'wait-1-9'], 0],
        [['active-1-7'], 999],
        [['active-1-7'], 1500],
      ],
      undefined,
    ],
    [
      'the same entries in another order are no change',
      [
        [['wait-1-9', 'active-1-7'], 0],
        [['active-1-7', 'wait-1-9'], 1000],
      ],
      1,
    ],
    [
      'just below the bound',
      [
        [['active-1-7'], 0],
        [['active-1-7'], 999],
      ],
      undefined,
    ],
  ] as const)('%s', (_, steps, givesUpAt) => {
    let progress: Progress | undefined;
    let gaveUp: number | undefined;
    steps.forEach(([ahead, now], i) => {
      progress = track(progress, ahead, now);
      if (gaveUp === undefined && stalled(progress, now, 1000)) gaveUp = i;
    });
    expect(gaveUp).toBe(givesUpAt);
  });

  it('the bound is twenty backoff ceilings: 10 minutes with the default 30 s', () => {
    expect(stallBound(30_000)).toBe(600_000);
    expect(stallBound(100)).toBe(2_000);
  });
});

describe('a wait in line says so: when it starts, then at least every 60 s (an injected clock)', () => {
  it('the first line names the holder and how many are ahead; progress lines follow 60 s apart', async () => {
    const dir = join(tempDir('xrun-queue-lines-'), 'queue');
    const holder = new WaitQueue(dir);
    holder.markActive();
    let now = 1_000_000;
    const views: QueueView[] = [];
    const waiter = new WaitQueue(dir, {
      // each look at the clock is a second later: minutes pass in a few hundred real naps
      now: () => (now += 1000),
      lookMs: 5,
      waitingLine: (view) => {
        views.push(view);
        return `line ${views.length}`;
      },
      log: () => {
        if (views.length === 4) holder.clearActive();
      },
    });
    try {
      expect(await waiter.waitForTurn(new AbortController().signal)).toBe('waited');
    } finally {
      waiter.leave();
      holder.leave();
    }
    expect(views).toHaveLength(4);
    expect(views[0]).toEqual({ holders: [process.pid], ahead: 1, waitedMs: 0 });
    for (let i = 1; i < views.length; i++) {
      expect(views[i]!.holders).toEqual([process.pid]);
      const gap = views[i]!.waitedMs - views[i - 1]!.waitedMs;
      expect(gap).toBeGreaterThanOrEqual(PROGRESS_EVERY_MS);
      expect(gap).toBeLessThanOrEqual(PROGRESS_EVERY_MS + 3000);
    }
  });
});

describe('each waiter follows the entry directly in front of it', () => {
  it.each([
    [
      'the newest older ticket, not the running commands',
      ['active-1-7', 'wait-00000000000000000001-8', 'wait-00000000000000000002-9'],
      'wait-00000000000000000002-9',
    ],
    [
      'the same in any order',
      ['wait-00000000000000000002-9', 'active-1-7', 'wait-00000000000000000001-8'],
      'wait-00000000000000000002-9',
    ],
    ['the head of the line: a running command', ['active-2-8', 'active-1-7'], 'active-1-7'],
    ['nothing ahead', [], undefined],
  ])('%s', (_, ahead, front) => {
    expect(frontOf(ahead)).toBe(front);
  });

  it('waiters take turns in the order they joined, each once, and leave no file behind (runs side by side in one process)', async () => {
    const dir = join(tempDir('xrun-queue-turns-'), 'queue');
    const holder = new WaitQueue(dir);
    holder.markActive();
    const waiters = Array.from({ length: 5 }, () => new WaitQueue(dir, { lookMs: 20 }));
    const turns: number[] = [];
    const signal = new AbortController().signal;
    // each waiter, when its turn comes, runs its command (marks it, yields, clears it) and leaves
    const runs = waiters.map(async (waiter, i) => {
      const turn = await waiter.waitForTurn(signal);
      turns.push(i);
      waiter.markActive();
      await new Promise((resolve) => setTimeout(resolve, 5));
      waiter.clearActive();
      waiter.leave();
      return turn;
    });
    // every ticket is taken before the holder leaves
    while (readdirSync(dir).filter((name) => name.startsWith('wait-')).length < waiters.length)
      await new Promise((resolve) => setTimeout(resolve, 5));
    holder.clearActive();
    holder.leave();
    expect(await Promise.all(runs)).toEqual(['waited', 'waited', 'waited', 'waited', 'waited']);
    expect(turns).toEqual([0, 1, 2, 3, 4]);
    expect(readdirSync(dir)).toEqual([]);
  });

  // the attempt was told busy while another xrun's command ran, which has left before the wait: the
  // busy answer was its, so the retry goes at once instead of backing off
  it.each([
    ['already running when the attempt started', ['other.markActive', 'self.markActive']],
    ['started during the attempt, still running at its end', ['self.markActive', 'other.markActive']],
  ])('another xrun whose command ran %s counts as the holder', async (_, order) => {
    const dir = join(tempDir('xrun-queue-beside-'), 'queue');
    const self = new WaitQueue(dir);
    const other = new WaitQueue(dir);
    const queues = { self, other };
    for (const step of order) {
      const [who] = step.split('.') as ['self' | 'other'];
      queues[who].markActive();
    }
    self.clearActive();
    other.clearActive();
    other.leave();
    try {
      expect(await self.waitForTurn(new AbortController().signal)).toBe('waited');
    } finally {
      self.leave();
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with no other xrun beside its command, the wait is free (the retry backs off)', async () => {
    const dir = join(tempDir('xrun-queue-alone-'), 'queue');
    const self = new WaitQueue(dir);
    self.markActive();
    self.clearActive();
    try {
      expect(await self.waitForTurn(new AbortController().signal)).toBe('free');
    } finally {
      self.leave();
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
