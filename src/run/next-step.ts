import type { Category } from '../model/categories.js';
import type { Classification } from '../model/classify.js';
import type { Outcome } from '../model/outcome.js';
import type { RetryDecision } from '../model/policy.js';
import type { Plan } from '../settings/plan.js';
import { giveUpLine, notRetryingLine, timedOutLine } from './messages.js';

// The attempt loop's pure steps (supervise.ts applies them); the retry decision itself is decision.ts.

// What the loop knows of an attempt that has ended (supervise's AttemptRecord is one).
export interface EndedAttempt {
  attempt: number;
  outcome: Outcome;
  classification: Classification;
  decision: RetryDecision;
  killEscalated: boolean;
}

// An attempt's timeout: --timeout, or what is left of --deadline if that comes first (at least 1 ms,
// since 0 would mean no limit).
export function attemptTimeout(timeoutMs: number | undefined, deadlineLeftMs: number | undefined): number | undefined {
  const left = deadlineLeftMs === undefined ? undefined : Math.max(1, deadlineLeftMs);
  if (timeoutMs === undefined) return left;
  if (left === undefined) return timeoutMs;
  return Math.min(timeoutMs, left);
}

export type NextStep = 'end' | 'deadline' | 'wait-for-turn' | 'back-off';

// What follows an attempt: the run ends, the deadline stops it, a busy retry first waits its turn in
// the local wait queue (`queued`: there is one), or the retry backs off.
export function nextStep(
  decision: RetryDecision,
  category: Category,
  deadlineLeftMs: number,
  queued: boolean,
): NextStep {
  if (!decision.retry) return 'end';
  if (deadlineLeftMs <= 0) return 'deadline';
  return queued && (category === 'busy' || category === 'preempted') ? 'wait-for-turn' : 'back-off';
}

// The lines said when an attempt ends the run: why stdin stopped a retry, that xrun timed the command
// out, that the attempts are used up. A success or a failure the policy does not retry says nothing.
export function endLines(plan: Pick<Plan, 'stopSignal' | 'killAfterMs'>, name: string, ended: EndedAttempt): string[] {
  const { outcome, classification, decision } = ended;
  if (decision.retry) return [];
  const lines: string[] = [];
  if (decision.stop === 'stdin-not-replayable')
    lines.push(notRetryingLine(name, outcome, classification, decision.reason));
  if (outcome.kind === 'timed-out' && decision.stop !== 'exhausted') {
    // with --signal KILL there is no escalation to tell of: the stop signal was SIGKILL itself
    const escalatedAfter = ended.killEscalated && plan.stopSignal !== 'SIGKILL' ? plan.killAfterMs : undefined;
    lines.push(timedOutLine(name, outcome, classification, escalatedAfter));
  }
  if (decision.stop === 'exhausted') lines.push(giveUpLine(name, outcome, classification, ended.attempt));
  return lines;
}
