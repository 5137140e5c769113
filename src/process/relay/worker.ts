import { WAKE_BYTE } from './silence.js';

// The relay's copy loop, run in a worker thread so that it may block: a read of up to 256 KiB (more than
// a pipe holds) from the child's pipe straight into a 1 MiB ring, a write of all of it to xrun's
// descriptor, again, with no JavaScript stream, no event loop turn, no allocation and no copy per chunk
// (the tail is the ring's last bytes), which is what makes it as cheap as `cat`. It never sleeps to let the pipe fill: a timed
// wait is far coarser than a pipe's fill time (64 KiB at 2 GB/s is 32 µs), so it stalls the writer.
// Kept as source text: the worker is started with `eval`, so the bundle needs no second file.
// The state it shares with the main thread, and its layout (slot, reader), are relay/shared-state.ts's.
// When it ends (the pipe's end, or xrun's descriptor gone away: EPIPE, and it stops reading so that the
// command sees the broken pipe), the worker posts { tail, writeError }: the last `tailLimit` bytes read,
// in order, and the { code, errno } of a write that failed. A write that fails otherwise (ENOSPC, EIO)
// ends the writing, not the reading: the rest is read and discarded, so that the command is neither
// blocked nor killed by SIGPIPE.
export const RELAY_WORKER_SOURCE = `
const { readSync, writeSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const { fd, outFd, shared, tailLimit, slot, reader } = workerData;
const state = new Int32Array(shared);
const pause = new Int32Array(new SharedArrayBuffer(4));
const RING = 1 << 20;
const MAX_READ = 256 << 10;
const WAKE_BYTE = ${WAKE_BYTE};
const ring = Buffer.allocUnsafe(RING);
// the next read lands at ring[at]; lapped: the ring has been filled once, so ring[at..] is older data
let at = 0;
let lapped = false;
let writeError;

// EAGAIN: xrun's descriptor is non-blocking (someone set it so) and its reader is slow: wait, retry
function writeAll(offset, length) {
  const end = offset + length;
  let wait = 0.05;
  while (offset < end) {
    try {
      offset += writeSync(outFd, ring, offset, end - offset);
      wait = 0.05;
    } catch (error) {
      if (error.code !== 'EAGAIN' && error.code !== 'EINTR') throw error;
      Atomics.wait(pause, 0, 0, wait);
      wait = Math.min(wait * 2, 10);
    }
  }
}

function read() {
  for (;;) {
    try {
      return readSync(fd, ring, at, Math.min(MAX_READ, RING - at), null);
    } catch (error) {
      if (error.code !== 'EINTR' && error.code !== 'EAGAIN') return 0;
    }
  }
}

function tail() {
  if (at >= tailLimit || !lapped) return ring.subarray(Math.max(0, at - tailLimit), at);
  return Buffer.concat([ring.subarray(RING - (tailLimit - at)), ring.subarray(0, at)]);
}

// the chunk just read is in the ring (and in the tail), counted as handed on
function advance(length) {
  at += length;
  if (at === RING) [at, lapped] = [0, true];
  Atomics.add(state, slot.chunks, 1);
}

// Reads to the end. After a write fails other than with EPIPE, it writes nothing more but reads on,
// keeping the tail, so that the command is neither blocked nor killed by SIGPIPE.
function relay() {
  let writing = true;
  for (;;) {
    Atomics.store(state, slot.inRead, 1);
    let length = read();
    Atomics.store(state, slot.inRead, 0);
    const gaveUp = Atomics.load(state, slot.gaveUp) === 1;
    // after the main thread gave up, the read its waking byte ended may also hold the command's last bytes
    if (gaveUp && length > 0 && ring[at + length - 1] === WAKE_BYTE) length -= 1;
    if (length === 0) return;
    if (writing) {
      try {
        writeAll(at, length);
      } catch (error) {
        writeError = { code: error.code, errno: error.errno };
        if (error.code === 'EPIPE') return;
        writing = false;
      }
    }
    advance(length);
    if (gaveUp) return;
  }
}

// ready: the main thread stops its own relay, hands on what it read, then lets this one read, or keeps
// the pipe; waits of 50 ms, so that a worker told nothing can still be stopped at xrun's exit
parentPort.postMessage({ ready: true });
while (Atomics.load(state, slot.reader) === reader.main) Atomics.wait(state, slot.reader, reader.main, 50);
if (Atomics.load(state, slot.reader) === reader.worker) {
  relay();
  parentPort.postMessage({ tail: tail(), writeError });
}
`;
