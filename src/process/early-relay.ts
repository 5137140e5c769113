import { write } from 'node:fs';
import { Socket } from 'node:net';
import type { BoundedTail } from '../model/stderr-tail.js';
import { pipeAbandoned } from './stderr-relay.js';
import { settlesWithin } from './timer.js';

// The main thread's relay of the child's FIFO (pipe-relay.ts), from the start until the worker thread
// takes over, or to the end for a command whose output never needs the worker. libuv reads the pipe as it
// becomes readable; each chunk goes to xrun's descriptor by a write in libuv's thread pool, in order, so
// that a reader that does not read never blocks the main thread (nor xrun's signal handling).
// Backpressure: reading pauses while more than QUEUE_LIMIT bytes wait to be written.
const QUEUE_LIMIT = 1 << 20;
const POLL_MS = 50;

export class EarlyRelay {
  readonly #socket: Socket;
  readonly #outFd: number;
  readonly #tail: BoundedTail;
  readonly #onChunk: (relayed: number) => void;
  readonly #onBroken: () => void;
  readonly #ended: Promise<void>;
  #writes: Promise<void> = Promise.resolve();
  #queued = 0;
  #relayed = 0;
  #lastForwarded = Date.now();
  // handed over, ended, broken or given up: the socket is destroyed (which closes the descriptor)
  #stopped = false;
  #broken = false;

  // `fd`: the FIFO's non-blocking read end, owned from here on
  constructor(fd: number, outFd: number, tail: BoundedTail, onChunk: (relayed: number) => void, onBroken: () => void) {
    this.#outFd = outFd;
    this.#tail = tail;
    this.#onChunk = onChunk;
    this.#onBroken = onBroken;
    this.#socket = new Socket({ fd, readable: true, writable: false });
    this.#ended = new Promise((resolve) => {
      this.#socket.once('end', resolve);
      this.#socket.once('close', resolve);
      // a read error ends the relay as the end would; a listener that stays, so that none goes unhandled
      this.#socket.on('error', () => resolve());
    });
    this.#socket.on('data', this.#forward);
  }

  get broken(): boolean {
    return this.#broken;
  }

  // Stops reading, hands on what was read, and resolves true once it is all written: from then on the
  // pipe is the worker's. False: the relay had already ended (or broken), and the worker has nothing to do.
  async handOver(): Promise<boolean> {
    if (this.#stopped) {
      await this.#writes;
      return false;
    }
    this.#socket.pause();
    // what libuv has read but the stream still holds: read() hands it to the 'data' listener
    while (this.#socket.read() !== null);
    this.#stop();
    await this.#writes;
    return !this.#broken;
  }

  // After the child's exit: relays until the pipe ends, or gives up once nothing has come for the grace
  // period (a grandchild holding the pipe open; a slow reader is no silence); then all is written.
  async finish(): Promise<void> {
    while (!this.#stopped) {
      const ended = await settlesWithin(this.#ended, POLL_MS);
      if (ended || pipeAbandoned(this.#lastForwarded, Date.now(), this.#queued > 0)) break;
    }
    this.#stop();
    await this.#writes;
  }

  readonly #forward = (chunk: Buffer): void => {
    if (this.#broken) return;
    this.#tail.push(chunk);
    this.#relayed += chunk.length;
    this.#queued += chunk.length;
    if (this.#queued > QUEUE_LIMIT) this.#socket.pause();
    this.#writes = this.#writes.then(() => this.#write(chunk));
    this.#onChunk(this.#relayed);
  };

  async #write(chunk: Buffer): Promise<void> {
    if (this.#broken) return;
    if (!(await writeAll(this.#outFd, chunk))) {
      // xrun's descriptor has gone away (EPIPE): stop reading, so that the command sees the broken pipe
      this.#broken = true;
      this.#stop();
      this.#onBroken();
      return;
    }
    this.#queued -= chunk.length;
    this.#lastForwarded = Date.now();
    if (!this.#stopped && this.#queued <= QUEUE_LIMIT / 2 && this.#socket.isPaused()) this.#socket.resume();
  }

  #stop(): void {
    this.#stopped = true;
    this.#socket.destroy();
  }
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
      await sleep(1);
    }
  }
  return true;
}

function writeSome(fd: number, chunk: Buffer): Promise<number> {
  return new Promise((resolve, reject) => write(fd, chunk, (error, written) => (error ? reject(error) : resolve(written))));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
