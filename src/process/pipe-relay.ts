import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
}

const TAIL_BYTES = 64 * 1024;
const POLL_MS = 50;
const WAKE_WAIT_MS = 500;

// A relay to `outFd`, or undefined when no FIFO can be made here (the caller falls back to Node's pipes).
export function openPipeRelay(outFd: 1 | 2): PipeRelay | undefined {
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

class FifoRelay implements PipeRelay {
  readonly childFd: number;
  readonly #readFd: number;
  readonly #dir: string;
  readonly #path: string;
  readonly #state = new Int32Array(new SharedArrayBuffer(12));
  readonly #ended: Promise<WorkerEnd>;
  #writeOpen = true;

  constructor(dir: string, path: string, outFd: 1 | 2, Worker: WorkerClass) {
    this.#dir = dir;
    this.#path = path;
    // a FIFO's ends open without blocking in this order: a non-blocking reader, the writer, then the
    // blocking reader the worker uses
    const probe = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    this.childFd = openSync(path, constants.O_WRONLY);
    this.#readFd = openSync(path, constants.O_RDONLY);
    closeSync(probe);
    // the worker has stopped reading (the end, or xrun's descriptor went away: EPIPE): xrun's read
    // end closes at once, so that a command still writing sees the broken pipe
    this.#ended = startWorker(Worker, { fd: this.#readFd, outFd, shared: this.#state.buffer, tailLimit: TAIL_BYTES }).then((end) => {
      closeSync(this.#readFd);
      return end;
    });
  }

  spawned(): void {
    if (!this.#writeOpen) return;
    this.#writeOpen = false;
    closeSync(this.childFd);
  }

  async drain(): Promise<string> {
    this.spawned();
    // a worker that never answers keeps its descriptor: closed under it, the number could be reused
    const end = await Promise.race([this.#ended, this.#abandoned()]);
    rmSync(this.#dir, { recursive: true, force: true });
    return end === undefined ? '' : Buffer.from(end.tail).toString('utf8');
  }

  // Resolves once the worker has waited in a read for the grace period (a slow reader, or a worker
  // still starting, is no silence); then wakes the worker with one byte so that it ends without handing it on.
  async #abandoned(): Promise<WorkerEnd | undefined> {
    let count = Atomics.load(this.#state, 0);
    let since = Date.now();
    for (;;) {
      const ended = await Promise.race([this.#ended.then(() => true), sleep(POLL_MS).then(() => false)]);
      if (ended) return new Promise<never>(() => {});
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
    return Promise.race([this.#ended, sleep(WAKE_WAIT_MS).then(() => undefined)]);
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

// Node's Worker, loaded synchronously (a snapshot has no dynamic import); undefined on a Node too old
// for process.getBuiltinModule (before 20.16), which then relays through Node's pipes.
function workerClass(): WorkerClass | undefined {
  return (process.getBuiltinModule as ((id: string) => typeof import('node:worker_threads')) | undefined)?.('node:worker_threads').Worker;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
