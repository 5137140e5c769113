import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keepFifo, removeSpareFifos, takeFifo } from '../../../../src/process/relay/fifo-pool.js';
import { tempDir } from '../../../helpers/xrun.js';

// A FIFO in a private directory of its own, as a relay makes one.
function madeFifo(): { dir: string; path: string } {
  const dir = tempDir('xrun-fifo-pool-');
  const path = join(dir, 'fifo');
  execFileSync('mkfifo', [path]);
  return { dir, path };
}

describe('the FIFOs kept across attempts (relay/fifo-pool.ts)', () => {
  afterEach(removeSpareFifos);

  it('none kept: nothing to take', () => {
    expect(takeFifo()).toBeUndefined();
  });

  it('a kept FIFO is taken once, the last kept first', () => {
    const [a, b] = [madeFifo(), madeFifo()];
    keepFifo(a);
    keepFifo(b);
    expect(takeFifo()).toEqual(b);
    expect(takeFifo()).toEqual(a);
    expect(takeFifo()).toBeUndefined();
    expect([existsSync(a.path), existsSync(b.path)]).toEqual([true, true]);
  });

  it('a kept path that is no FIFO any more (removed, or replaced by a file) is skipped and its directory removed', () => {
    const [good, gone, replaced] = [madeFifo(), madeFifo(), madeFifo()];
    rmSync(gone.path);
    rmSync(replaced.path);
    writeFileSync(replaced.path, 'not a fifo');
    keepFifo(good);
    keepFifo(gone);
    keepFifo(replaced);
    expect(takeFifo()).toEqual(good);
    expect([existsSync(gone.dir), existsSync(replaced.dir), existsSync(good.dir)]).toEqual([false, false, true]);
    expect(takeFifo()).toBeUndefined();
  });

  it("removeSpareFifos removes every kept FIFO's directory (the run's end)", () => {
    const [a, b] = [madeFifo(), madeFifo()];
    keepFifo(a);
    keepFifo(b);
    removeSpareFifos();
    expect([existsSync(a.dir), existsSync(b.dir)]).toEqual([false, false]);
    expect(takeFifo()).toBeUndefined();
  });
});
