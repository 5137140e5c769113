import { type Classification, classifyOutcome } from '../model/classify.js';
import { deadlineLine, giveUpLine, informational, notRetryingLine, queuedRetryLine, retryLine, timedOutLine } from './messages.js';
import { models } from '../model/tools/index.js';
import type { Outcome } from '../model/outcome.js';
import type { Plan } from '../settings/plan.js';
import { decideRetry, type RetryDecision, retryDelay } from '../model/policy.js';

export interface AttemptRecord {
  attempt: number;
  startedAt: number;
  durationMs: number;
  outcome: Outcome;
  classification: Classification;
  decision: RetryDecision;
  // the backoff chosen before the next attempt
  delayMs?: number;
  killEscalated: boolean;
}

export interface RunResult {
  attempts: AttemptRecord[];
  last: AttemptRecord;
  // the signal xrun received, if the run was interrupted (also during a backoff sleep)
  interrupted?: NodeJS.Signals;
  deadlineSpent: boolean;
}

// The effects the attempt loop needs; tests inject scripted ones.
export interface LoopEffects {
  runAttempt(attempt: number, timeoutMs: number | undefined): Promise<{ outcome: Outcome; stderrTail: string; killEscalated: boolean }>;
  // resolves false when an interrupt ended the sleep early
  sleep(ms: number): Promise<boolean>;
  interrupted(): NodeJS.Signals | undefined;
  // why a retry would not see the same stdin, if it would not
  retryBlocker(): string | undefined;
  // the local wait queue for busy retries (absent with --no-queue): waits until no other xrun's
  // command holds the daemon and this xrun is first in line
  waitForTurn?(timeoutMs: number): Promise<'waited' | 'free' | 'stopped'>;
  now(): number;
  random(): number;
  log(line: string): void;
  // told of each attempt that is followed by another (its delayMs is set), after the retry line
  onRetry?(record: AttemptRecord): void;
}

// The attempt loop: attempt -> classify -> decide -> back off -> attempt ... Touches no process state.
export async function supervise(plan: Plan, name: string, effects: LoopEffects): Promise<RunResult> {
  const model = models[plan.tool];
  const { policy } = plan;
  const start = effects.now();
  const remaining = () => (plan.deadlineMs === undefined ? Infinity : plan.deadlineMs - (effects.now() - start));
  const attempts: AttemptRecord[] = [];
  // every line of the loop is informational
  const log = informational(plan, effects.log);
  for (let attempt = 1; ; attempt += 1) {
    const startedAt = effects.now();
    const timeoutMs = minDefined(plan.timeoutMs, plan.deadlineMs === undefined ? undefined : Math.max(1, remaining()));
    const { outcome, stderrTail, killEscalated } = await effects.runAttempt(attempt, timeoutMs);
    const classification = classifyOutcome(model, outcome, stderrTail);
    let decision = decideRetry(outcome, classification, attempt, policy);
    const blocker = decision.retry ? effects.retryBlocker() : undefined;
    if (blocker) {
      decision = { retry: false, stop: 'stdin-not-replayable', reason: blocker };
      log(notRetryingLine(name, outcome, classification, blocker));
    }
    const record: AttemptRecord = { attempt, startedAt, durationMs: effects.now() - startedAt, outcome, classification, decision, killEscalated };
    attempts.push(record);
    const finish = (deadlineSpent: boolean): RunResult => {
      const interrupted = effects.interrupted();
      return { attempts, last: record, deadlineSpent, ...(interrupted ? { interrupted } : {}) };
    };
    if (!decision.retry) {
      if (outcome.kind === 'timed-out' && decision.stop !== 'exhausted') {
        // with --signal KILL there is no escalation to tell of: the stop signal was SIGKILL itself
        const escalatedAfter = killEscalated && plan.stopSignal !== 'SIGKILL' ? plan.killAfterMs : undefined;
        log(timedOutLine(name, outcome, classification, escalatedAfter));
      }
      if (decision.stop === 'exhausted') log(giveUpLine(name, outcome, classification, attempt));
      return finish(false);
    }
    const left = remaining();
    if (left <= 0) return stopForDeadline(record, finish);
    // busy: wait for the other xruns holding the daemon, if any, then retry at once
    let waited: number | undefined;
    if (effects.waitForTurn && (classification.category === 'busy' || classification.category === 'preempted')) {
      const waitStart = effects.now();
      const turn = await effects.waitForTurn(left);
      if (turn === 'stopped') return effects.interrupted() ? finish(false) : stopForDeadline(record, finish);
      if (turn === 'waited') waited = effects.now() - waitStart;
    }
    const delayMs = waited ?? Math.min(retryDelay(attempt, classification, policy, effects.random), remaining());
    record.delayMs = delayMs;
    const line = waited === undefined ? retryLine : queuedRetryLine;
    log(line(name, outcome, classification, attempt + 1, policy.attempts, delayMs));
    effects.onRetry?.(record);
    if (waited !== undefined) continue;
    if (!(await effects.sleep(delayMs))) return finish(false);
    if (remaining() <= 0) return stopForDeadline(record, finish);
  }

  function stopForDeadline(record: AttemptRecord, finish: (deadlineSpent: boolean) => RunResult): RunResult {
    record.decision = { retry: false, stop: 'deadline', reason: `the deadline of ${plan.deadlineMs} ms is spent` };
    log(deadlineLine(name, record.outcome, record.classification, plan.deadlineMs ?? 0, record.attempt));
    return finish(true);
  }
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
