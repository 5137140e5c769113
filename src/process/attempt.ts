import { closeSync } from 'node:fs';
import type { OomEvidence } from '../model/oom.js';
import type { Outcome } from '../model/outcome.js';
import type { OutputError } from '../model/output-error.js';
import type { StructuredReading } from '../model/structured/index.js';
import type { Interrupts } from './interrupts.js';
import { childStreams } from './relay/child-streams.js';
import type { HeldSize, HeldStdout } from './relay/held-stdout.js';
import { type ChildEnd, spawnChild } from './spawn.js';
import type { AttemptStdin } from './stdin-replay.js';
import { type NoProcessList, type StopTarget, stopTarget } from './stop-target.js';
import { type LongTimeout, setLongTimeout } from './timer.js';

export interface AttemptOptions {
  command: readonly string[];
  // variables added to the command's environment (XRUN_ATTEMPT, XRUN_ATTEMPTS)
  env?: Readonly<Record<string, string>>;
  // the child shares xrun's terminal and process group
  terminal: boolean;
  // xrun reads the command's stderr (and relays every byte); else it stays xrun's own descriptor
  readStderr: boolean;
  // xrun reads stdout too (output rules); else it stays xrun's own descriptor
  readStdout: boolean;
  // --hold-stdout: the command's stdout goes here instead (its tail is still read for the output rules)
  holdStdout?: HeldStdout;
  timeoutMs?: number;
  killAfterMs: number;
  stopSignal: NodeJS.Signals;
  // a forwarded SIGTERM is sent as this (the tool's graceful cancel)
  forwardedTermSignal?: NodeJS.Signals;
  stdin: AttemptStdin;
  extraFds: readonly number[];
  // called once when xrun starts stopping the child (timeout or a forwarded interrupt)
  onStop?: () => void;
  // told what xrun cannot do for want of a process list (no /proc, no ps)
  noProcessList?: NoProcessList;
}

export interface AttemptResult {
  outcome: Outcome;
  stderrTail: string;
  // the last 64 KiB of stdout, when it was read (else empty)
  stdoutTail: string;
  // the writes of the command's output that xrun relays (to its stdout or stderr) that failed
  outputErrors: OutputError[];
  // xrun had to SIGKILL the child (after --kill-after, or on a second interrupt)
  killEscalated: boolean;
  // the tool's own report of the attempt (--structured)
  structured?: StructuredReading;
  // a container's exit 137 looked into (process/tools/oom-evidence.ts)
  oom?: OomEvidence;
  // --hold-stdout: how much of the command's stdout was held
  heldStdout?: HeldSize;
}

// Runs the command once: relays the streams xrun reads while keeping their tails (relay/child-streams.ts), enforces the timeout with
// escalation to SIGKILL, and passes interrupts on to the child.
export async function runAttempt(options: AttemptOptions, interrupts: Interrupts): Promise<AttemptResult> {
  const { stdin } = options;
  const interruptedBefore = interrupts.received !== undefined;
  const streams = await childStreams(options.readStdout, options.readStderr, options.holdStdout);
  const child = spawnChild(options.command, {
    detached: !options.terminal,
    stdout: streams.stdout,
    stderr: streams.stderr,
    stdin: stdin.stdio,
    extraFds: options.extraFds,
    parentDeathSignal: options.stopSignal,
    ...(options.env ? { env: options.env } : {}),
  });
  streams.started(child);
  const disconnectStdin = stdin.connect(child.stdin);
  const stopper = new Stopper(stopTarget(child.pid, options.terminal, options.noProcessList), options);
  const termAs = options.forwardedTermSignal ?? 'SIGTERM';
  const detach = interrupts.attach({ kill: (signal) => stopper.kill(signal === 'SIGTERM' ? termAs : signal) });
  if (options.timeoutMs !== undefined) stopper.timeOutAfter(options.timeoutMs);
  // an interrupt that came while the relays' FIFOs were being made found no child: it is passed on now
  if (!interruptedBefore && interrupts.received !== undefined)
    stopper.kill(interrupts.received === 'SIGTERM' ? termAs : interrupts.received);
  const end = await child.exited;
  detach();
  disconnectStdin();
  if (stdin.ownedFd !== undefined) closeSync(stdin.ownedFd);
  stopper.clear();
  const stopped = stopper.timedOut || interrupts.received !== undefined;
  if (stopped && end.kind !== 'spawn-error') await stopper.endStragglers();
  const { stdoutTail, stderrTail, outputErrors } = await streams.drain();
  const outcome = toOutcome(end, stopper.timedOut, options.timeoutMs, interrupts.received);
  const held = options.holdStdout ? { heldStdout: options.holdStdout.size } : {};
  return { outcome, stderrTail, stdoutTail, outputErrors, killEscalated: stopper.killEscalated, ...held };
}

// Stops the child. Every stop signal xrun sends (the --timeout signal, a forwarded SIGTERM, SIGINT or
// SIGHUP) is followed by SIGKILL after --kill-after if the command is still running. Signals the
// terminal delivers itself (Ctrl-C in terminal mode) are not xrun's, and start no such clock.
class Stopper {
  // xrun had to SIGKILL the child (after --kill-after, or on a second interrupt)
  killEscalated = false;
  timedOut = false;
  #stopping = false;
  #escalation: LongTimeout | undefined;
  #timeout: LongTimeout | undefined;
  readonly #target: StopTarget;
  readonly #options: Pick<AttemptOptions, 'killAfterMs' | 'stopSignal' | 'onStop'>;

  constructor(target: StopTarget, options: Pick<AttemptOptions, 'killAfterMs' | 'stopSignal' | 'onStop'>) {
    this.#target = target;
    this.#options = options;
  }

  // A stop signal to the command (a forwarded interrupt, the timeout's, the escalation's SIGKILL).
  readonly kill = (signal: NodeJS.Signals): void => {
    if (signal === 'SIGKILL') this.killEscalated = true;
    if (!this.#stopping) {
      this.#stopping = true;
      this.#options.onStop?.();
    }
    this.#target.signal(signal);
    if (signal !== 'SIGKILL' && this.#escalation === undefined)
      this.#escalation = setLongTimeout(() => this.kill('SIGKILL'), this.#options.killAfterMs);
  };

  // --timeout: the stop signal once `timeoutMs` has passed.
  timeOutAfter(timeoutMs: number): void {
    this.#timeout = setLongTimeout(() => {
      this.timedOut = true;
      this.kill(this.#options.stopSignal);
    }, timeoutMs);
  }

  // The command has exited: no clock may fire any more.
  clear(): void {
    this.#timeout?.clear();
    this.#escalation?.clear();
  }

  // The command is gone; stragglers of what xrun was stopping get the same grace, then SIGKILL.
  async endStragglers(): Promise<void> {
    if (await this.#target.stragglersGone(this.#options.killAfterMs)) return;
    this.#target.killStragglers();
    this.killEscalated = true;
  }
}

function toOutcome(
  end: ChildEnd,
  timedOut: boolean,
  timeoutMs: number | undefined,
  interrupt: NodeJS.Signals | undefined,
): Outcome {
  if (end.kind === 'spawn-error') return end;
  if (interrupt) return { kind: 'cancelled', signal: interrupt, ended: end };
  if (timedOut) return { kind: 'timed-out', timeoutMs: timeoutMs ?? 0, ended: end };
  return end;
}
