import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import type { Outcome } from '../../../src/model/outcome.js';
import { decideRetry } from '../../../src/model/policy.js';
import { models, type ToolName } from '../../../src/model/tools/index.js';
import { buildPlan, type RunSettings } from '../../../src/settings/plan.js';

// A rule as its JSON has it (`then` built by name: an object literal with a then key reads as a thenable to the linter).
const rule = (when: object, then: unknown) =>
  Object.fromEntries([
    ['when', when],
    ['then', then],
  ]);

const exited = (code: number): Outcome => ({ kind: 'exited', code });
const TWO_RULES = JSON.stringify([
  rule({ code: '1-2' }, 'stop'),
  rule({ code: '3-9', category: 'failure' }, 'retry'),
  rule({ code: 3 }, { map: 0 }),
]);

function decide(settings: RunSettings, outcome: Outcome, tool: ToolName = 'generic') {
  const { policy } = buildPlan(settings, [tool === 'generic' ? 'true' : tool]);
  const d = decideRetry(outcome, classifyOutcome(models[tool], outcome), 1, policy);
  return [d.retry ? 'retry' : d.stop, d.decider ?? null, !d.retry && d.mapTo !== undefined ? d.mapTo : null];
}

// Order: interrupts, then --stop-on, then the rules in order, then the retry flags, then stop.
describe('the decision order', () => {
  it.each([
    ['a --retry-on range', { retryOn: '129-192' }, exited(150), ['retry', '--retry-on 129-192', null]],
    [
      'a signal by name',
      { retryOn: 'busy,KILL' },
      { kind: 'signaled', signal: 'SIGKILL' },
      ['retry', '--retry-on KILL', null],
    ],
    [
      'timeout',
      { retryOn: 'timeout' },
      { kind: 'timed-out', timeoutMs: 1, ended: { kind: 'exited', code: 143 } },
      ['retry', '--retry-on timeout', null],
    ],
    ['--stop-on over --retry-on', { retryOn: '1-5', stopOn: '3' }, exited(3), ['stopped', '--stop-on 3', null]],
    [
      '--retry-on elsewhere in its range',
      { retryOn: '1-5', stopOn: '3' },
      exited(4),
      ['retry', '--retry-on 1-5', null],
    ],
    [
      '--stop-on over a retry rule',
      { rules: TWO_RULES, stopOn: 'failure' },
      exited(4),
      ['stopped', '--stop-on failure', null],
    ],
    [
      'a stop rule over --retry-on',
      { rules: TWO_RULES, retryOn: '1' },
      exited(1),
      ['stopped', 'rule 1 of --rules', null],
    ],
    ['the first matching rule wins', { rules: TWO_RULES }, exited(3), ['retry', 'rule 2 of --rules', null]],
    ['every when key must hold', { rules: TWO_RULES }, exited(10), ['not-retryable', null, null]],
    [
      'a map rule',
      { rules: JSON.stringify([rule({ code: 3 }, { map: 0 })]) },
      exited(3),
      ['stopped', 'rule 1 of --rules', 0],
    ],
    ['nothing matching stops', { retryOn: '2' }, exited(3), ['not-retryable', null, null]],
    [
      'a success is never decided by a rule',
      { rules: JSON.stringify([rule({ category: 'success' }, 'retry')]) },
      exited(0),
      ['success', null, null],
    ],
  ] as const)('%s', (_, settings, outcome, expected) => {
    expect(decide(settings as RunSettings, outcome as Outcome)).toEqual(expected);
  });

  it('names the retry switches alone', () => {
    expect(decide({ retryBusy: true }, exited(4), 'buck2')).toEqual(['retry', '--retry-busy', null]);
  });

  it.each([
    ['buck2', 141, { retryOn: 'signal' }],
    ['buck2', 141, { retryOn: '129-192,INT' }],
    ['bazel', 8, { retryOn: '8' }],
    ['generic', 130, { retryOn: '130' }],
    ['docker', 130, { retryOn: 'signal' }],
    ['podman', 130, { retryOn: 'INT' }],
    ['generic', 130, { rules: JSON.stringify([rule({ code: 130 }, 'retry')]) }],
  ] as const)('never retries %s exit %i, read as SIGINT, even with %j', (tool, code, settings) => {
    const { policy } = buildPlan(settings, [tool === 'generic' ? 'true' : tool]);
    const d = decideRetry(exited(code), classifyOutcome(models[tool], exited(code)), 1, policy);
    expect(d).toEqual({
      retry: false,
      stop: 'interrupted',
      reason: `exit ${code} is read by the ${tool} model as SIGINT, a user interrupt, which is never retried whatever the policy or rules say`,
    });
  });

  it('never retries a death by SIGINT, even when --retry-on names it', () => {
    expect(decide({ retryOn: 'INT,signal' }, { kind: 'signaled', signal: 'SIGINT' })).toEqual([
      'interrupted',
      null,
      null,
    ]);
  });
});
