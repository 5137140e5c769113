import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileWithin } from '../../../src/settings/bounded-file.js';

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
