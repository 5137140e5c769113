import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fifoDirectory,
  forgetFifoDirectory,
  heldPath,
  MAX_FREE,
  putBack,
  sortEntries,
  takeFree,
} from '../../../../src/process/relay/fifo-directory.js';
import { runModuleChild } from '../../../helpers/module-child.js';
import { tempDir } from '../../../helpers/xrun.js';

const mkfifo = (...paths: string[]) => execFileSync('mkfifo', paths);
// a pid no process has now: one that has exited and been reaped
const deadPid = () => spawnSync('true').pid!;
const IS_ROOT = process.getuid?.() === 0;

afterEach(forgetFifoDirectory);

describe('sortEntries: what a run does with the entries it finds (pure)', () => {
  it('free ones to try, those beyond the bound to remove, held ones of a run that is gone to remove; others untouched', () => {
    const free = Array.from({ length: MAX_FREE + 2 }, (_, i) => `free-1-${i}-x`);
    const names = [...free, 'held-10-1-a', 'held-20-1-b', 'held-x-1-c', 'other', '.probe'];
    expect(sortEntries(names, (pid) => pid === 10)).toEqual({
      free: free.slice(0, MAX_FREE),
      surplus: free.slice(MAX_FREE),
      orphaned: ['held-20-1-b'],
    });
  });

  it('nothing there: nothing to do', () => {
    expect(sortEntries([], () => true)).toEqual({ free: [], surplus: [], orphaned: [] });
  });
});

describe("the user's FIFO directory (relay/fifo-directory.ts)", () => {
  it('is <cache>/fifos, made 0700 with its parents where missing', () => {
    const cache = join(tempDir('xrun-fifo-dir-'), 'a', 'b');
    expect(fifoDirectory({ XRUN_CACHE_DIR: cache })).toBe(join(cache, 'fifos'));
    expect(lstatSync(join(cache, 'fifos')).mode & 0o777).toBe(0o700);
  });

  it('open to the group or others, a link, or no directory: not used', () => {
    // chmod, not mkdir's mode: the umask would take bits off, and the case would test a private directory
    const directory = (mode: number) => (fifos: string) => {
      mkdirSync(fifos);
      chmodSync(fifos, mode);
    };
    const cases: [string, (fifos: string) => void][] = [
      ['0750', directory(0o750)],
      ['0701', directory(0o701)],
      ['a link to a private directory', (fifos) => symlinkSync(tempDir('xrun-fifo-target-'), fifos)],
      ['a file', (fifos) => writeFileSync(fifos, '')],
    ];
    for (const [name, make] of cases) {
      const cache = tempDir('xrun-fifo-dir-');
      make(join(cache, 'fifos'));
      forgetFifoDirectory();
      expect(fifoDirectory({ XRUN_CACHE_DIR: cache }), name).toBeUndefined();
    }
  });

  it.runIf(IS_ROOT)("another user's directory: not used", () => {
    const cache = tempDir('xrun-fifo-dir-');
    mkdirSync(join(cache, 'fifos'), { mode: 0o700 });
    chownSync(join(cache, 'fifos'), 65534, 65534);
    expect(fifoDirectory({ XRUN_CACHE_DIR: cache })).toBeUndefined();
  });

  it('a cache directory that cannot be made: not used', () => {
    expect(fifoDirectory({ XRUN_CACHE_DIR: '/dev/null/cache' })).toBeUndefined();
  });

  it('found once per process until forgotten', () => {
    const [a, b] = [tempDir('xrun-fifo-dir-'), tempDir('xrun-fifo-dir-')];
    expect(fifoDirectory({ XRUN_CACHE_DIR: a })).toBe(join(a, 'fifos'));
    expect(fifoDirectory({ XRUN_CACHE_DIR: b })).toBe(join(a, 'fifos'));
    forgetFifoDirectory();
    expect(fifoDirectory({ XRUN_CACHE_DIR: b })).toBe(join(b, 'fifos'));
  });
});

describe('takeFree and putBack', () => {
  it('a free FIFO is taken under a held name of this process, once; put back, it is free under a new name', () => {
    const dir = tempDir('xrun-fifos-');
    mkfifo(join(dir, 'free-1-1-a'));
    const inode = lstatSync(join(dir, 'free-1-1-a')).ino;
    const held = takeFree(dir)!;
    expect(held).toMatch(new RegExp(`^${dir}/held-${process.pid}-\\d+-[a-z0-9]+$`));
    expect(lstatSync(held).ino).toBe(inode);
    expect(readdirSync(dir)).toEqual([held.slice(dir.length + 1)]);
    expect(takeFree(dir)).toBeUndefined();
    putBack(held, dir);
    const [free] = readdirSync(dir);
    expect(free).toMatch(new RegExp(`^free-${process.pid}-\\d+-[a-z0-9]+$`));
    expect(free).not.toBe('free-1-1-a');
    expect(lstatSync(join(dir, free!)).ino).toBe(inode);
  });

  it('a free entry that is no FIFO is removed and skipped', () => {
    const dir = tempDir('xrun-fifos-');
    writeFileSync(join(dir, 'free-1-1-file'), 'x');
    mkfifo(join(dir, 'free-1-2-fifo'));
    const held = takeFree(dir)!;
    expect(lstatSync(held).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual([held.slice(dir.length + 1)]);
  });

  it("with none free, the held FIFOs of runs that are gone are removed; a live run's stays", () => {
    const dir = tempDir('xrun-fifos-');
    const [gone, live] = [`held-${deadPid()}-1-a`, `held-${process.pid}-999-b`];
    mkfifo(join(dir, gone), join(dir, live));
    expect(takeFree(dir)).toBeUndefined();
    expect(readdirSync(dir)).toEqual([live]);
  });

  it(`free FIFOs beyond ${MAX_FREE} are removed when a run looks`, () => {
    const dir = tempDir('xrun-fifos-');
    mkfifo(...Array.from({ length: MAX_FREE + 4 }, (_, i) => join(dir, `free-1-${i}-a`)));
    const held = takeFree(dir)!;
    const left = readdirSync(dir);
    expect(left).toHaveLength(MAX_FREE);
    expect(left.filter((name) => name.startsWith('free-'))).toHaveLength(MAX_FREE - 1);
    expect(left).toContain(held.slice(dir.length + 1));
  });

  it('putBack of a FIFO that is gone does nothing', () => {
    const dir = tempDir('xrun-fifos-');
    putBack(heldPath(dir), dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('processes taking at once: each free FIFO goes to one of them, none to two', async () => {
    const dir = tempDir('xrun-fifos-');
    const free = 6;
    mkfifo(...Array.from({ length: free }, (_, i) => join(dir, `free-1-${i}-a`)));
    const taker = `import { takeFree } from './src/process/relay/fifo-directory.js';
      const got = [];
      for (let path = takeFree(${JSON.stringify(dir)}); path !== undefined; path = takeFree(${JSON.stringify(dir)})) got.push(path);
      process.stdout.write(JSON.stringify(got));`;
    const runs = await Promise.all(Array.from({ length: 4 }, () => runModuleChild(taker)));
    const taken = runs.flatMap((run) => JSON.parse(run.stdout.toString()) as string[]);
    expect(taken).toHaveLength(free);
    expect(new Set(taken).size).toBe(free);
    // no free one is left; a held one left is a taker's (those that ended first are swept by the others as gone)
    const names = taken.map((path) => path.slice(dir.length + 1));
    for (const left of readdirSync(dir)) expect(names).toContain(left);
  });
});
