import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync, write, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoundedTail } from '../model/stderr-tail.js';
import { RELAY_WORKER_SOURCE } from './relay-worker.js';
import { pipeAbandoned } from './stderr-relay.js';

// A relay from a pipe the child writes to (one or both of its stdout and stderr) to one of xrun's
// descriptors, keeping the tail. The pipe is a real pipe (a FIFO, made with mkfifo: Node can make no
// anonymous pipe), so that both of the child's descriptors can be the same pipe, as under the shell's
// 2>&1, and so that a worker thread can read it with plain blocking reads (relay-worker.ts).
export interface PipeRelay {
  // the pipe's write end, for the child's stdout and/or stderr; closed in xrun by spawned()
  readonly childFd: number;
  // the child has been started (it holds the write end now): xrun closes its own
  spawned(): void;
  // waits for the pipe to close, or gives up once nothing has come for a grace period after the child's
  // exit (a grandchild holding the pipe open); then the tail, as text
  drain(): Promise<string>;
  // who has read the pipe: nobody yet, the worker thread, or the main thread (a run that ended first)
  readonly reader: 'none' | 'worker' | 'main';
}

const TAIL_BYTES = 64 * 1024;
const POLL_MS = 50;
const WAKE_WAIT_MS = 500;

// A relay to `outFd`, or undefined when no FIFO can be made here (the caller falls back to Node's pipes).
export function openPipeRelay(outFd: number): PipeRelay | undefined {
  const Worker = workerClass();
  if (!Worker) return undefined;
  let dir: string | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), 'xrun-relay-'));
    const path = join(dir, 'pipe');
    // no -m: coreutils sets it through /proc, which some systems lack; the directory is private (0700)
    execFileSync('mkfifo', [path], { stdio: 'ignore' });
    return new FifoRelay(dir, path, outFd, Worker);
  } catch {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

interface WorkerEnd {
  tail: Uint8Array;
  broken: boolean;
}

// How long the command runs before the worker starts: a command that ends sooner (a quick failure, a
// retry's fast "busy") costs no thread start, whose join at exit is most of a relay's start-up cost.
const WORKER_DELAY_MS = 20;

class FifoRelay implements PipeRelay {
  readonly childFd: number;
  // the worker's: blocking reads
  readonly #readFd: number;
  // the same pipe, non-blocking: what the main thread drains when the command ends before the worker reads
  readonly #pollFd: number;
  readonly #outFd: number;
  readonly #dir: string;
  readonly #path: string;
  readonly #Worker: WorkerClass;
  readonly #state = new Int32Array(new SharedArrayBuffer(16));
  #ended: Promise<WorkerEnd> | undefined;
  #delay: NodeJS.Timeout | undefined;
  #writeOpen = true;

  constructor(dir: string, path: string, outFd: number, Worker: WorkerClass) {
    this.#dir = dir;
    this.#path = path;
    this.#outFd = outFd;
    this.#Worker = Worker;
    // a FIFO's ends open without blocking in this order: a non-blocking reader, the writer, then the
    // blocking reader the worker uses
    this.#pollFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    this.childFd = openSync(path, constants.O_WRONLY);
    this.#readFd = openSync(path, constants.O_RDONLY);
  }

  get reader(): 'none' | 'worker' | 'main' {
    return (['none', 'worker', 'main'] as const)[Atomics.load(this.#state, 3)]!;
  }

  spawned(): void {
    if (!this.#writeOpen) return;
    this.#writeOpen = false;
    closeSync(this.childFd);
    this.#delay = setTimeout(() => this.#startWorker(), WORKER_DELAY_MS);
  }

  async drain(): Promise<string> {
    this.spawned();
    clearTimeout(this.#delay);
    // no worker reads yet (a short run): the main thread drains, and a worker still starting ends unread
    if (Atomics.compareExchange(this.#state, 3, 0, 2) === 0) return this.#drainHere();
    // a worker that never answers keeps its descriptor: closed under it, the number could be reused
    const end = await Promise.race([this.#ended!, this.#abandoned()]);
    rmSync(this.#dir, { recursive: true, force: true });
    return end === undefined ? '' : Buffer.from(end.tail).toString('utf8');
  }

  #startWorker(): void {
    // the worker has stopped reading (the end, or xrun's descriptor went away: EPIPE): xrun's read
    // ends close at once, so that a command still writing sees the broken pipe
    const workerData = { fd: this.#readFd, outFd: this.#outFd, shared: this.#state.buffer, tailLimit: TAIL_BYTES };
    this.#ended = startWorker(this.#Worker, workerData).then((end) => {
      // a worker that never read (the main thread's claim came first, or it failed to start) leaves
      // the descriptors to the main thread's drain
      if (this.reader === 'worker') this.#closeReadEnds();
      return end;
    });
  }

  // Resolves once the worker has waited in a read for the grace period (a slow reader, or a worker
  // still starting, is no silence); then wakes the worker with one byte so that it ends without handing it on.
  async #abandoned(): Promise<WorkerEnd | undefined> {
    const ended = this.#ended!;
    let count = Atomics.load(this.#state, 0);
    let since = Date.now();
    for (;;) {
      const done = await Promise.race([ended.then(() => true), sleep(POLL_MS).then(() => false)]);
      if (done) return new Promise<never>(() => {});
      const now = Date.now();
      const current = Atomics.load(this.#state, 0);
      if (current !== count) [count, since] = [current, now];
      // not yet started, or writing to a slow reader: no silence of the pipe's
      const busy = Atomics.load(this.#state, 1) === 0;
      if (busy) since = now;
      if (pipeAbandoned(since, now, busy)) break;
    }
    Atomics.store(this.#state, 2, 1);
    this.#wake();
    // what it had read is its tail; a worker that does not answer is left behind (it is unref'd)
    return Promise.race([ended, sleep(WAKE_WAIT_MS).then(() => undefined)]);
  }

  // What the command left in the pipe, relayed by the main thread; then, while a grandchild holds the
  // pipe open, what comes, until it closes or stays silent for the grace period. Writes go through
  // libuv's thread pool, so that a reader that does not read never blocks xrun's signal handling.
  async #drainHere(): Promise<string> {
    const tail = new BoundedTail(TAIL_BYTES);
    let since = Date.now();
    for (;;) {
      const chunk = readAvailable(this.#pollFd);
      if (chunk === undefined) break;
      if (chunk.length > 0) {
        if (!(await writeAll(this.#outFd, chunk))) break;
        tail.push(chunk);
        since = Date.now();
      } else if (pipeAbandoned(since, Date.now(), false)) break;
      else await sleep(POLL_MS);
    }
    // a worker that starts now sees the main thread's claim and touches neither descriptor
    this.#closeReadEnds();
    rmSync(this.#dir, { recursive: true, force: true });
    return tail.text();
  }

  #closeReadEnds(): void {
    closeSync(this.#readFd);
    closeSync(this.#pollFd);
  }

  #wake(): void {
    try {
      const fd = openSync(this.#path, constants.O_WRONLY | constants.O_NONBLOCK);
      writeSync(fd, '\n');
      closeSync(fd);
    } catch {
      // the pipe is full or gone: the worker is not blocked reading it
    }
  }
}

// What a non-blocking descriptor has now: bytes, none yet (empty), or the end (undefined: every writer gone).
function readAvailable(fd: number): Buffer | undefined {
  const buffer = Buffer.allocUnsafe(64 * 1024);
  try {
    const length = readSync(fd, buffer, 0, buffer.length, null);
    return length === 0 ? undefined : buffer.subarray(0, length);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EAGAIN' ? Buffer.alloc(0) : undefined;
  }
}

// All of the chunk to xrun's descriptor, waiting out a slow reader when the descriptor is non-blocking;
// false once it has gone away (EPIPE: xrun stops reading, so a writer still there sees the broken pipe).
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

// The copy loop's thread. node:worker_threads is loaded at first use, never inside the startup snapshot:
// Node's worker module set up in a snapshot starts workers that fail at once (its cwd counter is lost).
function startWorker(Worker: WorkerClass, workerData: Record<string, unknown>): Promise<WorkerEnd> {
  // stdout/stderr: true, so that Node does not pipe the worker's into xrun's (that would build
  // process.stderr, which makes xrun's descriptor non-blocking for every process that shares it)
  const worker = new Worker(RELAY_WORKER_SOURCE, { eval: true, workerData, stdout: true, stderr: true });
  // a worker blocked on a pipe a grandchild holds must never keep xrun alive
  worker.unref();
  const nothing = { tail: new Uint8Array(0), broken: false };
  return new Promise<WorkerEnd>((resolve) => {
    worker.once('message', (end: WorkerEnd) => resolve(end));
    worker.once('error', () => resolve(nothing));
    worker.once('exit', () => resolve(nothing));
  });
}

type WorkerClass = typeof import('node:worker_threads').Worker;

// Node's Worker, loaded at first use and synchronously (a snapshot has no dynamic import): through
// process.getBuiltinModule (Node 20.16 and later), else through a require made for it (an older Node
// runs the bundle, not a snapshot); undefined where neither loads it (the caller uses Node's pipes).
function workerClass(): WorkerClass | undefined {
  type Load = (id: string) => typeof import('node:worker_threads');
  const load = (process.getBuiltinModule as Load | undefined) ?? (createRequire(process.execPath) as Load);
  try {
    return load('node:worker_threads').Worker;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
