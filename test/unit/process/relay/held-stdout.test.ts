import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeldStdout } from '../../../../src/process/relay/held-stdout.js';
import { tempDir } from '../../../helpers/xrun.js';

// The sink of --hold-stdout: memory up to 1 MiB, then an unlinked file; passOn writes it all, in order.

const MiB = 1024 * 1024;
let tmp: string;
let savedTmpdir: string | undefined;

beforeEach(() => {
  tmp = tempDir('xrun-held-unit-');
  savedTmpdir = process.env['TMPDIR'];
  process.env['TMPDIR'] = tmp;
});
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmpdir;
});

async function hold(chunks: readonly Buffer[]): Promise<HeldStdout> {
  const held = new HeldStdout();
  for (const chunk of chunks) if (!held.write(chunk)) await new Promise((resolve) => held.once('drain', resolve));
  await new Promise((resolve) => held.write('', resolve));
  return held;
}

async function passedOn(held: HeldStdout): Promise<Buffer> {
  const file = join(tempDir('xrun-held-out-'), 'out');
  const fd = openSync(file, 'w');
  try {
    expect(await held.passOn(fd)).toBeUndefined();
  } finally {
    closeSync(fd);
  }
  return readFileSync(file);
}

describe('HeldStdout', () => {
  it('holds up to 1 MiB in memory and passes it on in order', async () => {
    const chunks = [randomBytes(1000), randomBytes(MiB - 1000)];
    const held = await hold(chunks);
    expect(held.size).toEqual({ bytes: MiB, spilled: false });
    expect((await passedOn(held)).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('past 1 MiB holds all of it in a file that is never on disk, and passes it on in order', async () => {
    const chunks = [randomBytes(700 * 1024), randomBytes(700 * 1024), randomBytes(MiB)];
    const held = await hold(chunks);
    expect(held.size).toEqual({ bytes: 1400 * 1024 + MiB, spilled: true });
    expect(readdirSync(tmp)).toEqual([]);
    expect((await passedOn(held)).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('knows whether the held bytes end a line (none do too)', async () => {
    expect((await hold([])).endsLine).toBe(true);
    expect((await hold([Buffer.from('a\n')])).endsLine).toBe(true);
    expect((await hold([Buffer.from('a\nb')])).endsLine).toBe(false);
  });
});
