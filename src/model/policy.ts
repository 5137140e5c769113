import { type BackoffSettings, nextDelay } from './backoff.js';
import type { Classification } from './classify.js';
import type { MatchContext } from './conditions.js';
import type { Outcome } from './outcome.js';
import { type Deciders, decideAction } from './rules.js';

export interface RetryPolicy {
  // total attempts including the first
  attempts: number;
  // --stop-on, the config's rules and the retry flags, consulted in that order (model/rules.ts)
  deciders: Deciders;
  backoff: BackoffSettings;
  // the schedule after a rate limit (category rate-limit) that states no retry-after
  rateLimitBackoff: BackoffSettings;
}

// `decider` names the flag or rule that chose (`--stop-on 3`, `rule 2 of xrun.config.json`); `mapTo`
// is the exit status a `{ "map": N }` rule chose.
export type RetryDecision =
  | { retry: true; reason: string; decider?: string }
  | { retry: false; reason: string; stop: StopKind; decider?: string; mapTo?: number };

type StopKind =
  | 'success'
  | 'not-retryable'
  | 'stopped'
  | 'exhausted'
  | 'interrupted'
  | 'spawn-error'
  | 'deadline'
  | 'stdin-not-replayable'
  | 'fleet'
  | 'output-lost';

// Decides whether attempt number `attempt` (1-based) is followed by another: a success, an interrupt
// (whatever the policy says) and a spawn error stop first; then --stop-on, the rules and the retry
// flags in that order (model/rules.ts); nothing matching stops. Pure.
export function decideRetry(
  outcome: Outcome,
  classification: Classification,
  attempt: number,
  policy: RetryPolicy,
  context: MatchContext = {},
): RetryDecision {
  if (outcome.kind === 'exited' && outcome.code === 0)
    return { retry: false, stop: 'success', reason: 'the command succeeded' };
  if (outcome.kind === 'cancelled')
    return { retry: false, stop: 'interrupted', reason: `xrun received ${outcome.signal}` };
  if (classification.signal === 'SIGINT')
    return { retry: false, stop: 'interrupted', reason: interruptReason(outcome, classification) };
  if (outcome.kind === 'spawn-error')
    return { retry: false, stop: 'spawn-error', reason: `the command could not be started (${outcome.errno})` };
  const verdict = decideAction({ outcome, classification, context }, policy.deciders);
  const what = describeClassification(classification);
  if (verdict === undefined)
    return { retry: false, stop: 'not-retryable', reason: `${what} is not retried by the policy` };
  const { action, decider } = verdict;
  if (action === 'stop') return { retry: false, stop: 'stopped', decider, reason: `${decider} stops on ${what}` };
  if (typeof action === 'object')
    return {
      retry: false,
      stop: 'stopped',
      decider,
      mapTo: action.map,
      reason: `${decider} maps ${what} to exit ${action.map}`,
    };
  const matched = `${decider} retries ${what}`;
  if (attempt >= policy.attempts) {
    const used = policy.attempts === 1 ? 'its one attempt is' : `all ${policy.attempts} attempts are`;
    return { retry: false, stop: 'exhausted', decider, reason: `${matched}, but ${used} used` };
  }
  return { retry: true, decider, reason: matched };
}

// A SIGINT is the user's interrupt: retrying it would undo the Ctrl-C.
function interruptReason(outcome: Outcome, c: Classification): string {
  const read =
    outcome.kind === 'exited'
      ? `exit ${outcome.code} is read by the ${c.tool} model as SIGINT`
      : 'the command died of SIGINT';
  return `${read}, a user interrupt, which is never retried whatever the policy or rules say`;
}

function describeClassification(c: Classification): string {
  return c.rawCode === null ? `${c.name} (${c.category})` : `exit ${c.rawCode} ${c.name} (${c.category})`;
}

// The delay before retry number `retry` (1-based) after an attempt classified as `c`: a stated
// retry-after as is, a rate limit on its own slower schedule, anything else on the policy's
// (`previousMs`: the wait before the previous retry, which decorrelated jitter draws from). Pure.
export function retryDelay(
  retry: number,
  c: Classification,
  policy: RetryPolicy,
  random: () => number,
  previousMs?: number,
): number {
  if (c.retryAfterMs !== undefined) return c.retryAfterMs;
  return nextDelay(retry, c.category === 'rate-limit' ? policy.rateLimitBackoff : policy.backoff, random, previousMs);
}
