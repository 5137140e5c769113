import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import type { Outcome } from '../../../src/model/outcome.js';
import type { RetryDecision } from '../../../src/model/policy.js';
import { models } from '../../../src/model/tools/index.js';
import {
  type AttemptFacts,
  deadlineDecision,
  decideAttempt,
  fleetRefusal,
  outputLostDecision,
  replayableDecision,
} from '../../../src/run/decision.js';
import { planFrom } from '../../../src/settings/layers.js';
import { loadSettings } from '../../../src/settings/load.js';

const retry: RetryDecision = { retry: true, reason: 'busy is retried' };
const stop = (s: Extract<RetryDecision, { retry: false }>['stop'], reason = 'why'): RetryDecision => ({
  retry: false,
  stop: s,
  reason,
});

describe('replayableDecision', () => {
  it.each([
    [retry, undefined, retry],
    [retry, 'stdin is a pipe', stop('stdin-not-replayable', 'stdin is a pipe')],
    [stop('success'), undefined, stop('success')],
    // a run that ends anyway keeps its own reason
    [stop('exhausted'), 'stdin is a pipe', stop('exhausted')],
  ])('%o with blocker %s: %o', (decision, blocker, expected) => {
    expect(replayableDecision(decision, blocker)).toEqual(expected);
  });
});

describe('outputLostDecision', () => {
  const enospc = { stream: 'stdout', errno: 'ENOSPC', message: 'no space left on device' } as const;
  const lost = stop('output-lost', "writing the command's stdout failed: ENOSPC (no space left on device)");
  const mapped: RetryDecision = { retry: false, stop: 'stopped', reason: 'rule 1 maps it', mapTo: 7 };
  it.each([
    [retry, undefined, retry],
    [stop('success'), undefined, stop('success')],
    // a success or a wanted retry stops: the output is lost
    [stop('success'), enospc, lost],
    [retry, enospc, lost],
    [
      retry,
      { ...enospc, stream: 'merged' as const },
      stop('output-lost', "writing the command's stdout and stderr failed: ENOSPC (no space left on device)"),
    ],
    // a failure the policy stops on keeps its decision (and its map)
    [stop('not-retryable'), enospc, stop('not-retryable')],
    [mapped, enospc, mapped],
  ])('%o, lost %o: %o', (decision, error, expected) => {
    expect(outputLostDecision(decision, error)).toEqual(expected);
  });
});

describe('deadlineDecision', () => {
  it('stops the run and says which deadline', () => {
    expect(deadlineDecision(5000)).toEqual({
      retry: false,
      stop: 'deadline',
      reason: 'the deadline of 5000 ms is spent',
    });
  });
});

describe('fleetRefusal', () => {
  it("stops the run with the fleet's words", () => {
    expect(fleetRefusal('the fleet budget is spent')).toEqual({
      retry: false,
      stop: 'fleet',
      reason: 'the fleet budget is spent',
    });
  });
});

describe('decideAttempt: the policy, then stdin, then lost output', () => {
  const command = ['buck2', 'build', '//x'];
  const policy = planFrom(loadSettings({ retryBusy: true, attempts: '3' }, command, {}), command).policy;
  const busy: Outcome = { kind: 'exited', code: 4 };
  const facts = (over: Partial<AttemptFacts>): AttemptFacts => ({
    outcome: busy,
    classification: classifyOutcome(models.buck2, busy, ''),
    attempt: 1,
    matchedOutput: new Set(),
    stdinBlocker: () => undefined,
    lost: undefined,
    ...over,
  });
  const enospc = { stream: 'stderr', errno: 'ENOSPC', message: 'no space left on device' } as const;

  it('a busy buck2 is retried while attempts are left, and asks stdin only then', () => {
    let asked = 0;
    const blocker = () => {
      asked += 1;
      return undefined;
    };
    expect(decideAttempt(facts({ stdinBlocker: blocker }), policy)).toMatchObject({ retry: true });
    expect(decideAttempt(facts({ attempt: 3, stdinBlocker: blocker }), policy)).toMatchObject({
      retry: false,
      stop: 'exhausted',
    });
    expect(asked).toBe(1);
  });

  it('stdin that cannot be replayed drops the retry; lost output then ends it as output-lost', () => {
    expect(decideAttempt(facts({ stdinBlocker: () => 'stdin was not kept' }), policy)).toEqual(
      stop('stdin-not-replayable', 'stdin was not kept'),
    );
    expect(decideAttempt(facts({ lost: enospc }), policy)).toMatchObject({ retry: false, stop: 'output-lost' });
    // stdin's refusal is a stop the policy did not want; lost output does not replace it
    expect(decideAttempt(facts({ stdinBlocker: () => 'stdin was not kept', lost: enospc }), policy)).toMatchObject({
      stop: 'stdin-not-replayable',
    });
  });

  it('a success with lost output is not a success', () => {
    const ok: Outcome = { kind: 'exited', code: 0 };
    expect(
      decideAttempt(facts({ outcome: ok, classification: classifyOutcome(models.buck2, ok, '') }), policy),
    ).toMatchObject({ stop: 'success' });
    expect(
      decideAttempt(
        facts({ outcome: ok, classification: classifyOutcome(models.buck2, ok, ''), lost: enospc }),
        policy,
      ),
    ).toMatchObject({
      stop: 'output-lost',
    });
  });
});
