import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/process/atomic-write.js';
import { tempDir } from '../../helpers/xrun.js';

const dir = () => tempDir('xrun-atomic-');

describe('writeFileAtomic', () => {
  it('creates a new file, and leaves no temporary file', () => {
    const d = dir();
    writeFileAtomic(join(d, 'r.json'), '{"a":1}\n');
    expect(readFileSync(join(d, 'r.json'), 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(d)).toEqual(['r.json']);
  });

  it('replaces an existing file by a rename (a new inode), not by writing into it', () => {
    const d = dir();
    const file = join(d, 'r.json');
    writeFileSync(file, 'old old old old\n');
    const before = statSync(file).ino;
    writeFileAtomic(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).ino).not.toBe(before);
    expect(readdirSync(d)).toEqual(['r.json']);
  });

  it('through a symlink, replaces the file it names and keeps the link', () => {
    const d = dir();
    writeFileSync(join(d, 'real.json'), 'old\n');
    symlinkSync('real.json', join(d, 'latest.json'));
    writeFileAtomic(join(d, 'latest.json'), 'new\n');
    expect(lstatSync(join(d, 'latest.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'latest.json'))).toBe('real.json');
    expect(readFileSync(join(d, 'real.json'), 'utf8')).toBe('new\n');
    expect(readdirSync(d).sort()).toEqual(['latest.json', 'real.json']);
  });

  it('writes a FIFO in place (as /dev/stdout would be): the reader gets the text, the FIFO stays', async () => {
    const d = dir();
    const fifo = join(d, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    const out: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => out.push(c));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    writeFileAtomic(fifo, 'through\n');
    await closed;
    expect(Buffer.concat(out).toString()).toBe('through\n');
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(['fifo']);
  });

  it('a failure throws and leaves nothing behind', () => {
    const d = dir();
    expect(() => writeFileAtomic(join(d, 'missing', 'r.json'), 'x')).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
    expect(readdirSync(d)).toEqual([]);
  });
});
