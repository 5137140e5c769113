import { type BackoffSettings, nextDelay } from './backoff.js';
import type { Category } from './categories.js';
import type { Classification } from './classify.js';
import type { Outcome } from './outcome.js';

export interface RetryPolicy {
  // total attempts including the first
  attempts: number;
  categories: ReadonlySet<Category>;
  codes: ReadonlySet<number>;
  backoff: BackoffSettings;
  // the schedule after a rate limit (category rate-limit) that states no retry-after
  rateLimitBackoff: BackoffSettings;
}

export type RetryDecision = { retry: true; reason: string } | { retry: false; reason: string; stop: StopKind };

type StopKind = 'success' | 'not-retryable' | 'exhausted' | 'interrupted' | 'spawn-error' | 'deadline' | 'stdin-not-replayable' | 'fleet';

// Decides whether attempt number `attempt` (1-based) is followed by another. Pure.
export function decideRetry(outcome: Outcome, classification: Classification, attempt: number, policy: RetryPolicy): RetryDecision {
  if (outcome.kind === 'exited' && outcome.code === 0) return { retry: false, stop: 'success', reason: 'the command succeeded' };
  if (outcome.kind === 'cancelled') return { retry: false, stop: 'interrupted', reason: `xrun received ${outcome.signal}` };
  if (outcome.kind === 'signaled' && outcome.signal === 'SIGINT') {
    return { retry: false, stop: 'interrupted', reason: 'the command died of SIGINT (a user interrupt is never retried)' };
  }
  if (outcome.kind === 'spawn-error') return { retry: false, stop: 'spawn-error', reason: `the command could not be started (${outcome.errno})` };
  const matched = retryMatch(classification, policy);
  if (!matched) return { retry: false, stop: 'not-retryable', reason: `${describeClassification(classification)} is not retried by the policy` };
  if (attempt >= policy.attempts)
    return {
      retry: false,
      stop: 'exhausted',
      reason: `${matched}, but ${policy.attempts === 1 ? 'its one attempt is' : `all ${policy.attempts} attempts are`} used`,
    };
  return { retry: true, reason: matched };
}

// Why the policy retries this classification, or undefined when it does not.
function retryMatch(classification: Classification, policy: RetryPolicy): string | undefined {
  if (policy.categories.has(classification.category)) return `category ${classification.category} is retried`;
  if (classification.rawCode !== null && policy.codes.has(classification.rawCode)) return `exit code ${classification.rawCode} is retried`;
  return undefined;
}

function describeClassification(c: Classification): string {
  return c.rawCode === null ? `${c.name} (${c.category})` : `exit ${c.rawCode} ${c.name} (${c.category})`;
}

// The delay before retry number `retry` (1-based) after an attempt classified as `c`: a stated
// retry-after as is, a rate limit on its own slower schedule, anything else on the policy's. Pure.
export function retryDelay(retry: number, c: Classification, policy: RetryPolicy, random: () => number): number {
  if (c.retryAfterMs !== undefined) return c.retryAfterMs;
  return nextDelay(retry, c.category === 'rate-limit' ? policy.rateLimitBackoff : policy.backoff, random);
}
