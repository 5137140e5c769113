import { execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fromMake,
  type Identity,
  jobserverFds,
  jobserverPassthrough,
  onePipe,
} from '../../../src/process/jobserver.js';
import { tempDir } from '../../helpers/xrun.js';

describe('jobserverFds', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    [' -j4 --jobserver-auth=3,4', [3, 4]],
    ['-j --jobserver-fds=5,6', [5, 6]],
    ['-j4 --jobserver-auth=3,4 --jobserver-auth=7,8', [7, 8]],
    ['-j4 --jobserver-auth=fifo:/tmp/GMfifo123', undefined],
    ['k -- VAR=--jobserver-auth', undefined],
  ])('%j -> %j', (makeflags, fds) => expect(jobserverFds(makeflags)).toEqual(fds));

  it("warns when the named descriptors are not make's and the command is a make", () => {
    expect(jobserverPassthrough('-j4 --jobserver-auth=900,901', '/usr/bin/make')).toEqual({
      fds: [],
      warning:
        "MAKEFLAGS names jobserver descriptors 900,901 but they are not open (mark the recipe with '+' to share make's jobserver); the command runs without them",
    });
    expect(jobserverPassthrough('-j4 --jobserver-auth=fifo:/tmp/x', 'make')).toEqual({ fds: [] });
  });

  it.each([
    ['make', true],
    ['gmake', true],
    ['/usr/local/bin/gnumake', true],
    ['true', false],
    ['buck2', false],
    ['cmake', false],
    ['makefile-lint', false],
    [undefined, false],
  ])('%j is a make that would use the jobserver: %j', (command, warns) => {
    expect(jobserverPassthrough('-j4 --jobserver-auth=900,901', command).warning !== undefined).toBe(warns);
  });
});

describe("telling make's jobserver from Node's own descriptors", () => {
  const pipe = (ino: number, dev = 14): Identity => ({ fifo: true, dev, ino });
  it.each<[string, (Identity | undefined)[], boolean]>([
    ['both ends of one pipe (Linux: one inode)', [pipe(9001), pipe(9001)], true],
    ['both ends of one pipe (BSD, macOS: an inode each)', [pipe(9001), pipe(9002)], true],
    ["Linux's epoll at the read end's number (no FIFO)", [{ fifo: false, dev: 15, ino: 12 }, pipe(9001)], false],
    ["a kqueue at the read end's number (a FIFO with inode 0)", [{ fifo: true, dev: 0, ino: 0 }, pipe(9001)], false],
    ['a regular file and a pipe', [{ fifo: false, dev: 2049, ino: 77 }, pipe(9001)], false],
    ['a named FIFO and a pipe (two devices)', [pipe(500, 2049), pipe(9001)], false],
    ['one end closed', [pipe(9001), undefined], false],
  ])('%s: %s', (_, ends, made) => expect(onePipe(ends)).toBe(made));

  it('compares with the parent where /proc shows it, else goes by fstat', () => {
    const fifo = join(tempDir(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, 'r+');
    const file = openSync(__filename, 'r');
    try {
      expect(fromMake([fd, fd], process.pid)).toBe(true); // the same in "the parent"
      expect(fromMake([fd, fd], 2 ** 22 + 1)).toBe(true); // no parent to compare with: fstat decides
      expect(fromMake([file, fd])).toBe(false);
      expect(fromMake([900, 901])).toBe(false);
    } finally {
      closeSync(fd);
      closeSync(file);
    }
  });
});
