import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFifo } from '../../../../src/process/relay/fifo-maker.js';
import { tempDir } from '../../../helpers/xrun.js';

// mkfifo on PATH replaced by one that counts its runs (one line each, its arguments) and then makes them.
function countingMkfifo(): string {
  const dir = tempDir();
  const log = join(dir, 'runs');
  const real = ['/usr/bin/mkfifo', '/bin/mkfifo'].find((p) => existsSync(p))!;
  writeFileSync(join(dir, 'mkfifo'), `#!/bin/sh\necho "$#" >> '${log}'\nexec ${real} "$@"\n`);
  chmodSync(join(dir, 'mkfifo'), 0o755);
  process.env['PATH'] = `${dir}:${savedPath}`;
  return log;
}

const savedPath = process.env['PATH'];
afterEach(() => {
  process.env['PATH'] = savedPath;
});

describe('FIFOs made in batches (relay/fifo-maker.ts)', () => {
  it('20 FIFOs asked for at once: one mkfifo makes them all, and each is a FIFO', async () => {
    const runs = countingMkfifo();
    const dir = tempDir();
    const paths = Array.from({ length: 20 }, (_, i) => join(dir, `fifo-${i}`));
    expect(await Promise.all(paths.map(makeFifo))).toEqual(Array(20).fill(true));
    expect(paths.map((p) => statSync(p).isFIFO())).toEqual(Array(20).fill(true));
    expect(readFileSync(runs, 'utf8')).toBe('20\n');
  });

  it('asked while a mkfifo runs: the next one makes them together; a path that cannot be made fails alone', async () => {
    const runs = countingMkfifo();
    const dir = tempDir();
    const first = makeFifo(join(dir, 'first'));
    // the first batch has started (its mkfifo is running) by the time these ask
    await new Promise((resolve) => setImmediate(resolve));
    const later = [join(dir, 'a'), join(dir, 'missing-dir', 'b'), join(dir, 'c')].map(makeFifo);
    expect(await first).toBe(true);
    expect(await Promise.all(later)).toEqual([true, false, true]);
    expect(readFileSync(runs, 'utf8')).toBe('1\n3\n');
  });

  it('no mkfifo on PATH: every FIFO asked for is refused (the relay falls back to Node pipes)', async () => {
    process.env['PATH'] = tempDir();
    const dir = tempDir();
    expect(await Promise.all([makeFifo(join(dir, 'x')), makeFifo(join(dir, 'y'))])).toEqual([false, false]);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});
