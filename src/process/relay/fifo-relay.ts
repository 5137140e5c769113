import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { builtinNow } from '../../model/builtin.js';
import { CopiedTail } from '../../model/stderr-tail.js';
import { makeScratchDir } from '../scratch-dir.js';
import { settlesWithin } from '../timer.js';
import { fifoDirectory, heldPath } from './fifo-directory.js';
import { makeFifo } from './fifo-maker.js';
import { discardFifo, type Fifo, keepFifo, takeFifo } from './fifo-pool.js';
import { EarlyRelay } from './main-thread-relay.js';
import { READER, type RelayWorkerData, relayState, relayWorkerData, SLOT } from './shared-state.js';
import { silentBeforeEnd, WAKE_BYTE } from './silence.js';
import { RELAY_WORKER_SOURCE } from './worker.js';
import { type WriteFailure, writeFailure } from './write-failure.js';

// A relay from a pipe the child writes to (one or both of its stdout and stderr) to one of xrun's
// descriptors, keeping the tail. The pipe is a real pipe (a FIFO, made with mkfifo: Node can make no
// anonymous pipe), so that both of the child's descriptors can be the same pipe, as under the shell's
// 2>&1, and so that a worker thread can read it with plain blocking reads (relay/worker.ts).
export interface PipeRelay {
  // the pipe's write end, for the child's stdout and/or stderr; closed in xrun by spawned()
  readonly childFd: number;
  // the child has been started (it holds the write end now): xrun closes its own
  spawned(): void;
  // waits for the pipe to close, or gives up once nothing has come for a grace period after the child's
  // exit (a grandchild holding the pipe open); then the tail, as text
  drain(): Promise<string>;
  // who reads the pipe now: the main thread (from the start, and to the end for a command that writes
  // little) or the worker thread (once the output is heavy)
  readonly reader: 'main' | 'worker';
  // the write to xrun's descriptor that failed, if one did (known once drain() has resolved): EPIPE,
  // after which the command was given the broken pipe, or another error, after which the rest of the
  // command's output was read and discarded
  readonly writeError: WriteFailure | undefined;
}

const TAIL_BYTES = 64 * 1024;
const WAKE_WAIT_MS = 500;

// A relay to `outFd`, or undefined when no FIFO can be made here (the caller falls back to Node's pipes).
export async function openPipeRelay(outFd: number): Promise<PipeRelay | undefined> {
  // the run's previous attempt's FIFO, or a free one of the user's: no mkfifo on the path of most runs
  const shared = fifoDirectory();
  for (let fifo = takeFifo(shared); fifo !== undefined; fifo = takeFifo(shared)) {
    const relay = relayOn(fifo, outFd);
    if (relay) return relay;
  }
  const made = await makeNewFifo(shared);
  return made && relayOn(made, outFd);
}

function relayOn(fifo: Fifo, outFd: number): FifoRelay | undefined {
  try {
    return new FifoRelay(fifo, outFd);
  } catch {
    // opening the FIFO failed: another, or Node's pipes
    discardFifo(fifo);
    return undefined;
  }
}

// A new FIFO: in the user's FIFO directory, else in a private directory of its own in $TMPDIR (else the
// runtime or cache directory); undefined where none can be made.
async function makeNewFifo(shared: string | undefined): Promise<Fifo | undefined> {
  if (shared !== undefined) {
    const path = heldPath(shared);
    if (await makeFifo(path)) return { path, shared };
  }
  const made = makeScratchDir('xrun-relay-');
  if (!('dir' in made)) return undefined;
  const fifo = { path: join(made.dir, 'pipe'), dir: made.dir };
  if (await makeFifo(fifo.path)) return fifo;
  discardFifo(fifo);
  return undefined;
}

interface WorkerEnd {
  tail: Uint8Array;
  writeError?: { code?: string; errno?: number };
}

// The main thread relays alone until this much has come: a command that writes less (most do) never
// starts the worker, whose start (tens of milliseconds of CPU) and join at exit would cost more than it saves.
const WORKER_AFTER_BYTES = 1 << 20;

class FifoRelay implements PipeRelay {
  readonly childFd: number;
  // blocking reads: the early relay's, then the worker's
  readonly #readFd: number;
  readonly #outFd: number;
  readonly #fifo: Fifo;
  readonly #state = relayState();
  readonly #earlyTail = new CopiedTail(TAIL_BYTES);
  readonly #early: EarlyRelay;
  #ended: Promise<WorkerEnd> | undefined;
  // the worker has been asked for (once; where Node has no worker_threads the early relay goes on alone)
  #workerAsked = false;
  #handingOver: Promise<void> | undefined;
  #draining = false;
  #readFdOpen = true;
  #writeOpen = true;
  #workerWriteError: WriteFailure | undefined;

  constructor(fifo: Fifo, outFd: number) {
    const { path } = fifo;
    this.#fifo = fifo;
    this.#outFd = outFd;
    // a FIFO's ends open without blocking in this order: a non-blocking reader, the writer, then the
    // blocking reader that the early relay and then the worker use
    const probe = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    this.childFd = openSync(path, constants.O_WRONLY);
    this.#readFd = openSync(path, constants.O_RDONLY);
    closeSync(probe);
    const onChunk = (relayed: number) => {
      if (relayed >= WORKER_AFTER_BYTES && !this.#workerAsked && !this.#draining) this.#startWorker();
    };
    this.#early = new EarlyRelay(this.#readFd, outFd, this.#earlyTail, onChunk);
    // xrun's descriptor went away: nothing reads from here on, so that a writer sees the broken pipe
    void this.#early.done.then(() => {
      if (this.#early.broken) this.#keepFromWorker();
    });
  }

  get reader(): 'main' | 'worker' {
    return Atomics.load(this.#state, SLOT.reader) === READER.worker ? 'worker' : 'main';
  }

  // the early relay's, or (after a hand-over) the worker's: a relay whose write failed hands nothing over
  get writeError(): WriteFailure | undefined {
    return this.#early.writeError ?? this.#workerWriteError;
  }

  spawned(): void {
    if (!this.#writeOpen) return;
    this.#writeOpen = false;
    closeSync(this.childFd);
  }

  async drain(): Promise<string> {
    this.spawned();
    this.#draining = true;
    // the early relay ends (at once if it has handed over): the pipe's end, giving up on silence, or the
    // next bytes of a hand-over under way, which then ends
    await this.#early.finish(() => this.#wake());
    await this.#handingOver;
    if (Atomics.load(this.#state, SLOT.reader) !== READER.worker) {
      this.#keepFromWorker();
      // read to its end by the main thread alone (no worker ever had it): empty, with no writer, fit for
      // the next attempt
      if (this.#early.ended && !this.#early.gaveUp && !this.#workerAsked && !this.#readFdOpen) keepFifo(this.#fifo);
      else discardFifo(this.#fifo);
      return this.#earlyTail.text();
    }
    // a worker that never answers keeps its descriptor: closed under it, the number could be reused
    const end = await Promise.race([this.#ended!, this.#abandoned()]);
    discardFifo(this.#fifo);
    const failed = end?.writeError;
    if (failed !== undefined) this.#workerWriteError = writeFailure(failed.code, failed.errno);
    const tail = end === undefined ? Buffer.alloc(0) : Buffer.from(end.tail);
    return Buffer.concat([this.#earlyTail.bytes(), tail]).subarray(-TAIL_BYTES).toString('utf8');
  }

  #startWorker(): void {
    this.#workerAsked = true;
    // loaded here, not for every relay: most never need it
    const Worker = workerClass();
    if (!Worker) return;
    const workerData = relayWorkerData(this.#readFd, this.#outFd, this.#state, TAIL_BYTES);
    const onReady = () => {
      if (!this.#draining && !this.#early.broken) this.#handingOver = this.#handOver();
    };
    // the worker has stopped reading (the end, or xrun's descriptor went away: EPIPE): its read end
    // closes at once, so that a command still writing sees the broken pipe
    this.#ended = startWorker(Worker, workerData, onReady).then((end) => {
      if (this.reader === 'worker') this.#closeReadFd();
      return end;
    });
  }

  // The worker is ready: the early relay stops and hands on what it read; then the worker reads.
  async #handOver(): Promise<void> {
    const go = (await this.#early.handOver()) && !this.#early.gaveUp;
    if (go && Atomics.compareExchange(this.#state, SLOT.reader, READER.main, READER.worker) === READER.main)
      Atomics.notify(this.#state, SLOT.reader);
    // an early relay that discards (a failed write) reads on to the end: its read end stays open
    else this.#keepFromWorker(!this.#early.discarding);
  }

  // The pipe stays the main thread's: a worker waiting (or still starting) ends unread, and its read
  // end closes, so that once the main thread stops reading, a writer sees the broken pipe.
  #keepFromWorker(closeRead = true): void {
    if (Atomics.compareExchange(this.#state, SLOT.reader, READER.main, READER.mainToTheEnd) === READER.main)
      Atomics.notify(this.#state, SLOT.reader);
    if (closeRead && Atomics.load(this.#state, SLOT.reader) !== READER.worker) this.#closeReadFd();
  }

  #closeReadFd(): void {
    if (!this.#readFdOpen) return;
    this.#readFdOpen = false;
    closeSync(this.#readFd);
  }

  // Resolves once the worker has waited in a read for the grace period (a slow reader is no silence);
  // then wakes the worker with one byte so that it ends without handing it on.
  async #abandoned(): Promise<WorkerEnd | undefined> {
    const ended = this.#ended!;
    // the worker counts the chunks it hands on: a new count, or a write under way (to a slow reader), is no silence
    let count = Atomics.load(this.#state, SLOT.chunks);
    let since = Date.now();
    const writing = () => Atomics.load(this.#state, SLOT.inRead) === 0;
    const lastForwardedAt = () => {
      const current = Atomics.load(this.#state, SLOT.chunks);
      if (current !== count || writing()) [count, since] = [current, Date.now()];
      return since;
    };
    if (!(await silentBeforeEnd(ended, lastForwardedAt, writing))) return new Promise<never>(() => {});
    Atomics.store(this.#state, SLOT.gaveUp, 1);
    this.#wake();
    // what it had read is its tail; a worker that does not answer is left behind (it is unref'd)
    return (await settlesWithin(ended, WAKE_WAIT_MS)) ? ended : undefined;
  }

  #wake(): void {
    try {
      const fd = openSync(this.#fifo.path, constants.O_WRONLY | constants.O_NONBLOCK);
      writeSync(fd, Buffer.of(WAKE_BYTE));
      closeSync(fd);
    } catch {
      // the pipe is full or gone: the worker is not blocked reading it
    }
  }
}

// The copy loop's thread.
function startWorker(Worker: WorkerClass, workerData: RelayWorkerData, onReady: () => void): Promise<WorkerEnd> {
  // stdout/stderr: true, so that Node does not pipe the worker's into xrun's (that would build
  // process.stderr, which makes xrun's descriptor non-blocking for every process that shares it)
  const worker = new Worker(RELAY_WORKER_SOURCE, { eval: true, workerData, stdout: true, stderr: true });
  // a worker blocked on a pipe a grandchild holds must never keep xrun alive
  worker.unref();
  const nothing = { tail: new Uint8Array(0) };
  return new Promise<WorkerEnd>((resolve) => {
    worker.on('message', (message: WorkerEnd | { ready: true }) => ('ready' in message ? onReady() : resolve(message)));
    worker.once('error', () => resolve(nothing));
    worker.once('exit', () => resolve(nothing));
  });
}

type WorkerClass = typeof import('node:worker_threads').Worker;

// Node's Worker, loaded at first use; undefined where Node has none (the early relay then does it all).
function workerClass(): WorkerClass | undefined {
  return builtinNow<typeof import('node:worker_threads')>('node:worker_threads')?.Worker;
}
