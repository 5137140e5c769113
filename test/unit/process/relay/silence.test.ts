import { describe, expect, it } from 'vitest';
import {
  keptAfterWake,
  PIPE_GRACE_MS,
  quietAfterLook,
  silentBeforeEnd,
  WAKE_BYTE,
} from '../../../../src/process/relay/silence.js';

// Blocks this thread, as a loaded machine does to xrun's.
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

describe('quietAfterLook', () => {
  it.each([
    // [quiet so far, since the last look, a byte handed on since, waiting for a slow reader, quiet after]
    [0, 50, false, false, 50],
    [150, 50, false, false, 200],
    // a look that came late (the thread was not running) counts only 100 ms
    [0, 5_000, false, false, 100],
    [100, 60_000, false, false, 200],
    // a byte handed on, or a reader that has not caught up, is no silence of the pipe's
    [150, 50, true, false, 0],
    [150, 50, false, true, 0],
    // a clock stepped back counts nothing
    [150, -30, false, false, 150],
  ])('quiet %s, %s ms since the last look, moved %s, waiting %s: %s', (quiet, since, moved, waiting, expected) => {
    expect(quietAfterLook(quiet, since, moved, waiting)).toBe(expected);
  });
});

describe('silentBeforeEnd', () => {
  it('is true once nothing is handed on for the grace period, not before', async () => {
    const started = Date.now();
    expect(
      await silentBeforeEnd(
        new Promise(() => {}),
        () => started,
        () => false,
      ),
    ).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(PIPE_GRACE_MS);
  });

  it('is false when the pipe ends first', async () => {
    const ended = new Promise((resolve) => setTimeout(resolve, 20));
    expect(
      await silentBeforeEnd(
        ended,
        () => Date.now(),
        () => false,
      ),
    ).toBe(false);
  });

  it('never gives up while a slow reader holds the relay up', async () => {
    const ended = new Promise((resolve) => setTimeout(resolve, 4 * PIPE_GRACE_MS));
    expect(
      await silentBeforeEnd(
        ended,
        () => 0,
        () => true,
      ),
    ).toBe(false);
  });

  // The bug this guards: when xrun's process was not running for longer than the grace, neither was its
  // reading thread; the first look after took the bytes still to be read for silence.
  it('does not take a stalled process for a silent pipe: the reader that was late too hands on its bytes', async () => {
    let lastForwarded = Date.now();
    let resolveEnded!: () => void;
    const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
    const silent = silentBeforeEnd(
      ended,
      () => lastForwarded,
      () => false,
    );
    stall(3 * PIPE_GRACE_MS);
    // the reader runs again 30 ms after the stall (before the next look, 50 ms after the first): bytes, then the end
    setTimeout(() => {
      lastForwarded = Date.now();
      setTimeout(resolveEnded, 10);
    }, 30);
    expect(await silent).toBe(false);
  });
});

describe('keptAfterWake', () => {
  it.each([
    ['the waking byte alone', [WAKE_BYTE], 0],
    ["the command's bytes, then the waking byte", [0x61, 0x62, WAKE_BYTE], 2],
    ["the command's bytes without the waking byte", [0x61, 0x62], 2],
    ['nothing', [], 0],
  ])('%s: %s bytes handed on', (_name, bytes, kept) => {
    expect(keptAfterWake(Uint8Array.from(bytes))).toBe(kept);
  });
});
