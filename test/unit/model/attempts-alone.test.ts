import { describe, expect, it } from 'vitest';
import { attemptsAloneRetry } from '../../../src/model/attempts-alone.js';
import type { Category } from '../../../src/model/categories.js';
import type { Classification } from '../../../src/model/classify.js';
import { decideAction } from '../../../src/model/rules.js';

const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGPIPE'];
const TRANSIENT = ['busy', 'preempted', 'connect', 'daemon-died', 'network', 'rate-limit', 'infra', 'timeout'];

describe('attemptsAloneRetry: what it holds', () => {
  it('generic: every category but success, never an interrupt', () => {
    const flag = attemptsAloneRetry('generic', '--attempts');
    expect(flag.name).toBe('--attempts');
    expect(flag.isSwitch).toBe(true);
    expect(flag.conditions.map((c) => (c.kind === 'category' ? `${c.category}=${c.text}` : c.kind))).toEqual([
      'failure=failure',
      'infra=infra',
      'user=user',
      'busy=busy',
      'preempted=preempted',
      'timeout=timeout',
      'connect=connect',
      'oom=oom',
      'test-failure=test-failure',
      'no-tests=no-tests',
      'network=network',
      'rate-limit=rate-limit',
      'daemon-died=daemon-died',
      'signal=signal',
    ]);
    expect(flag.except).toEqual(INTERRUPTS.map((signal) => ({ kind: 'signal', signal, text: signal })));
    expect(flag.summary).toBe(
      'any failure, never an interrupt (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE), as --attempts alone asks',
    );
  });

  it('a modeled tool: its transient categories only, named in the summary', () => {
    const flag = attemptsAloneRetry('bazel', 'XRUN_ATTEMPTS');
    expect(flag.name).toBe('XRUN_ATTEMPTS');
    expect(flag.conditions).toEqual(TRANSIENT.map((category) => ({ kind: 'category', category, text: category })));
    expect(flag.except).toEqual(INTERRUPTS.map((signal) => ({ kind: 'signal', signal, text: signal })));
    expect(flag.summary).toBe(
      'what the bazel model calls transient (busy, preempted, connect, daemon-died, network, rate-limit, infra, timeout), never an interrupt (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE), as XRUN_ATTEMPTS alone asks',
    );
  });
});

// A classification of `category`, dead by `signal` if given.
function classified(tool: Classification['tool'], category: Category, signal?: NodeJS.Signals): Classification {
  return {
    tool,
    category,
    name: category,
    meaning: '',
    source: 'test',
    normalizedCode: 1,
    rawCode: signal ? null : 1,
    ...(signal ? { signal } : {}),
  };
}

describe('attemptsAloneRetry: what it decides (through decideAction)', () => {
  const decide = (tool: Classification['tool'], category: Category, signal?: NodeJS.Signals) => {
    const retryOn = [attemptsAloneRetry(tool, '--attempts')];
    const subject = {
      outcome: { kind: 'exited', code: 1 } as const,
      classification: classified(tool, category, signal),
      context: {},
    };
    return decideAction(subject, { stopOn: [], rules: [], retryOn });
  };

  it('retries a generic failure and names the switch alone', () => {
    expect(decide('generic', 'failure')).toEqual({ action: 'retry', decider: '--attempts' });
  });

  it('never a success', () => {
    expect(decide('generic', 'success')).toBeUndefined();
  });

  it.each(['SIGKILL', 'SIGSEGV'] as const)('retries a death by %s', (signal) => {
    expect(decide('generic', 'signal', signal)).toEqual({ action: 'retry', decider: '--attempts' });
  });

  it.each(INTERRUPTS as NodeJS.Signals[])('never a death by %s', (signal) => {
    expect(decide('generic', 'signal', signal)).toBeUndefined();
  });

  it('a modeled tool: retries busy, not a user error nor a build failure', () => {
    expect(decide('bazel', 'busy')).toEqual({ action: 'retry', decider: '--attempts' });
    expect(decide('bazel', 'user')).toBeUndefined();
    expect(decide('bazel', 'failure')).toBeUndefined();
    expect(decide('bazel', 'test-failure')).toBeUndefined();
  });
});
