import { xrunLine } from '../command/redact.js';
import type { Classification } from '../model/classify.js';
import { formatDuration } from '../model/duration.js';
import type { Outcome } from '../model/outcome.js';
import type { OutputError } from '../model/output-error.js';
import type { QueueView } from '../process/queue/wait-queue.js';
import type { Plan } from '../settings/plan.js';

// Where xrun's informational lines go (retries, give-ups, deadlines, notes, CI folds): to `write`, or
// nowhere under --quiet. The one place --quiet is decided; errors and warnings never pass through it.
export function informational(plan: Pick<Plan, 'quiet'>, write: (line: string) => void): (line: string) => void {
  return plan.quiet ? () => {} : write;
}

// "exited 4", "was killed by SIGKILL", "timed out after 5s", ...
export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'exited':
      return `exited ${outcome.code}`;
    case 'signaled':
      return `was killed by ${outcome.signal}`;
    case 'timed-out':
      return `timed out after ${formatDuration(outcome.timeoutMs)}`;
    case 'cancelled':
      return `was interrupted (${outcome.signal})`;
    case 'spawn-error':
      return `could not be started (${outcome.errno})`;
  }
}

function describe(name: string, outcome: Outcome, c: Pick<Classification, 'name' | 'meaning'>): string {
  return `${name} ${describeOutcome(outcome)} (${c.name}: ${c.meaning})`;
}

// xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); attempt 2 of 5 in 1.3s
export function retryLine(
  name: string,
  outcome: Outcome,
  c: Classification,
  nextAttempt: number,
  attempts: number,
  delayMs: number,
): string {
  return xrunLine(`${describe(name, outcome, c)}; attempt ${nextAttempt} of ${attempts} in ${formatDuration(delayMs)}`);
}

// xrun: buck2 exited 4 (DaemonIsBusy: ...); attempt 2 of 5 after 1.2s in the wait queue
export function queuedRetryLine(
  name: string,
  outcome: Outcome,
  c: Classification,
  nextAttempt: number,
  attempts: number,
  waitedMs: number,
): string {
  return xrunLine(
    `${describe(name, outcome, c)}; attempt ${nextAttempt} of ${attempts} after ${formatDuration(waitedMs)} in the wait queue`,
  );
}

// xrun: buck2 exited 4 (DaemonIsBusy: ...); giving up after 5 attempts
export function giveUpLine(name: string, outcome: Outcome, c: Classification, attempts: number): string {
  return xrunLine(giveUpText(name, outcome, c, attempts));
}

// buck2 exited 4 (DaemonIsBusy: ...); giving up after 5 attempts: the one wording of giving up (the
// stderr line, GitHub's ::error, the step summary)
export function giveUpText(
  name: string,
  outcome: Outcome,
  c: Pick<Classification, 'name' | 'meaning'>,
  attempts: number,
): string {
  return `${describe(name, outcome, c)}; giving up after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
}

// xrun: buck2 exited 4 (DaemonIsBusy: ...); deadline of 1m spent after 3 attempts
export function deadlineLine(
  name: string,
  outcome: Outcome,
  c: Classification,
  deadlineMs: number,
  attempts: number,
): string {
  return xrunLine(
    `${describe(name, outcome, c)}; deadline of ${formatDuration(deadlineMs)} spent after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
  );
}

// xrun: buck2 exited 4 (DaemonIsBusy: ...); not retrying: the next retry would start past the deadline of 5s (2 attempts)
export function deadlineAheadLine(
  name: string,
  outcome: Outcome,
  c: Classification,
  deadlineMs: number,
  attempts: number,
): string {
  return xrunLine(
    `${describe(name, outcome, c)}; not retrying: the next retry would start past the deadline of ${formatDuration(deadlineMs)} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
  );
}

// xrun: buck2 succeeded on attempt 3 of 5, flaky: it survived 2 failures (DaemonIsBusy, DaemonIsBusy)
export function flakyLine(
  name: string,
  attempt: number,
  attempts: number,
  survived: readonly { name: string }[],
): string {
  const failures = `${survived.length} failure${survived.length === 1 ? '' : 's'}`;
  return xrunLine(
    `${name} succeeded on attempt ${attempt} of ${attempts}, flaky: it survived ${failures} (${survived.map((f) => f.name).join(', ')})`,
  );
}

// writing the command's stdout failed: ENOSPC (no space left on device)
export function outputLostReason({ stream, errno, message }: OutputError): string {
  if (stream === 'held') return `holding the command's stdout in a temporary file failed: ${errno} (${message})`;
  const what = stream === 'merged' ? 'stdout and stderr' : stream;
  return `writing the command's ${what} failed: ${errno} (${message})`;
}

// xrun: stdout of failed attempt 1 (12 bytes):
// (--hold-stdout: the header of a failed attempt's stdout, written to stderr when the next attempt starts)
export function heldStdoutLine(attempt: number, bytes: number): string {
  return xrunLine(`stdout of failed attempt ${attempt} (${bytes} ${bytes === 1 ? 'byte' : 'bytes'}):`);
}

// xrun: writing the command's stdout failed: ENOSPC (no space left on device); the rest of it was discarded
// (said whatever --quiet says: it alone tells why a command that succeeded ends xrun 1)
export function outputLostLine(lost: OutputError): string {
  return xrunLine(`${outputLostReason(lost)}; the rest of it was discarded`);
}

// xrun: cat exited 4 (...); not retrying: stdin is a pipe and ...
export function notRetryingLine(name: string, outcome: Outcome, c: Classification, why: string): string {
  return xrunLine(`${describe(name, outcome, c)}; not retrying: ${why}`);
}

// xrun: sh timed out after 5s (TimedOut: stopped by xrun after --timeout); SIGKILL after --kill-after 10s
export function timedOutLine(
  name: string,
  outcome: Outcome,
  c: Classification,
  killAfterMs: number | undefined,
): string {
  const escalated = killAfterMs === undefined ? '' : `; SIGKILL after --kill-after ${formatDuration(killAfterMs)}`;
  return xrunLine(`${describe(name, outcome, c)}${escalated}`);
}

// xrun: waiting in the wait queue: pid 4242 holds the daemon; 2 ahead
// xrun: still waiting in the wait queue after 1m: pid 4242 holds the daemon; 1 ahead
export function queueWaitingLine({ holders, ahead, waitedMs }: QueueView): string {
  const who =
    holders.length === 0
      ? 'no command holds the daemon'
      : `pid ${holders.join(', ')} ${holders.length === 1 ? 'holds' : 'hold'} the daemon`;
  const when =
    waitedMs === 0 ? 'waiting in the wait queue' : `still waiting in the wait queue after ${formatDuration(waitedMs)}`;
  return xrunLine(`${when}: ${who}; ${ahead} ahead`);
}
