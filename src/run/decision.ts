import type { Classification } from '../model/classify.js';
import type { Outcome } from '../model/outcome.js';
import type { OutputError } from '../model/output-error.js';
import { decideRetry, type RetryDecision, type RetryPolicy } from '../model/policy.js';
import { outputLostReason } from './messages.js';

// The retry decision, in one place. The policy decides (model/policy.ts); then, in this order, each
// override may replace what it decided, and each is a pure function that returns a new decision:
//   1. stdin that cannot be replayed drops a wanted retry             (replayableDecision)
//   2. output xrun lost ends the run, success or retry alike           (outputLostDecision)
//   3. the fleet refuses a retry, asked just before it would start    (fleetRefusal)
//   4. the deadline is spent, or the backoff would end past it        (deadlineDecision)
// supervise.ts applies 1-2 as the attempt ends (decideAttempt), 3-4 when they happen.

export interface AttemptFacts {
  outcome: Outcome;
  classification: Classification;
  attempt: number;
  // the output patterns that matched the attempt's output
  matchedOutput: ReadonlySet<string>;
  // why a retry would not see the same stdin, if it would not (asked only when a retry is wanted)
  stdinBlocker(): string | undefined;
  // the first write of the command's output that xrun lost, if any
  lost: OutputError | undefined;
}

// The decision an attempt ends with: the policy's, then overrides 1 and 2.
export function decideAttempt(facts: AttemptFacts, policy: RetryPolicy): RetryDecision {
  const wanted = decideRetry(facts.outcome, facts.classification, facts.attempt, policy, {
    matchedOutput: facts.matchedOutput,
  });
  return outputLostDecision(replayableDecision(wanted, wanted.retry ? facts.stdinBlocker() : undefined), facts.lost);
}

// A retry the policy wants is dropped when stdin could not be replayed to it (`blocker` says why).
export function replayableDecision(decision: RetryDecision, blocker: string | undefined): RetryDecision {
  return decision.retry && blocker ? { retry: false, stop: 'stdin-not-replayable', reason: blocker } : decision;
}

// Output xrun lost (a write of it failed, not EPIPE) ends the run: a retry would write to the same
// failing file, and a command that succeeded is not run again for xrun's failure. A failure that the
// policy stops on keeps its own decision (and its --map).
export function outputLostDecision(decision: RetryDecision, lost: OutputError | undefined): RetryDecision {
  if (lost === undefined || !(decision.retry || decision.stop === 'success')) return decision;
  return { retry: false, stop: 'output-lost', reason: outputLostReason(lost) };
}

// The decision that replaces a wanted retry the fleet refused (`reason`: the fleet's words).
export function fleetRefusal(reason: string): RetryDecision {
  return { retry: false, stop: 'fleet', reason };
}

// The decision that replaces a wanted retry once the deadline is spent.
export function deadlineDecision(deadlineMs: number | undefined): RetryDecision {
  return { retry: false, stop: 'deadline', reason: `the deadline of ${deadlineMs} ms is spent` };
}
