import type { Interrupts } from './interrupts.js';
import type { Outcome } from './outcome.js';
import { type ChildEnd, spawnChild } from './spawn.js';
import { BoundedTail } from './stderr-tail.js';

export interface AttemptOptions {
  command: readonly string[];
  // the child shares xrun's terminal and process group
  terminal: boolean;
  pipeStderr: boolean;
  timeoutMs?: number;
  killAfterMs: number;
  stopSignal: NodeJS.Signals;
  // called once when xrun starts stopping the child (timeout or a forwarded interrupt)
  onStop?: () => void;
}

export interface AttemptResult {
  outcome: Outcome;
  stderrTail: string;
  // xrun had to SIGKILL the child (after --kill-after, or on a second interrupt)
  killEscalated: boolean;
}

// After the child exits, how long to wait for its stderr pipe to close: a grandchild that keeps
// the pipe open must not keep xrun (and the build) waiting.
const STDERR_DRAIN_GRACE_MS = 200;

// Runs the command once: forwards stderr while keeping its tail, enforces the timeout with
// escalation to SIGKILL, and passes interrupts on to the child.
export async function runAttempt(options: AttemptOptions, interrupts: Interrupts): Promise<AttemptResult> {
  const child = spawnChild(options.command, { detached: !options.terminal, pipeStderr: options.pipeStderr });
  const tail = new BoundedTail();
  const forwarding = child.stderr ? forwardStderr(child.stderr, tail) : undefined;
  let killEscalated = false;
  let timedOut = false;
  let stopping = false;
  const kill = (signal: NodeJS.Signals) => {
    if (signal === 'SIGKILL') killEscalated = true;
    if (!stopping) {
      stopping = true;
      options.onStop?.();
    }
    signalChild(child.pid, signal, !options.terminal);
  };
  const detach = interrupts.attach({ kill });
  const timers: NodeJS.Timeout[] = [];
  if (options.timeoutMs !== undefined) {
    timers.push(
      setTimeout(() => {
        timedOut = true;
        kill(options.stopSignal);
        timers.push(setTimeout(() => kill('SIGKILL'), options.killAfterMs));
      }, options.timeoutMs),
    );
  }
  const end = await child.exited;
  detach();
  for (const timer of timers) clearTimeout(timer);
  const stopped = timedOut || interrupts.received !== undefined;
  // the leader is gone; stragglers of a group we were stopping are killed too
  if (stopped && !options.terminal && end.kind !== 'spawn-error') signalChild(child.pid, 'SIGKILL', true);
  if (forwarding) await forwarding.drain();
  return { outcome: toOutcome(end, timedOut, options.timeoutMs, interrupts.received), stderrTail: tail.text(), killEscalated };
}

function toOutcome(end: ChildEnd, timedOut: boolean, timeoutMs: number | undefined, interrupt: NodeJS.Signals | undefined): Outcome {
  if (end.kind === 'spawn-error') return end;
  if (interrupt) return { kind: 'cancelled', signal: interrupt, ended: end };
  if (timedOut) return { kind: 'timed-out', timeoutMs: timeoutMs ?? 0, ended: end };
  return end;
}

// Sends a signal to the child's process group (or the child alone); a child already gone is fine.
function signalChild(pid: number | undefined, signal: NodeJS.Signals, group: boolean): void {
  if (pid === undefined) return;
  try {
    process.kill(group ? -pid : pid, signal);
  } catch {
    // ESRCH: already gone
  }
}

// Forwards the child's stderr byte for byte to xrun's stderr, keeping the tail. If xrun's stderr
// goes away (EPIPE), stop reading so the child sees the broken pipe as it would without xrun.
function forwardStderr(stderr: NodeJS.ReadableStream & { destroy(): void }, tail: BoundedTail): { drain(): Promise<void> } {
  // when the last byte was handed on (not received: a slow reader must not look like silence)
  let lastForwarded = Date.now();
  let waitingForReader = false;
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const onError = () => {
    stderr.removeAllListeners('data');
    stderr.destroy();
  };
  process.stderr.once('error', onError);
  stderr.on('data', (chunk: Buffer) => {
    tail.push(chunk);
    const flushed = process.stderr.write(chunk);
    lastForwarded = Date.now();
    if (!flushed) {
      waitingForReader = true;
      stderr.pause();
      process.stderr.once('drain', () => {
        waitingForReader = false;
        lastForwarded = Date.now();
        stderr.resume();
      });
    }
  });
  const done = () => {
    process.stderr.removeListener('error', onError);
    finish();
  };
  stderr.once('end', done);
  stderr.once('close', done);
  // Waits for the pipe to close, or gives up once no byte has come for a grace period after the
  // child's exit (a grandchild holding the pipe open).
  const drain = async () => {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), Math.max(1, lastForwarded + STDERR_DRAIN_GRACE_MS - Date.now()));
      });
      const wentIdle = await Promise.race([ended.then(() => false), idle]);
      clearTimeout(timer);
      if (!wentIdle) return;
      if (!waitingForReader && Date.now() - lastForwarded >= STDERR_DRAIN_GRACE_MS) {
        stderr.destroy();
        done();
        return;
      }
    }
  };
  return { drain };
}
