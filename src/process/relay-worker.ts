// The relay's copy loop, run in a worker thread so that it may block: a read of up to 1 MiB from the
// child's pipe, a write of all of it to xrun's descriptor, again, with no JavaScript stream, no event
// loop turn and no allocation per chunk (one buffer, reused), which is what makes it as cheap as `cat`.
// Kept as source text: the worker is started with `eval`, so the bundle and the startup snapshot need
// no second file.
//
// Shared state (Int32Array on a SharedArrayBuffer), so that the main thread can tell silence from a slow
// reader without a message per chunk:
//   [0] chunks handed on so far   [1] 1 while the worker waits in a read (0 while it starts or writes)
//   [2] 1 once the main thread gives up
// When it ends, the worker posts { tail, broken }: the last `tailLimit` bytes read, in order, and whether
// xrun's descriptor went away (EPIPE: the worker stopped reading, so the command sees the broken pipe).
export const RELAY_WORKER_SOURCE = `
const { readSync, writeSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const { fd, outFd, shared, tailLimit } = workerData;
const state = new Int32Array(shared);
const pause = new Int32Array(new SharedArrayBuffer(4));
const buffer = Buffer.allocUnsafe(1 << 20);
const tail = Buffer.allocUnsafe(tailLimit);
let tailLength = 0;
let broken = false;
const GATHER_BELOW = 32 * 1024;

// EAGAIN: xrun's descriptor is non-blocking (someone set it so) and its reader is slow: wait, retry
function writeAll(length) {
  let offset = 0;
  let wait = 0.05;
  while (offset < length) {
    try {
      offset += writeSync(outFd, buffer, offset, length - offset);
      wait = 0.05;
    } catch (error) {
      if (error.code !== 'EAGAIN' && error.code !== 'EINTR') throw error;
      Atomics.wait(pause, 0, 0, wait);
      wait = Math.min(wait * 2, 10);
    }
  }
}

function keep(length) {
  if (length >= tailLimit) {
    buffer.copy(tail, 0, length - tailLimit, length);
    tailLength = tailLimit;
    return;
  }
  const kept = Math.min(tailLength, tailLimit - length);
  tail.copy(tail, 0, tailLength - kept, tailLength);
  buffer.copy(tail, kept, 0, length);
  tailLength = kept + length;
}

// A command that writes fast in small pieces (4 KiB) would wake this loop once a piece, and each turn
// costs several times cat's: after a short read that follows another closely, wait a moment so that the
// pipe gathers more (a few tens of microseconds; sparse output is never held back).
let lastReadAt = 0;
function gather(length) {
  const now = performance.now();
  if (length < GATHER_BELOW && now - lastReadAt < 1) Atomics.wait(pause, 0, 0, 0.05);
  lastReadAt = performance.now();
}

function read() {
  for (;;) {
    try {
      return readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      if (error.code !== 'EINTR' && error.code !== 'EAGAIN') return 0;
    }
  }
}

for (;;) {
  Atomics.store(state, 1, 1);
  const length = read();
  Atomics.store(state, 1, 0);
  if (length === 0 || Atomics.load(state, 2) === 1) break;
  try {
    writeAll(length);
  } catch {
    broken = true;
    break;
  }
  keep(length);
  Atomics.add(state, 0, 1);
  gather(length);
}
parentPort.postMessage({ tail: tail.subarray(0, tailLength), broken });
`;
