import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DirFacts, dirFacts, dirProblem } from '../../../src/process/private-dir.js';
import { tempDir } from '../../helpers/xrun.js';

describe('dirProblem: closed to writers (the wait queue)', () => {
  const dir = (over: Partial<DirFacts> = {}): DirFacts => ({
    isDirectory: true,
    isSymbolicLink: false,
    uid: 1000,
    mode: 0o40700,
    ...over,
  });
  it.each([
    [dir(), 1000, undefined],
    [dir({ mode: 0o40755 }), 1000, undefined],
    [dir({ mode: 0o41700 }), 1000, undefined],
    [dir({ mode: 0o40750 }), 1000, undefined],
    [dir({ mode: 0o40720 }), 1000, '/q is writable by group (mode 0720)'],
    [dir({ mode: 0o40770 }), 1000, '/q is writable by group (mode 0770)'],
    [dir({ mode: 0o40702 }), 1000, '/q is writable by others (mode 0702)'],
    [dir({ mode: 0o41777 }), 1000, '/q is writable by group and others (mode 1777)'],
    [dir({ uid: 0 }), 1000, '/q is owned by uid 0, not 1000'],
    [dir({ isDirectory: false, mode: 0o100600 }), 1000, '/q is not a directory'],
    [dir({ isDirectory: false, isSymbolicLink: true }), 1000, '/q is a symbolic link'],
    [dir({ uid: 0, mode: 0o40777 }), undefined, undefined],
  ] as const)('%j for uid %s: %s', (facts, uid, problem) => {
    expect(dirProblem('/q', facts, uid)).toBe(problem);
  });
});

describe('dirProblem: closed to everyone (the FIFO directory)', () => {
  const dir = (mode: number, over: Partial<DirFacts> = {}): DirFacts => ({
    isDirectory: true,
    isSymbolicLink: false,
    uid: 1000,
    mode,
    ...over,
  });
  it.each([
    [dir(0o40700), 1000, undefined],
    [dir(0o41700), 1000, undefined],
    [dir(0o40750), 1000, '/f is open to group (mode 0750)'],
    [dir(0o40710), 1000, '/f is open to group (mode 0710)'],
    [dir(0o40701), 1000, '/f is open to others (mode 0701)'],
    [dir(0o40704), 1000, '/f is open to others (mode 0704)'],
    [dir(0o40755), 1000, '/f is open to group and others (mode 0755)'],
    [dir(0o40700, { uid: 0 }), 1000, '/f is owned by uid 0, not 1000'],
    [dir(0o40700, { isSymbolicLink: true, isDirectory: false }), 1000, '/f is a symbolic link'],
    [dir(0o100600, { isDirectory: false }), 1000, '/f is not a directory'],
  ] as const)('%j for uid %s: %s', (facts, uid, problem) => {
    expect(dirProblem('/f', facts, uid, 'everyone')).toBe(problem);
  });
});

describe('dirFacts', () => {
  it('reads a directory, and a link to one as a link', () => {
    const tmp = tempDir();
    const real = join(tmp, 'real');
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, join(tmp, 'link'));
    expect(dirFacts(real)).toEqual({
      isDirectory: true,
      isSymbolicLink: false,
      uid: process.getuid!(),
      mode: expect.any(Number),
    });
    expect(dirFacts(real).mode & 0o7777).toBe(0o700 & ~process.umask());
    expect(dirFacts(join(tmp, 'link'))).toMatchObject({ isDirectory: false, isSymbolicLink: true });
  });

  it('throws as lstat does for a missing path', () => {
    expect(() => dirFacts(join(tempDir(), 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
