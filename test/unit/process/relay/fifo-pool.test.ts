import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { heldPath } from '../../../../src/process/relay/fifo-directory.js';
import {
  discardFifo,
  type Fifo,
  keepFifo,
  releaseSpareFifos,
  takeFifo,
} from '../../../../src/process/relay/fifo-pool.js';
import { tempDir } from '../../../helpers/xrun.js';

// A FIFO in a private directory of its own, as a relay makes one where the user's FIFO directory cannot serve.
function ownFifo(): Fifo {
  const dir = tempDir('xrun-fifo-pool-');
  const path = join(dir, 'fifo');
  execFileSync('mkfifo', [path]);
  return { dir, path };
}

// A FIFO of a FIFO directory (relay/fifo-directory.ts), held by this process.
function sharedFifo(shared: string): Fifo {
  const path = heldPath(shared);
  execFileSync('mkfifo', [path]);
  return { path, shared };
}

describe("the FIFOs kept across a run's attempts and given back at its end (relay/fifo-pool.ts)", () => {
  afterEach(releaseSpareFifos);

  it('none kept and no directory: nothing to take', () => {
    expect(takeFifo(undefined)).toBeUndefined();
  });

  it('a kept FIFO is taken once, the last kept first, before any of the directory', () => {
    const shared = tempDir('xrun-fifos-');
    const waiting = sharedFifo(shared);
    keepFifo(waiting);
    releaseSpareFifos();
    const [a, b] = [ownFifo(), ownFifo()];
    keepFifo(a);
    keepFifo(b);
    expect(takeFifo(shared)).toEqual(b);
    expect(takeFifo(shared)).toEqual(a);
    // then the directory's free one, under a new held name
    expect(takeFifo(shared)).toEqual({ path: expect.stringMatching(new RegExp(`/held-${process.pid}-`)), shared });
    expect(takeFifo(shared)).toBeUndefined();
    expect([existsSync(a.path), existsSync(b.path)]).toEqual([true, true]);
  });

  it('a kept path that is no FIFO any more (removed, or replaced by a file) is skipped and removed', () => {
    const [good, gone, replaced] = [ownFifo(), ownFifo(), ownFifo()];
    rmSync(gone.path);
    rmSync(replaced.path);
    writeFileSync(replaced.path, 'not a fifo');
    keepFifo(good);
    keepFifo(gone);
    keepFifo(replaced);
    expect(takeFifo(undefined)).toEqual(good);
    const dirOf = (fifo: Fifo) => ('dir' in fifo ? fifo.dir : '');
    expect([existsSync(dirOf(gone)), existsSync(dirOf(replaced)), existsSync(dirOf(good))]).toEqual([
      false,
      false,
      true,
    ]);
    expect(takeFifo(undefined)).toBeUndefined();
  });

  it("at the run's end a FIFO of the directory goes back free (the same FIFO, a new name); one of its own is removed", () => {
    const shared = tempDir('xrun-fifos-');
    const [own, pooled] = [ownFifo(), sharedFifo(shared)];
    const inode = statSync(pooled.path).ino;
    keepFifo(own);
    keepFifo(pooled);
    releaseSpareFifos();
    expect(existsSync('dir' in own ? own.dir : own.path)).toBe(false);
    const names = readdirSync(shared);
    expect(names).toEqual([expect.stringMatching(/^free-/)]);
    expect(statSync(join(shared, names[0]!)).ino).toBe(inode);
    expect(takeFifo(undefined)).toBeUndefined();
  });

  it('discardFifo removes a FIFO of the directory (its path alone) and one of its own (its directory)', () => {
    const shared = tempDir('xrun-fifos-');
    const [own, pooled] = [ownFifo(), sharedFifo(shared)];
    discardFifo(own);
    discardFifo(pooled);
    expect([existsSync('dir' in own ? own.dir : ''), existsSync(pooled.path), existsSync(shared)]).toEqual([
      false,
      false,
      true,
    ]);
  });
});
