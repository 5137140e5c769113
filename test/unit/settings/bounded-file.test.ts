import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAtMost, readFileWithin } from '../../../src/settings/bounded-file.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xrun-bounded-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readFileWithin', () => {
  it('reads a file of up to the bound, in several chunks too', () => {
    const file = join(dir, 'ok');
    const text = `${'é'.repeat(100_000)}\n`;
    writeFileSync(file, text);
    const bytes = Buffer.byteLength(text);
    expect(readFileWithin(file, bytes)).toEqual({ kind: 'text', text });
    expect(readFileWithin(file, bytes - 1)).toEqual({ kind: 'too-large' });
    writeFileSync(file, '');
    expect(readFileWithin(file, 10)).toEqual({ kind: 'text', text: '' });
  });

  it('a file past the bound is refused by its size, not read: a sparse 8 GiB file answers at once', () => {
    const file = join(dir, 'sparse');
    writeFileSync(file, '');
    truncateSync(file, 8 * 1024 ** 3);
    const before = process.memoryUsage().rss;
    expect(readFileWithin(file, 16 * 1024 * 1024)).toEqual({ kind: 'too-large' });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('says what is there when it is no regular file, and when there is nothing', () => {
    mkdirSync(join(dir, 'd'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(readFileWithin(join(dir, 'd'), 100)).toEqual({ kind: 'not-regular', what: 'a directory' });
    // opened without blocking: a FIFO with no writer does not hang the reader
    expect(readFileWithin(join(dir, 'fifo'), 100)).toEqual({ kind: 'not-regular', what: 'a FIFO' });
    expect(readFileWithin('/dev/null', 100)).toEqual({ kind: 'not-regular', what: 'a device' });
    expect(readFileWithin(join(dir, 'none'), 100)).toEqual({ kind: 'missing' });
    expect(readFileWithin(join(dir, 'd', 'none', 'x'), 100)).toEqual({ kind: 'missing' });
    writeFileSync(join(dir, 'file'), '');
    expect(readFileWithin(join(dir, 'file', 'x'), 100)).toEqual({ kind: 'unreadable', code: 'ENOTDIR' });
  });
});

describe('readAtMost', () => {
  // readAtMost on a fresh descriptor of `text`, told to expect `expected` bytes
  const readWith = (text: string, max: number, expected: number) => {
    const file = join(dir, 'sized');
    writeFileSync(file, text);
    const fd = openSync(file, 'r');
    try {
      return readAtMost(fd, max, expected);
    } finally {
      closeSync(fd);
    }
  };

  it('reads the whole file whatever size fstat gave: as said, grown since, shrunk since', () => {
    const text = 'x'.repeat(70_000);
    expect(readWith(text, 100_000, 70_000)).toBe(text);
    expect(readWith(text, 100_000, 3)).toBe(text);
    expect(readWith('abc', 100_000, 50)).toBe('abc');
    expect(readWith('', 100_000, 0)).toBe('');
  });

  it('past the bound is undefined, also for a file that grew past it since fstat', () => {
    expect(readWith('x'.repeat(11), 10, 11)).toBeUndefined();
    expect(readWith('x'.repeat(11), 10, 2)).toBeUndefined();
    expect(readWith('x'.repeat(10), 10, 2)).toBe('x'.repeat(10));
  });
});
