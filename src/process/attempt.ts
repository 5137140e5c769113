import type { Interrupts } from './interrupts.js';
import type { Outcome } from '../model/outcome.js';
import { closeSync } from 'node:fs';
import { type ChildEnd, spawnChild } from './spawn.js';
import type { AttemptStdin } from './stdin-replay.js';
import { BoundedTail } from '../model/stderr-tail.js';
import { type NoProcessList, stopTarget } from './stop-target.js';
import { stderrStream } from './stdio.js';
import { type LongTimeout, setLongTimeout } from './timer.js';
import { collectYoungGeneration, RELAY_GC_BYTES } from './young-gc.js';

export interface AttemptOptions {
  command: readonly string[];
  // the child shares xrun's terminal and process group
  terminal: boolean;
  pipeStderr: boolean;
  timeoutMs?: number;
  killAfterMs: number;
  stopSignal: NodeJS.Signals;
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
  // xrun had to SIGKILL the child (after --kill-after, or on a second interrupt)
  killEscalated: boolean;
}

// After the child exits, how long to wait for its stderr pipe to close: a grandchild that keeps
// the pipe open must not keep xrun (and the build) waiting.
const STDERR_DRAIN_GRACE_MS = 200;

// Runs the command once: forwards stderr while keeping its tail, enforces the timeout with
// escalation to SIGKILL, and passes interrupts on to the child.
export async function runAttempt(options: AttemptOptions, interrupts: Interrupts): Promise<AttemptResult> {
  const { stdin } = options;
  const child = spawnChild(options.command, {
    detached: !options.terminal,
    pipeStderr: options.pipeStderr,
    stdin: stdin.stdio,
    extraFds: options.extraFds,
    parentDeathSignal: options.stopSignal,
  });
  const disconnectStdin = stdin.connect(child.stdin);
  const tail = new BoundedTail();
  const forwarding = child.stderr ? forwardStderr(child.stderr, tail) : undefined;
  let killEscalated = false;
  let timedOut = false;
  let stopping = false;
  const target = stopTarget(child.pid, options.terminal, options.noProcessList);
  const timers: LongTimeout[] = [];
  let escalation: LongTimeout | undefined;
  // Every stop signal xrun sends (the --timeout signal, a forwarded SIGTERM, SIGINT or SIGHUP) is
  // followed by SIGKILL after --kill-after if the command is still running. Signals the terminal
  // delivers itself (Ctrl-C in terminal mode) are not xrun's, and start no such clock.
  const kill = (signal: NodeJS.Signals) => {
    if (signal === 'SIGKILL') killEscalated = true;
    if (!stopping) {
      stopping = true;
      options.onStop?.();
    }
    target.signal(signal);
    if (signal !== 'SIGKILL' && escalation === undefined) {
      escalation = setLongTimeout(() => kill('SIGKILL'), options.killAfterMs);
      timers.push(escalation);
    }
  };
  const detach = interrupts.attach({ kill });
  if (options.timeoutMs !== undefined) {
    timers.push(
      setLongTimeout(() => {
        timedOut = true;
        kill(options.stopSignal);
      }, options.timeoutMs),
    );
  }
  const end = await child.exited;
  detach();
  disconnectStdin();
  if (stdin.ownedFd !== undefined) closeSync(stdin.ownedFd);
  for (const timer of timers) timer.clear();
  const stopped = timedOut || interrupts.received !== undefined;
  // the command is gone; stragglers of what we were stopping get the same grace, then SIGKILL
  if (stopped && end.kind !== 'spawn-error' && !(await target.stragglersGone(options.killAfterMs))) {
    target.killStragglers();
    killEscalated = true;
  }
  if (forwarding) await forwarding.drain();
  return { outcome: toOutcome(end, timedOut, options.timeoutMs, interrupts.received), stderrTail: tail.text(), killEscalated };
}

function toOutcome(end: ChildEnd, timedOut: boolean, timeoutMs: number | undefined, interrupt: NodeJS.Signals | undefined): Outcome {
  if (end.kind === 'spawn-error') return end;
  if (interrupt) return { kind: 'cancelled', signal: interrupt, ended: end };
  if (timedOut) return { kind: 'timed-out', timeoutMs: timeoutMs ?? 0, ended: end };
  return end;
}

// Forwards the child's stderr byte for byte to xrun's stderr, keeping the tail. If xrun's stderr
// goes away (EPIPE), stop reading so the child sees the broken pipe as it would without xrun.
function forwardStderr(stderr: NodeJS.ReadableStream & { destroy(): void }, tail: BoundedTail): { drain(): Promise<void> } {
  // when the last byte was handed on (not received: a slow reader must not look like silence)
  let lastForwarded = Date.now();
  let waitingForReader = false;
  let sinceCollection = 0;
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  // xrun's stderr is gone (EPIPE): stop reading so the child sees the broken pipe
  const onError = () => {
    stderr.removeAllListeners('data');
    stderr.destroy();
  };
  // xrun's stderr stream is built at the first byte: a silent command costs nothing (stdio.ts)
  let out: NodeJS.WriteStream | undefined;
  stderr.on('data', (chunk: Buffer) => {
    if (!out) {
      out = stderrStream();
      out.once('error', onError);
    }
    tail.push(chunk);
    lastForwarded = Date.now();
    sinceCollection += chunk.length;
    if (sinceCollection >= RELAY_GC_BYTES) {
      sinceCollection = 0;
      collectYoungGeneration();
    }
    if (out.write(chunk)) return;
    // the reader is slower than the child: stop reading until it has caught up (backpressure)
    waitingForReader = true;
    stderr.pause();
    out.once('drain', () => {
      waitingForReader = false;
      lastForwarded = Date.now();
      stderr.resume();
    });
  });
  const done = () => {
    out?.removeListener('error', onError);
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
