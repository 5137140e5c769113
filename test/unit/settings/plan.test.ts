import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/settings/plan.js';
import { UsageError } from '../../../src/settings/usage-error.js';

describe('buildPlan', () => {
  it('defaults to one attempt and no retry', () => {
    const plan = buildPlan({}, ['buck2', 'build']);
    expect(plan.tool).toBe('buck2');
    expect(plan.policy.attempts).toBe(1);
    expect(plan.policy.deciders).toEqual({ stopOn: [], rules: [], retryOn: [] });
    expect(plan.policy.backoff).toEqual({ baseDelayMs: 500, maxDelayMs: 30_000, kind: 'exponential', jitter: 'equal' });
    expect(plan.killAfterMs).toBe(10_000);
    expect(plan.stopSignal).toBe('SIGINT');
  });
  it.each<[string, Record<string, string>, string[], NodeJS.Signals, NodeJS.Signals]>([
    ['bazel: SIGINT, its graceful cancel, also for a forwarded SIGTERM', {}, ['bazel', 'build'], 'SIGINT', 'SIGINT'],
    ['buck2 through env: SIGINT', {}, ['env', 'A=1', 'buck2', 'build'], 'SIGINT', 'SIGINT'],
    ['--tool bazel on a wrapper: SIGINT', { tool: 'bazel' }, ['./bazelw', 'build'], 'SIGINT', 'SIGINT'],
    ['any other tool: SIGTERM', {}, ['docker', 'build', '.'], 'SIGTERM', 'SIGTERM'],
    ['a generic command: SIGTERM', {}, ['make'], 'SIGTERM', 'SIGTERM'],
    [
      '--signal overrides, and a forwarded SIGTERM stays SIGTERM',
      { signal: 'HUP' },
      ['bazel', 'build'],
      'SIGHUP',
      'SIGTERM',
    ],
    ['--signal TERM for bazel', { signal: 'TERM' }, ['bazel', 'build'], 'SIGTERM', 'SIGTERM'],
    ['--tool docker on buck2: SIGTERM', { tool: 'docker' }, ['buck2', 'build'], 'SIGTERM', 'SIGTERM'],
  ])('stop signal: %s', (_name, settings, command, stopSignal, forwardedTermSignal) => {
    const plan = buildPlan(settings, command);
    expect([plan.stopSignal, plan.forwardedTermSignal]).toEqual([stopSignal, forwardedTermSignal]);
  });
  it('gives 5 attempts once a retry option is set', () => {
    expect(buildPlan({ retryBusy: true }, ['x']).policy.attempts).toBe(5);
    expect(buildPlan({ retryOn: '2' }, ['x']).policy.attempts).toBe(5);
    expect(buildPlan({ retryBusy: true, attempts: '3' }, ['x']).policy.attempts).toBe(3);
  });
  it('maps the retry options to named conditions, the switches first', () => {
    const plan = buildPlan({ retryBusy: true, retryConnect: true, retryOn: 'oom,2,timeout' }, ['x']);
    const named = plan.policy.deciders.retryOn.map((f) => [f.name, f.conditions.map((c) => c.text)]);
    expect(named).toEqual([
      ['--retry-busy', ['busy', 'preempted']],
      ['--retry-connect', ['connect', 'daemon-died']],
      ['--retry-on', ['oom', '2', 'timeout']],
    ]);
  });
  it('parses delays, map, tool, signal, timeouts', () => {
    const plan = buildPlan(
      {
        delay: '250ms',
        maxDelay: '2s',
        map: 'no-tests=0,4=75',
        tool: 'docker',
        signal: 'int',
        timeout: '1m',
        killAfter: '5s',
        deadline: '1h',
      },
      ['buck2'],
    );
    expect(plan.policy.backoff).toEqual({ baseDelayMs: 250, maxDelayMs: 2000, kind: 'exponential', jitter: 'equal' });
    expect(plan.map).toEqual([
      { from: 'no-tests', to: 0 },
      { from: 4, to: 75 },
    ]);
    expect(plan.tool).toBe('docker');
    expect(plan.stopSignal).toBe('SIGINT');
    expect([plan.timeoutMs, plan.killAfterMs, plan.deadlineMs]).toEqual([60_000, 5000, 3_600_000]);
  });
  it('raises the default cap when --delay is above it', () => {
    expect(buildPlan({ delay: '1m' }, ['x']).policy.backoff).toEqual({
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
      kind: 'exponential',
      jitter: 'equal',
    });
  });

  it('reads --backoff, --jitter, a --delay list, --stagger and --on-retry', () => {
    const plan = buildPlan({ backoff: 'fixed', jitter: 'none', delay: '300ms', stagger: '2s', onRetry: 'echo hi' }, [
      'x',
    ]);
    expect(plan.policy.backoff).toEqual({ baseDelayMs: 300, maxDelayMs: 30_000, kind: 'fixed', jitter: 'none' });
    expect(plan.staggerMs).toBe(2000);
    expect(plan.onRetry).toBe('echo hi');
    // a list is waited as written, and its longest wait raises the default cap
    expect(buildPlan({ delay: '1s,2s,40s' }, ['x']).policy.backoff).toEqual({
      baseDelayMs: 1000,
      maxDelayMs: 40_000,
      kind: 'exponential',
      jitter: 'none',
      list: [1000, 2000, 40_000],
    });
    expect(buildPlan({ delay: '1s,2s', jitter: 'full' }, ['x']).policy.backoff.jitter).toBe('full');
  });
  it('keeps the rate-limit schedule without --delay, growing and jittering as asked', () => {
    const policy = buildPlan({ backoff: 'linear', jitter: 'none' }, ['x']).policy;
    expect(policy.rateLimitBackoff).toEqual({
      baseDelayMs: 30_000,
      maxDelayMs: 300_000,
      kind: 'linear',
      jitter: 'none',
    });
    expect(buildPlan({ delay: '1s' }, ['x']).policy.rateLimitBackoff).toEqual(
      buildPlan({ delay: '1s' }, ['x']).policy.backoff,
    );
  });

  const bad: [Record<string, string | boolean>, string[], string][] = [
    [{}, [], 'no command given (usage: xrun [options] -- command [args...]; xrun --help tells more)'],
    [{ attempts: '0' }, ['x'], "--attempts: expected a whole number of at least 1, got '0'"],
    [{ attempts: 'two' }, ['x'], "--attempts: expected a whole number of at least 1, got 'two'"],
    [{ delay: 'soon' }, ['x'], "--delay: 'soon' is not a duration (e.g. 250ms, 2s, 1m)"],
    [{ maxDelay: '5y' }, ['x'], "--max-delay: '5y' is not a duration (e.g. 250ms, 2s, 1m)"],
    [{ timeout: '-1s' }, ['x'], "--timeout: '-1s' is negative (a duration is 0 or more)"],
    [
      { retryOn: 'bussy' },
      ['x'],
      "--retry-on: unknown condition 'bussy' (expected an exit code, a range such as 129-192, a signal such as KILL, or one of failure, infra, user, busy, preempted, timeout, connect, oom, test-failure, no-tests, network, rate-limit, daemon-died, signal)",
    ],
    [{ retryOn: 'success' }, ['x'], '--retry-on: success is never retried'],
    [{ retryOn: '0' }, ['x'], '--retry-on: exit code 0 is out of range (1-255)'],
    [{ retryOn: '256' }, ['x'], '--retry-on: exit code 256 is out of range (1-255)'],
    [{ retryOn: 'busy,,2' }, ['x'], "--retry-on: empty item in 'busy,,2'"],
    [{ map: 'busy' }, ['x'], "--map: 'busy' is not FROM=TO (e.g. no-tests=0 or 4=0)"],
    [{ map: '4=300' }, ['x'], '--map: exit code 300 is out of range (0-255)'],
    [
      { map: 'nope=1' },
      ['x'],
      "--map: unknown category 'nope' (expected an exit code, flaky or one of success, failure, infra, user, busy, preempted, timeout, connect, oom, test-failure, no-tests, network, rate-limit, daemon-died, signal)",
    ],
    [{ tool: 'buck' }, ['x'], "--tool: unknown tool 'buck' (did you mean buck2?)"],
    [{ signal: 'FOO' }, ['x'], "--signal: unknown signal 'FOO' (e.g. TERM, INT, KILL)"],
    [{ backoff: 'doubling' }, ['x'], "--backoff: expected exponential, linear or fixed, got 'doubling'"],
    [{ jitter: 'some' }, ['x'], "--jitter: expected full, equal, decorrelated or none, got 'some'"],
    [{ delay: '1s,,2s' }, ['x'], "--delay: empty item in '1s,,2s'"],
    [{ delay: '1s,soon' }, ['x'], "--delay: 'soon' is not a duration (e.g. 250ms, 2s, 1m)"],
    [{ stagger: 'later' }, ['x'], "--stagger: 'later' is not a duration (e.g. 250ms, 2s, 1m)"],
    [{ onRetry: ' ' }, ['x'], '--on-retry: expected a shell command, got an empty string'],
    // numbers past their documented bound (the table's limit)
    [{ attempts: '99999999999999999999' }, ['x'], "--attempts: '99999999999999999999' is too many (at most 1000000)"],
    [{ attempts: '1000001' }, ['x'], "--attempts: '1000001' is too many (at most 1000000)"],
    [{ stdinBuffer: '65GiB' }, ['x'], "--stdin-buffer: '65GiB' is too large (at most 64GiB)"],
    [
      { stdinBuffer: '99999999999999999999g' },
      ['x'],
      "--stdin-buffer: '99999999999999999999g' is too large (at most 64GiB)",
    ],
  ];
  it('takes every number up to its bound', () => {
    expect(buildPlan({ attempts: '1000000' }, ['x']).policy.attempts).toBe(1_000_000);
    expect(buildPlan({ stdinBuffer: '64GiB' }, ['x']).stdinBuffer.bytes).toBe(64 * 1024 ** 3);
  });

  it.each(bad)('rejects %j %j with one line', (settings, command, message) => {
    expect(() => buildPlan(settings, command)).toThrow(new UsageError(message));
    expect(message).not.toContain('\n');
  });

  it('names the origin it is given instead of the flag, built into the message once', () => {
    expect(() => buildPlan({ attempts: '0' }, ['x'], { attempts: 'XRUN_ATTEMPTS' })).toThrow(
      new UsageError("XRUN_ATTEMPTS: expected a whole number of at least 1, got '0'"),
    );
    expect(() => buildPlan({ map: '4=300' }, ['x'], { map: 'c.json: tools.buck2.map' })).toThrow(
      new UsageError('c.json: tools.buck2.map: exit code 300 is out of range (0-255)'),
    );
    expect(() => buildPlan({ stdinBuffer: 'lots' }, ['x'], { stdinBuffer: 'XRUN_STDIN_BUFFER' })).toThrow(
      new UsageError("XRUN_STDIN_BUFFER: 'lots' is not a size (e.g. 16MiB, 512KiB, 0)"),
    );
    // another setting's origin changes nothing
    expect(() => buildPlan({ delay: 'soon' }, ['x'], { attempts: 'XRUN_ATTEMPTS' })).toThrow(
      new UsageError("--delay: 'soon' is not a duration (e.g. 250ms, 2s, 1m)"),
    );
  });
});
