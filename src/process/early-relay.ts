import { read, write } from 'node:fs';
import type { CopiedTail } from '../model/stderr-tail.js';
import { silentBeforeEnd } from './stderr-relay.js';

// The main thread's relay of the child's FIFO (pipe-relay.ts), from the start until the worker thread
// takes over, or to the end for a command whose output never needs the worker. Each read and each write
// is a call in libuv's thread pool (a blocking read there waits for the pipe; the main thread never
// blocks, so a reader that does not read never holds up xrun's signal handling), one after the other:
// the order is kept, and backpressure is the pipe's own. No net.Socket: destroying one builds
// process.stderr (Node's net.js compares against it), which makes xrun's stderr non-blocking for every
// process that shares it.
const CHUNK = 64 * 1024;

export class EarlyRelay {
  readonly #fd: number;
  readonly #outFd: number;
  readonly #tail: CopiedTail;
  readonly #onChunk: (relayed: number) => void;
  readonly #buffer = Buffer.allocUnsafe(CHUNK);
  // the relay's loop: resolves once it has stopped (handed over, ended, broken or given up)
  readonly done: Promise<void>;
  #relayed = 0;
  #lastForwarded = Date.now();
  // a read is waiting in the thread pool for the pipe (silence, not a slow reader)
  #reading = false;
  #stopAsked = false;
  // finish() gave up on a grandchild: what the read under way returns (the waking byte) is not handed on
  #gaveUp = false;
  #ended = false;
  #broken = false;

  // `fd`: the FIFO's blocking read end (the worker's after the hand-over)
  constructor(fd: number, outFd: number, tail: CopiedTail, onChunk: (relayed: number) => void) {
    this.#fd = fd;
    this.#outFd = outFd;
    this.#tail = tail;
    this.#onChunk = onChunk;
    this.done = this.#relay();
  }

  // xrun's descriptor has gone away (EPIPE): the relay has stopped reading
  get broken(): boolean {
    return this.#broken;
  }

  // finish() gave up on a silent pipe (a grandchild holding it open): nobody is to read it any more
  get gaveUp(): boolean {
    return this.#gaveUp;
  }

  // Stops after the read under way (the next bytes, or the end) is handed on; true once the pipe can be
  // the worker's, false when the relay had ended (or broken) and the worker has nothing to do.
  async handOver(): Promise<boolean> {
    this.#stopAsked = true;
    await this.done;
    return !this.#ended && !this.#broken;
  }

  // After the child's exit: relays until the pipe ends, or gives up once nothing has come for the grace
  // period (a grandchild holding the pipe open), when `wake` unblocks the read under way with one byte,
  // which is not handed on.
  async finish(wake: () => void): Promise<void> {
    if (
      !(await silentBeforeEnd(
        this.done,
        () => this.#lastForwarded,
        () => !this.#reading,
      ))
    )
      return;
    [this.#stopAsked, this.#gaveUp] = [true, true];
    wake();
    await this.done;
  }

  async #relay(): Promise<void> {
    while (!this.#stopAsked) {
      this.#reading = true;
      const length = await readSome(this.#fd, this.#buffer);
      this.#reading = false;
      if (length === 0) {
        this.#ended = true;
        return;
      }
      if (this.#gaveUp) return;
      // one buffer for every read: the next read waits for this write
      const chunk = this.#buffer.subarray(0, length);
      this.#tail.push(chunk);
      if (!(await writeAll(this.#outFd, chunk))) {
        this.#broken = true;
        return;
      }
      this.#lastForwarded = Date.now();
      this.#relayed += length;
      this.#onChunk(this.#relayed);
    }
  }
}

// Bytes read (0 at the end, or on an error: the relay ends).
function readSome(fd: number, buffer: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const again = () =>
      read(fd, buffer, 0, buffer.length, null, (error, length) => {
        if (error && (error.code === 'EINTR' || error.code === 'EAGAIN')) again();
        else resolve(error ? 0 : length);
      });
    again();
  });
}

// All of the chunk to the descriptor, waiting out a slow reader when it is non-blocking (someone set it
// so); false once it has gone away (EPIPE).
async function writeAll(fd: number, chunk: Buffer): Promise<boolean> {
  let offset = 0;
  while (offset < chunk.length) {
    try {
      offset += await writeSome(fd, chunk.subarray(offset));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EINTR') return false;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
  return true;
}

function writeSome(fd: number, chunk: Buffer): Promise<number> {
  return new Promise((resolve, reject) => write(fd, chunk, (error, written) => (error ? reject(error) : resolve(written))));
}
