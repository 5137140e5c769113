import { describe, expect, it } from 'vitest';
import { jobserverFds, jobserverPassthrough } from '../../src/jobserver.js';
import { parseSize } from '../../src/size.js';

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

  it('warns when the named descriptors are not make\'s', () => {
    expect(jobserverPassthrough('-j4 --jobserver-auth=900,901')).toEqual({
      fds: [],
      warning: "MAKEFLAGS names jobserver descriptors 900,901 but they are not open (mark the recipe with '+' to share make's jobserver); the command runs without them",
    });
    expect(jobserverPassthrough('-j4 --jobserver-auth=fifo:/tmp/x')).toEqual({ fds: [] });
  });
});

describe('parseSize', () => {
  it.each([
    ['16MiB', 16 * 1024 * 1024], ['512KiB', 524_288], ['1k', 1024], ['4096', 4096], ['1g', 1024 ** 3], ['0', 0], ['1.5m', 1_572_864],
  ])('%s -> %i', (text, bytes) => expect(parseSize(text)).toBe(bytes));
  it.each(['', 'lots', '16 furlongs', '-1'])('rejects %j', (text) => expect(parseSize(text)).toBeUndefined());
});
