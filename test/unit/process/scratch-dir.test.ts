import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeScratchDir, scratchBases, scratchLine, scratchSpace } from '../../../src/process/scratch-dir.js';

const made: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'xrun-scratch-test-'));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('scratchBases', () => {
  it('$TMPDIR, then $XDG_RUNTIME_DIR, then the cache directory as the launcher finds it', () => {
    const bases = scratchBases({ XDG_RUNTIME_DIR: '/run/user/7', HOME: '/home/u' });
    expect(bases).toEqual([
      { path: tmpdir(), create: false },
      { path: '/run/user/7', create: false },
      { path: '/home/u/.cache/xrun', create: true },
    ]);
    expect(scratchBases({ XDG_CACHE_HOME: '/c', HOME: '/home/u' }).at(-1)).toEqual({ path: '/c/xrun', create: true });
    expect(scratchBases({ XRUN_CACHE_DIR: '/x', XDG_CACHE_HOME: '/c' }).at(-1)).toEqual({ path: '/x', create: true });
  });

  it('leaves out a relative runtime or cache directory, and the same place twice', () => {
    expect(scratchBases({ XDG_RUNTIME_DIR: 'run', XRUN_CACHE_DIR: 'cache' })).toEqual([
      { path: tmpdir(), create: false },
    ]);
    expect(scratchBases({ XDG_RUNTIME_DIR: tmpdir(), XRUN_CACHE_DIR: tmpdir() })).toEqual([
      { path: tmpdir(), create: false },
    ]);
  });
});

describe('makeScratchDir', () => {
  it('makes a private directory in the first place that can hold a file, and leaves no probe in it', () => {
    const base = fresh();
    const result = makeScratchDir('xrun-t-', [{ path: base, create: false }]);
    expect(result).toMatchObject({ base, passed: [] });
    const dir = (result as { dir: string }).dir;
    expect(dir.startsWith(join(base, 'xrun-t-'))).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('passes over a missing place, a file and one it may not create, saying why; makes the cache directory', () => {
    const root = fresh();
    const file = join(root, 'file');
    writeFileSync(file, '');
    const cache = join(root, 'cache', 'xrun');
    const result = makeScratchDir('xrun-t-', [
      { path: join(root, 'none'), create: false },
      { path: file, create: false },
      { path: join(file, 'sub'), create: true },
      { path: cache, create: true },
    ]);
    expect(result).toMatchObject({
      base: cache,
      passed: [
        { base: join(root, 'none'), code: 'ENOENT' },
        { base: file, code: 'ENOTDIR' },
        { base: join(file, 'sub'), code: 'ENOTDIR' },
      ],
    });
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    // nothing left behind where it failed
    expect(readdirSync(root).sort()).toEqual(['cache', 'file']);
  });

  it('none: only the refusals', () => {
    expect(makeScratchDir('xrun-t-', [{ path: '/nonexistent/xrun-none', create: false }])).toEqual({
      passed: [{ base: '/nonexistent/xrun-none', code: 'ENOENT' }],
    });
  });
});

describe('scratchLine', () => {
  const without = 'the attempt runs without it';
  it.each([
    [{ dir: '/t/x', base: '/t', passed: [] }, undefined],
    [
      { dir: '/c/x', base: '/c', passed: [{ base: '/nonexistent', code: 'ENOENT' }] },
      'cannot make temporary files in "/nonexistent" (ENOENT); using "/c"',
    ],
    [
      {
        passed: [
          { base: '/a\nb', code: 'EROFS' },
          { base: '/c', code: 'ENOSPC' },
        ],
      },
      'cannot make temporary files in "/a\\nb" (EROFS), "/c" (ENOSPC); the attempt runs without it',
    ],
  ])('%j: %s', (result, line) => {
    expect(scratchLine(result, without)).toBe(line);
  });
});

describe('scratchSpace', () => {
  it('says one line for the run: info for another place, and nothing more after it', () => {
    const good = fresh();
    const info: string[] = [];
    const warn: string[] = [];
    const space = scratchSpace({ info: (l) => info.push(l), warn: (l) => warn.push(l) }, () => [
      { path: '/nonexistent/xrun-none', create: false },
      { path: good, create: false },
    ]);
    for (let i = 0; i < 3; i += 1) expect(space('xrun-t-', 'lost')?.startsWith(good)).toBe(true);
    expect(info).toEqual([
      `xrun: cannot make temporary files in "/nonexistent/xrun-none" (ENOENT); using ${JSON.stringify(good)}`,
    ]);
    expect(warn).toEqual([]);
  });

  it('says a warning when no place serves, once, and gives no directory', () => {
    const warn: string[] = [];
    const space = scratchSpace({ info: () => {}, warn: (l) => warn.push(l) }, () => [
      { path: '/nonexistent/xrun-none', create: false },
    ]);
    expect(space('xrun-t-', 'no cid file')).toBeUndefined();
    expect(space('xrun-t-', 'no cid file')).toBeUndefined();
    expect(warn).toEqual(['xrun: cannot make temporary files in "/nonexistent/xrun-none" (ENOENT); no cid file']);
    expect(existsSync('/nonexistent/xrun-none')).toBe(false);
  });
});
