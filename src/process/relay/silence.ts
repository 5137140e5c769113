import { settlesWithin } from '../timer.js';

// After the child exits, how long its pipe must stay silent before xrun stops waiting for it to close:
// a grandchild that keeps the pipe open must not keep xrun (and the build) waiting.
export const PIPE_GRACE_MS = 200;
// how often the silence is looked at
const SILENCE_POLL_MS = 50;
// A look that comes later than this after the last one counts only this much: xrun's thread was not
// running (a loaded machine), so neither, likely, was the read that would have shown the bytes.
const LONGEST_COUNTED_LOOK_MS = 2 * SILENCE_POLL_MS;
// the byte written into a FIFO to wake a read blocked on it once xrun has given up on the pipe
export const WAKE_BYTE = 0x0a;

// How long the pipe has been silent after one more look: nothing while a byte was handed on since the
// last look or a slow reader holds the relay up (no silence of the pipe's); else the time since the
// last look, counted at most LONGEST_COUNTED_LOOK_MS.
export function quietAfterLook(
  quiet: number,
  sinceLastLook: number,
  moved: boolean,
  waitingForReader: boolean,
): number {
  if (moved || waitingForReader) return 0;
  return quiet + Math.min(Math.max(sinceLastLook, 0), LONGEST_COUNTED_LOOK_MS);
}

// Waits for `ended`; true if the pipe falls silent first: PIPE_GRACE_MS of looks that came on time with
// no byte handed on (`lastForwardedAt` unchanged), and none either once the I/O already completed has
// been handled (a timer runs before the I/O that completed while the thread was busy).
export async function silentBeforeEnd(
  ended: Promise<unknown>,
  lastForwardedAt: () => number,
  waitingForReader: () => boolean,
): Promise<boolean> {
  let hasEnded = false;
  const settled = () => {
    hasEnded = true;
  };
  ended.then(settled, settled);
  let last = lastForwardedAt();
  let lookedAt = Date.now();
  // the time before the child's exit counts, short of two looks after it
  let quiet = Math.min(Math.max(lookedAt - last, 0), PIPE_GRACE_MS - LONGEST_COUNTED_LOOK_MS);
  for (;;) {
    if (await settlesWithin(ended, SILENCE_POLL_MS)) return false;
    const now = Date.now();
    quiet = quietAfterLook(quiet, now - lookedAt, lastForwardedAt() !== last, waitingForReader());
    [last, lookedAt] = [lastForwardedAt(), now];
    if (quiet < PIPE_GRACE_MS) continue;
    await afterPendingIo();
    if (hasEnded) return false;
    if (lastForwardedAt() === last && !waitingForReader()) return true;
    [quiet, last, lookedAt] = [0, lastForwardedAt(), Date.now()];
  }
}

// Resolves after two turns of the event loop's I/O phase: completions already waiting are handled.
function afterPendingIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

// Of a read that returned after xrun gave up and woke it, the bytes to hand on: none for the waking byte
// alone; otherwise bytes the command wrote came too, all but the waking byte at the end.
export function keptAfterWake(chunk: Uint8Array): number {
  return chunk.length > 0 && chunk[chunk.length - 1] === WAKE_BYTE ? chunk.length - 1 : chunk.length;
}
