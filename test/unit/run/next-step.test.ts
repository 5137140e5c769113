import { describe, expect, it } from 'vitest';
import type { Category } from '../../../src/model/categories.js';
import { classifyOutcome } from '../../../src/model/classify.js';
import type { Outcome } from '../../../src/model/outcome.js';
import type { RetryDecision } from '../../../src/model/policy.js';
import { models } from '../../../src/model/tools/index.js';
import { attemptTimeout, endLines, nextStep } from '../../../src/run/next-step.js';

const retry: RetryDecision = { retry: true, reason: 'busy is retried' };
const stop = (s: Extract<RetryDecision, { retry: false }>['stop'], reason = 'why'): RetryDecision => ({
  retry: false,
  stop: s,
  reason,
});

describe('attemptTimeout', () => {
  it.each([
    [undefined, undefined, undefined],
    [5000, undefined, 5000],
    [undefined, 3000, 3000],
    [5000, 3000, 3000],
    [2000, 3000, 2000],
    // a spent deadline still gives a positive timeout: 0 would mean no limit
    [undefined, 0, 1],
    [undefined, -50, 1],
    [5000, -50, 1],
  ])('--timeout %s, %s ms of the deadline left: %s', (timeoutMs, left, expected) => {
    expect(attemptTimeout(timeoutMs, left)).toBe(expected);
  });
});

describe('nextStep', () => {
  it.each<[RetryDecision, Category, number, boolean, ReturnType<typeof nextStep>]>([
    [stop('success'), 'success', 100, true, 'end'],
    [stop('exhausted'), 'busy', 100, true, 'end'],
    [stop('not-retryable'), 'busy', -1, true, 'end'],
    [retry, 'busy', 0, true, 'deadline'],
    [retry, 'connect', -5, false, 'deadline'],
    [retry, 'busy', 100, true, 'wait-for-turn'],
    [retry, 'preempted', Infinity, true, 'wait-for-turn'],
    [retry, 'busy', 100, false, 'back-off'],
    [retry, 'connect', 100, true, 'back-off'],
    [retry, 'daemon-died', Infinity, true, 'back-off'],
  ])('%o, %s, %s ms left, queue %s: %s', (decision, category, left, queued, expected) => {
    expect(nextStep(decision, category, left, queued)).toBe(expected);
  });
});

describe('endLines', () => {
  const model = models.buck2;
  const busy: Outcome = { kind: 'exited', code: 4 };
  const timedOut: Outcome = { kind: 'timed-out', timeoutMs: 5000, ended: { kind: 'signaled', signal: 'SIGTERM' } };
  const plan = { stopSignal: 'SIGTERM' as NodeJS.Signals, killAfterMs: 10_000 };
  const ended = (outcome: Outcome, decision: RetryDecision, killEscalated = false, attempt = 1) => ({
    attempt,
    outcome,
    classification: classifyOutcome(model, outcome),
    decision,
    killEscalated,
  });
  const busyText = 'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command)';
  const timedOutText = 'xrun: buck2 timed out after 5s (TimedOut: stopped by xrun after --timeout)';
  it.each<[string, ReturnType<typeof ended>, Pick<typeof plan, 'stopSignal'>, string[]]>([
    ['a retry says nothing here', ended(busy, retry), plan, []],
    ['a success says nothing', ended({ kind: 'exited', code: 0 }, stop('success')), plan, []],
    ['a failure the policy does not retry says nothing', ended(busy, stop('not-retryable')), plan, []],
    [
      'used-up attempts give up',
      ended(busy, stop('exhausted'), false, 5),
      plan,
      [`${busyText}; giving up after 5 attempts`],
    ],
    [
      'stdin stops a retry',
      ended(busy, stop('stdin-not-replayable', 'stdin was a pipe')),
      plan,
      [`${busyText}; not retrying: stdin was a pipe`],
    ],
    ['a timeout is told', ended(timedOut, stop('not-retryable')), plan, [timedOutText]],
    [
      'with its escalation',
      ended(timedOut, stop('not-retryable'), true),
      plan,
      [`${timedOutText}; SIGKILL after --kill-after 10s`],
    ],
    [
      'not when the stop signal was SIGKILL',
      ended(timedOut, stop('not-retryable'), true),
      { stopSignal: 'SIGKILL' },
      [timedOutText],
    ],
    [
      'a timed-out run out of attempts only gives up',
      ended(timedOut, stop('exhausted'), false, 2),
      plan,
      [`${timedOutText}; giving up after 2 attempts`],
    ],
    [
      'a timed-out retry stopped by stdin says both, stdin first',
      ended(timedOut, stop('stdin-not-replayable', 'stdin was a pipe')),
      plan,
      [`${timedOutText}; not retrying: stdin was a pipe`, timedOutText],
    ],
  ])('%s', (_what, attempt, planPart, expected) => {
    expect(endLines({ ...plan, ...planPart }, 'buck2', attempt)).toEqual(expected);
  });
});
