import type { OutputError, OutputStream } from '../model/output-error.js';
import { HeldStdout } from '../process/relay/held-stdout.js';
import { writeAll } from '../process/relay/main-thread-relay.js';
import { failureOf, type WriteFailure } from '../process/relay/write-failure.js';
import { heldStdoutLine, outputLostLine } from './messages.js';
import type { RunResult } from './supervise.js';

// --hold-stdout over a run: each attempt's stdout is held (process/relay/held-stdout.ts); a failed attempt's
// goes to stderr, under one header line, once the next attempt starts; the attempt that ends the run (its
// success, its last failure, the one an interrupt, the deadline or the fleet ended) goes to stdout when the
// run ends. Loaded with import() by run-plan.ts, only with the option.
export class HeldRun {
  #held: { attempt: number; stdout: HeldStdout } | undefined;
  // writes of held output that failed (other than EPIPE), by attempt: they are the run's lost output
  readonly #lost = new Map<number, OutputError>();
  // the header line (informational: --quiet drops it) and the lost-output line (always said)
  readonly #info: (line: string) => void;
  readonly #warn: (line: string) => void;

  constructor(info: (line: string) => void, warn: (line: string) => void) {
    this.#info = info;
    this.#warn = warn;
  }

  // Another attempt is starting: the previous one's stdout goes to stderr, under its header (none for
  // an attempt that wrote nothing); a line is ended that the command left open, so that xrun's next
  // line starts a line of its own.
  async releaseFailed(): Promise<void> {
    const held = this.#takeHeld();
    if (held === undefined) return;
    const { bytes } = held.stdout.size;
    if (bytes > 0) this.#info(heldStdoutLine(held.attempt, bytes));
    const endsLine = held.stdout.endsLine;
    const failure =
      (await held.stdout.passOn(2)) ?? (endsLine ? undefined : newlineFailure(await writeAll(2, Buffer.of(0x0a))));
    this.#note(held.attempt, 'stderr', failure);
  }

  // The sink of attempt `attempt`'s stdout.
  next(attempt: number): HeldStdout {
    const stdout = new HeldStdout();
    this.#held = { attempt, stdout };
    return stdout;
  }

  // The run has ended: the last attempt's stdout goes to stdout. Every held write that failed is added
  // to its attempt's outputErrors (the report's, and the exit status's: never success).
  async passOnLast(result: RunResult): Promise<void> {
    const held = this.#takeHeld();
    if (held !== undefined) this.#note(held.attempt, 'stdout', await held.stdout.passOn(1));
    for (const record of [...result.attempts, result.last]) {
      const lost = this.#lost.get(record.attempt);
      if (lost !== undefined && !record.outputErrors?.includes(lost))
        record.outputErrors = [...(record.outputErrors ?? []), lost];
    }
  }

  // Lets go of what is still held (a run that threw): the spill file's descriptor.
  discard(): void {
    this.#takeHeld()?.stdout.discard();
  }

  #takeHeld(): { attempt: number; stdout: HeldStdout } | undefined {
    const held = this.#held;
    this.#held = undefined;
    return held;
  }

  // EPIPE is no loss: the reader went away (the command, already ended, cannot be given the broken pipe).
  #note(attempt: number, stream: OutputStream, failure: WriteFailure | undefined): void {
    if (failure === undefined || failure.errno === 'EPIPE') return;
    const lost: OutputError = { stream, ...failure };
    this.#lost.set(attempt, lost);
    this.#warn(outputLostLine(lost));
  }
}

function newlineFailure(error: unknown): WriteFailure | undefined {
  return error === undefined ? undefined : failureOf(error);
}
