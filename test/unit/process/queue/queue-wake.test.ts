import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QueueWake } from '../../../../src/process/queue/queue-wake.js';
import { tempDir } from '../../../helpers/xrun.js';

describe('a waiter follows the one entry in front of it', () => {
  it('removing the followed entry ends a nap of a minute', async () => {
    const dir = tempDir('xrun-wake-');
    const front = join(dir, 'wait-00000000000000000001-1');
    writeFileSync(front, '1 t1\n');
    const wake = new QueueWake(new AbortController().signal);
    try {
      expect(wake.follow(front)).toBe('watching');
      expect(wake.watching).toBe(true);
      const nap = wake.nap(60_000);
      rmSync(front);
      await nap;
    } finally {
      wake.close();
    }
  });

  it('an entry already gone is said so, with nothing to watch', () => {
    const wake = new QueueWake(new AbortController().signal);
    try {
      expect(wake.follow(join(tempDir('xrun-wake-'), 'active-1-1'))).toBe('gone');
      expect(wake.watching).toBe(false);
    } finally {
      wake.close();
    }
  });

  it("following another entry moves the watch: the new entry's removal ends the nap", async () => {
    const dir = tempDir('xrun-wake-');
    const [first, second] = ['wait-00000000000000000001-1', 'wait-00000000000000000002-1'].map((name) =>
      join(dir, name),
    );
    for (const path of [first!, second!]) writeFileSync(path, '1 t1\n');
    const wake = new QueueWake(new AbortController().signal);
    try {
      expect(wake.follow(first!)).toBe('watching');
      expect(wake.follow(second!)).toBe('watching');
      const nap = wake.nap(60_000);
      rmSync(second!);
      await nap;
    } finally {
      wake.close();
    }
  });

  it('an abort ends the nap', async () => {
    const controller = new AbortController();
    const wake = new QueueWake(controller.signal);
    try {
      const nap = wake.nap(60_000);
      controller.abort();
      await nap;
    } finally {
      wake.close();
    }
  });
});
