import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

// A file's text with a bound on what is read into memory (config files, the tools' reports): the size
// is checked before reading, and no more than the bound plus one byte is read (it can grow meanwhile).
export type BoundedRead =
  | { kind: 'text'; text: string }
  | { kind: 'missing' }
  | { kind: 'not-regular'; what: string }
  | { kind: 'too-large' }
  | { kind: 'unreadable'; code: string };

const CHUNK_BYTES = 64 * 1024;

// Reads `path` if it is a regular file of at most `maxBytes`.
export function readFileWithin(path: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    // non-blocking: opening a FIFO for reading would otherwise wait for a writer
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', code };
  }
  try {
    const stats = fstatSync(fd);
    const what = notRegular(stats);
    if (what !== undefined) return { kind: 'not-regular', what };
    const text = stats.size > maxBytes ? undefined : readAtMost(fd, maxBytes, stats.size);
    return text === undefined ? { kind: 'too-large' } : { kind: 'text', text };
  } catch (error) {
    return { kind: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? 'unknown error' };
  } finally {
    closeSync(fd);
  }
}

// What a file is when it is not a regular file ('a directory', 'a FIFO', ...); undefined for a regular one.
export function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'a device';
}

// The file's text, undefined past `max` bytes. The first read is sized for the `expected` bytes (the size
// fstat gave) and one more, which shows the file has not grown; after a short read (the end, most often) the
// read that tells it takes one byte; then chunks. A config file of 2 KB costs a 2 KB buffer, not two of 64 KB.
export function readAtMost(fd: number, max: number, expected: number): string | undefined {
  const chunks: Buffer[] = [];
  let length = 0;
  let want = Math.min(expected, max) + 1;
  for (;;) {
    const chunk = Buffer.allocUnsafe(want);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    length += n;
    if (length > max) return undefined;
    want = n < chunk.length ? 1 : Math.min(CHUNK_BYTES, max + 1 - length);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}
