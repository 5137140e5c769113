import type { BoundedTail } from '../../model/stderr-tail.js';
import { stderrStream, stdoutStream } from '../stdio.js';
import { silentBeforeEnd } from './silence.js';
import { failureOf, type WriteFailure } from './write-failure.js';
import { collectYoungGeneration, RELAY_GC_BYTES } from './young-gc.js';

type ChildStderr = NodeJS.ReadableStream & { destroy(): void };
type RelayTarget = NodeJS.WritableStream;

// Forwards the child's stderr (or, under output rules, its stdout) byte for byte to xrun's own,
// keeping the tail. If xrun's stream goes away (EPIPE), stop reading so the child sees the broken pipe
// as it would without xrun; if a write fails otherwise (ENOSPC, EIO), read on and discard, so that the
// child is neither blocked nor killed by SIGPIPE. drain() resolves the failed write, if one failed.
// `to` may also be a stream of xrun's (--hold-stdout's sink, relay/held-stdout.ts).
export function forwardStream(
  from: ChildStderr,
  to: 'stdout' | 'stderr' | RelayTarget,
  tail: BoundedTail,
): { drain(): Promise<WriteFailure | undefined> } {
  const open = to === 'stderr' ? stderrStream : to === 'stdout' ? stdoutStream : () => to;
  const relay = new StreamRelay(from, open, tail);
  return { drain: () => relay.drain() };
}

class StreamRelay {
  readonly #stderr: ChildStderr;
  readonly #tail: BoundedTail;
  readonly #open: () => RelayTarget;
  // when the last byte was handed on (not received: a slow reader must not look like silence)
  #lastForwarded = Date.now();
  #waitingForReader = false;
  #sinceCollection = 0;
  // xrun's stream is built at the first byte: a silent command costs nothing (stdio.ts)
  #out: RelayTarget | undefined;
  #writeError: WriteFailure | undefined;
  readonly #ended: Promise<void>;
  #finish!: () => void;

  constructor(stderr: ChildStderr, open: () => RelayTarget, tail: BoundedTail) {
    this.#stderr = stderr;
    this.#open = open;
    this.#tail = tail;
    this.#ended = new Promise<void>((resolve) => (this.#finish = resolve));
    stderr.on('data', (chunk: Buffer) => this.#forward(chunk));
    stderr.once('end', this.#done);
    stderr.once('close', this.#done);
  }

  // Waits for the pipe to close, or gives up once no byte has come for a grace period after the
  // child's exit (a grandchild holding the pipe open); then for what xrun's stream has not yet taken,
  // so that a write failing late is known. The failed write, if one failed.
  async drain(): Promise<WriteFailure | undefined> {
    if (
      await silentBeforeEnd(
        this.#ended,
        () => this.#lastForwarded,
        () => this.#waitingForReader,
      )
    ) {
      this.#stderr.destroy();
      this.#done();
    }
    const out = this.#out;
    if (out && this.#writeError === undefined) await new Promise((resolve) => out.write('', resolve));
    out?.removeListener('error', this.#onError);
    return this.#writeError;
  }

  // One chunk from the child: kept in the tail, handed on to xrun's stderr (unless a write failed).
  #forward(chunk: Buffer): void {
    if (!this.#out) {
      this.#out = this.#open();
      this.#out.once('error', this.#onError);
    }
    this.#tail.push(chunk);
    this.#lastForwarded = Date.now();
    this.#countTowardsCollection(chunk.length);
    if (this.#writeError === undefined && !this.#out.write(chunk)) this.#waitForReader(this.#out);
  }

  // the relay's read buffers are freed by a young-generation collection now and then (relay/young-gc.ts)
  #countTowardsCollection(bytes: number): void {
    this.#sinceCollection += bytes;
    if (this.#sinceCollection < RELAY_GC_BYTES) return;
    this.#sinceCollection = 0;
    collectYoungGeneration();
  }

  // The reader is slower than the child: stop reading until it has caught up (backpressure).
  #waitForReader(out: RelayTarget): void {
    this.#waitingForReader = true;
    this.#stderr.pause();
    out.once('drain', () => {
      this.#waitingForReader = false;
      this.#lastForwarded = Date.now();
      this.#stderr.resume();
    });
  }

  // xrun's stream is gone (EPIPE): stop reading so the child sees the broken pipe. Another error: read
  // on (a reader waited for will not come) and discard.
  readonly #onError = (error: Error): void => {
    this.#writeError = failureOf(error);
    if (this.#writeError.errno === 'EPIPE') {
      this.#stderr.removeAllListeners('data');
      this.#stderr.destroy();
      return;
    }
    if (!this.#waitingForReader) return;
    this.#waitingForReader = false;
    this.#stderr.resume();
  };

  // The pipe has ended (or xrun gave up on it).
  readonly #done = (): void => {
    this.#finish();
  };
}
