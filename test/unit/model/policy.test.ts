import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import type { Outcome } from '../../../src/model/outcome.js';
import { decideRetry } from '../../../src/model/policy.js';
import { models } from '../../../src/model/tools/index.js';
import { buildPlan } from '../../../src/settings/plan.js';

const buck2Policy = buildPlan({ retryBusy: true, retryConnect: true, retryOn: '2' }, ['buck2']).policy;
function decide(outcome: Outcome, attempt = 1, stderr = '') {
  return decideRetry(outcome, classifyOutcome(models.buck2, outcome, stderr), attempt, buck2Policy);
}

describe('decideRetry', () => {
  it.each([
    [4, true],
    [5, true],
    [11, true],
    [2, true],
    [0, false],
    [1, false],
    [3, false],
    [12, false],
    [32, false],
    [141, false],
    [130, false],
  ])('buck2 exit %i retried: %s', (code, retry) => {
    expect(decide({ kind: 'exited', code }).retry).toBe(retry);
  });
  it('retries a daemon that died mid-command under --retry-connect', () => {
    expect(
      decide({ kind: 'exited', code: 1 }, 1, 'Buck daemon event bus encountered an error, the root cause\n'),
    ).toEqual({
      retry: true,
      decider: '--retry-connect',
      reason: '--retry-connect retries exit 1 DaemonDied (daemon-died)',
    });
  });
  it('stops when the attempts are used', () => {
    expect(decide({ kind: 'exited', code: 4 }, 5)).toEqual({
      retry: false,
      stop: 'exhausted',
      decider: '--retry-busy',
      reason: '--retry-busy retries exit 4 DaemonIsBusy (busy), but all 5 attempts are used',
    });
    expect(decide({ kind: 'exited', code: 4 }, 4).retry).toBe(true);
    const once = buildPlan({ retryBusy: true, attempts: '1' }, ['buck2']).policy;
    const busy: Outcome = { kind: 'exited', code: 4 };
    expect(decideRetry(busy, classifyOutcome(models.buck2, busy, ''), 1, once).reason).toBe(
      '--retry-busy retries exit 4 DaemonIsBusy (busy), but its one attempt is used',
    );
  });
  it('never retries an interrupt, a SIGINT death or a spawn failure', () => {
    expect(decide({ kind: 'cancelled', signal: 'SIGTERM', ended: { kind: 'exited', code: 4 } })).toMatchObject({
      retry: false,
      stop: 'interrupted',
    });
    expect(decide({ kind: 'signaled', signal: 'SIGINT' })).toMatchObject({ retry: false, stop: 'interrupted' });
    expect(decide({ kind: 'spawn-error', errno: 'ENOENT', message: '' })).toMatchObject({
      retry: false,
      stop: 'spawn-error',
    });
  });
  it('says why a code is not retried', () => {
    expect(decide({ kind: 'exited', code: 3 })).toEqual({
      retry: false,
      stop: 'not-retryable',
      reason: 'exit 3 UserError (user) is not retried by the policy',
    });
  });
  it('retries a timeout only when the policy names it', () => {
    const timedOut: Outcome = { kind: 'timed-out', timeoutMs: 10, ended: { kind: 'signaled', signal: 'SIGTERM' } };
    expect(decide(timedOut).retry).toBe(false);
    const policy = buildPlan({ retryOn: 'timeout' }, ['x']).policy;
    expect(decideRetry(timedOut, classifyOutcome(models.generic, timedOut), 1, policy).retry).toBe(true);
  });
});
