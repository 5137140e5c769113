import { read, write } from 'node:fs';
import type { CopiedTail } from '../../model/stderr-tail.js';
import { keptAfterWake, silentBeforeEnd } from './silence.js';
import { failureOf, type WriteFailure } from './write-failure.js';

// The main thread's relay of the child's FIFO (relay/fifo-relay.ts), from the start until the worker thread
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
  // finish() gave up on a grandchild: of what the read under way returns, the waking byte is not handed on
  #gaveUp = false;
  #ended = false;
  // the write that failed, if one did: EPIPE stops the relay; any other error (ENOSPC, EIO) turns it
  // into a drain that reads on to the end and discards, so that the command is neither blocked nor
  // killed by SIGPIPE (without xrun its write would have failed, and it would have gone on)
  #writeError: WriteFailure | undefined;
  #discarding = false;
  readonly #failed: Promise<void>;
  #onFailed!: () => void;

  // `fd`: the FIFO's blocking read end (the worker's after the hand-over)
  constructor(fd: number, outFd: number, tail: CopiedTail, onChunk: (relayed: number) => void) {
    this.#fd = fd;
    this.#outFd = outFd;
    this.#tail = tail;
    this.#onChunk = onChunk;
    this.#failed = new Promise<void>((resolve) => (this.#onFailed = resolve));
    this.done = this.#relay();
  }

  // xrun's descriptor has gone away (EPIPE): the relay has stopped reading
  get broken(): boolean {
    return this.#writeError?.errno === 'EPIPE';
  }

  // a write to xrun's descriptor failed with another error: the relay reads on and discards
  get discarding(): boolean {
    return this.#discarding;
  }

  // the failed write, if any (EPIPE or another)
  get writeError(): WriteFailure | undefined {
    return this.#writeError;
  }

  // the pipe ended: every writer closed it and all it held was read
  get ended(): boolean {
    return this.#ended;
  }

  // finish() gave up on a silent pipe (a grandchild holding it open): nobody is to read it any more
  get gaveUp(): boolean {
    return this.#gaveUp;
  }

  // Stops after the read under way (the next bytes, or the end) is handed on; true once the pipe can be
  // the worker's, false when the relay had ended (or broken) and the worker has nothing to do, or when
  // a write failed and it reads on (discarding) to the end itself.
  async handOver(): Promise<boolean> {
    if (this.#discarding) return false;
    this.#stopAsked = true;
    await Promise.race([this.done, this.#failed]);
    return !this.#ended && !this.broken && !this.#discarding;
  }

  // After the child's exit: relays until the pipe ends, or gives up once nothing has come for the grace
  // period (a grandchild holding the pipe open), when `wake` unblocks the read under way with one byte,
  // which is not handed on (keptAfterWake).
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
    // a hand-over does not stop a relay that discards: it reads on to the end (or gives up)
    while (!this.#stopAsked || this.#discarding) {
      this.#reading = true;
      const length = await readSome(this.#fd, this.#buffer);
      this.#reading = false;
      if (length === 0) {
        this.#ended = true;
        return;
      }
      // after giving up, the read that the waking byte ended may also hold the command's last bytes
      const read = this.#buffer.subarray(0, length);
      const chunk = this.#gaveUp ? read.subarray(0, keptAfterWake(read)) : read;
      if (chunk.length === 0) return;
      this.#tail.push(chunk);
      if (!this.#discarding && !(await this.#write(chunk))) return;
      this.#lastForwarded = Date.now();
      this.#relayed += chunk.length;
      if (!this.#discarding) this.#onChunk(this.#relayed);
      if (this.#gaveUp) return;
    }
  }

  // False once xrun's descriptor has gone away (EPIPE); another error is kept and the relay discards.
  async #write(chunk: Buffer): Promise<boolean> {
    const error = await writeAll(this.#outFd, chunk);
    if (error === undefined) return true;
    this.#writeError = failureOf(error);
    if (this.broken) return false;
    this.#discarding = true;
    this.#onFailed();
    return true;
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
// so); the error of a write that failed otherwise (EPIPE: the reader went away; ENOSPC, EIO, ...).
export async function writeAll(fd: number, chunk: Buffer): Promise<unknown> {
  let offset = 0;
  while (offset < chunk.length) {
    try {
      offset += await writeSome(fd, chunk.subarray(offset));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EINTR') return error;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
  return undefined;
}

function writeSome(fd: number, chunk: Buffer): Promise<number> {
  return new Promise((resolve, reject) =>
    write(fd, chunk, (error, written) => (error ? reject(error) : resolve(written))),
  );
}
