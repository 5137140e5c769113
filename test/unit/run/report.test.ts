import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import type { ExitStatus } from '../../../src/model/exit-status.js';
import type { Outcome } from '../../../src/model/outcome.js';
import type { RetryDecision } from '../../../src/model/policy.js';
import { models } from '../../../src/model/tools/index.js';
import { buildReport, type Report } from '../../../src/run/report.js';
import type { AttemptRecord, RunResult } from '../../../src/run/supervise.js';
import { buildPlan, type Plan } from '../../../src/settings/plan.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../schema/report.schema.json', import.meta.url), 'utf8'),
) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const T0 = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
const retried: RetryDecision = { retry: true, reason: 'category busy is retried' };
const succeeded: RetryDecision = { retry: false, stop: 'success', reason: 'the command succeeded' };

// An attempt as the loop records it: the outcome classified in the plan's model, one a second from T0.
function attempt(
  plan: Plan,
  n: number,
  outcome: Outcome,
  decision: RetryDecision,
  more: { stderr?: string; delayMs?: number; killEscalated?: boolean } = {},
): AttemptRecord {
  return {
    attempt: n,
    startedAt: T0 + (n - 1) * 1000,
    durationMs: 40,
    outcome,
    classification: classifyOutcome(models[plan.tool], outcome, more.stderr),
    decision,
    ...(more.delayMs === undefined ? {} : { delayMs: more.delayMs }),
    killEscalated: more.killEscalated ?? false,
  };
}

function report(plan: Plan, attempts: AttemptRecord[], status: ExitStatus, extra: Partial<RunResult> = {}): Report {
  const result: RunResult = { attempts, last: attempts.at(-1)!, deadlineSpent: false, ...extra };
  const built = buildReport(plan, result, status, T0, T0 + 2500);
  expect(validate(built), JSON.stringify(validate.errors)).toBe(true);
  return built;
}

describe('buildReport: the run report (docs/report.md)', () => {
  it('every field of a retried run, the command redacted', () => {
    const plan = buildPlan({ retryBusy: true }, ['env', 'GITHUB_TOKEN=ghp_x', 'buck2', 'build']);
    const attempts = [
      attempt(plan, 1, { kind: 'exited', code: 4 }, retried, { delayMs: 300 }),
      attempt(plan, 2, { kind: 'exited', code: 0 }, succeeded),
    ];
    expect(report(plan, attempts, { kind: 'code', code: 0 })).toEqual({
      schemaVersion: 1,
      xrunVersion: version,
      command: ['env', 'GITHUB_TOKEN=***', 'buck2', 'build'],
      tool: 'buck2',
      startedAt: '2024-01-02T03:04:05.678Z',
      durationMs: 2500,
      maxAttempts: 5,
      attempts: [
        {
          attempt: 1,
          startedAt: '2024-01-02T03:04:05.678Z',
          durationMs: 40,
          outcome: { kind: 'exited', code: 4 },
          classification: {
            category: 'busy',
            name: 'DaemonIsBusy',
            meaning: 'daemon busy with another command',
            normalizedCode: 4,
            rawCode: 4,
            rule: null,
            signal: null,
            via: null,
          },
          decision: { retry: true, stop: null, reason: 'category busy is retried', decider: null, mapTo: null },
          delayMs: 300,
          killEscalated: false,
          outputErrors: [],
        },
        {
          attempt: 2,
          startedAt: '2024-01-02T03:04:06.678Z',
          durationMs: 40,
          outcome: { kind: 'exited', code: 0 },
          classification: {
            category: 'success',
            name: 'Success',
            meaning: 'the command succeeded',
            normalizedCode: 0,
            rawCode: 0,
            rule: null,
            signal: null,
            via: null,
          },
          decision: { retry: false, stop: 'success', reason: 'the command succeeded', decider: null, mapTo: null },
          delayMs: null,
          killEscalated: false,
          outputErrors: [],
        },
      ],
      interrupted: null,
      deadlineSpent: false,
      // a success after a failed attempt: flaky, with the failure it survived
      flaky: true,
      survived: [{ attempt: 1, category: 'busy', name: 'DaemonIsBusy', rawCode: 4 }],
      exit: { rawCode: 0, code: 0, signal: null },
    });
    // the plan's words are left as they are
    expect(plan.command).toEqual(['env', 'GITHUB_TOKEN=ghp_x', 'buck2', 'build']);
  });

  it('a success after a failure whose output was lost: recorded, not flaky (the run did not succeed)', () => {
    const plan = buildPlan({ retryBusy: true }, ['buck2', 'build']);
    const lost = {
      retry: false,
      stop: 'output-lost',
      reason: "writing the command's stdout failed: ENOSPC (no space left on device)",
    } as const;
    const outputErrors = [{ stream: 'stdout', errno: 'ENOSPC', message: 'no space left on device' }] as const;
    const last = { ...attempt(plan, 2, { kind: 'exited', code: 0 }, lost), outputErrors };
    const built = report(plan, [attempt(plan, 1, { kind: 'exited', code: 4 }, retried, { delayMs: 300 }), last], {
      kind: 'code',
      code: 1,
    });
    expect(built.attempts.map((a) => a.outputErrors)).toEqual([[], outputErrors]);
    expect(built.attempts[1]!.decision.stop).toBe('output-lost');
    expect([built.flaky, built.survived, built.exit]).toEqual([false, [], { rawCode: 0, code: 1, signal: null }]);
  });

  it("a message rule's id; only the classification's listed fields (no tool, source or stated wait)", () => {
    const plan = buildPlan({ retryOn: 'rate-limit', attempts: '1' }, ['docker', 'pull', 'x']);
    const exhausted: RetryDecision = {
      retry: false,
      stop: 'exhausted',
      reason: 'category rate-limit is retried, but its one attempt is used',
    };
    const [only] = report(
      plan,
      [attempt(plan, 1, { kind: 'exited', code: 1 }, exhausted, { stderr: 'toomanyrequests: retry-after: 12s\n' })],
      {
        kind: 'code',
        code: 1,
      },
    ).attempts;
    expect(only!.classification).toEqual({
      category: 'rate-limit',
      name: 'RateLimited',
      meaning: 'registry pull rate limit (HTTP 429)',
      normalizedCode: 2,
      rawCode: 1,
      rule: 'rate-limited',
      signal: null,
      via: null,
    });
    expect(only!.decision).toEqual({
      retry: false,
      stop: 'exhausted',
      reason: 'category rate-limit is retried, but its one attempt is used',
      decider: null,
      mapTo: null,
    });
  });

  const generic = buildPlan({}, ['sh', '-c', 'x']);
  const stopped = (reason: string): RetryDecision => ({ retry: false, stop: 'not-retryable', reason });

  it.each<
    [string, Outcome, ExitStatus, Partial<RunResult>, Pick<Report, 'exit' | 'interrupted' | 'deadlineSpent'>, object]
  >([
    [
      'a signal death: re-raised',
      { kind: 'signaled', signal: 'SIGKILL' },
      { kind: 'signal', signal: 'SIGKILL', fallbackCode: 137 },
      {},
      { exit: { rawCode: 137, code: 137, signal: 'SIGKILL' }, interrupted: null, deadlineSpent: false },
      {
        category: 'signal',
        name: 'SIGKILL',
        meaning: 'killed by SIGKILL',
        normalizedCode: 137,
        rawCode: null,
        rule: null,
        signal: 'SIGKILL',
        via: null,
      },
    ],
    [
      'an interrupt: the signal xrun received',
      { kind: 'cancelled', signal: 'SIGINT', ended: { kind: 'exited', code: 130 } },
      { kind: 'signal', signal: 'SIGINT', fallbackCode: 130 },
      { interrupted: 'SIGINT' },
      { exit: { rawCode: 130, code: 130, signal: 'SIGINT' }, interrupted: 'SIGINT', deadlineSpent: false },
      {
        category: 'signal',
        name: 'Cancelled',
        meaning: 'interrupted by SIGINT',
        normalizedCode: 130,
        rawCode: null,
        rule: null,
        signal: 'SIGINT',
        via: null,
      },
    ],
    [
      'a timeout, normalized: 124 raw, 6 exited',
      { kind: 'timed-out', timeoutMs: 100, ended: { kind: 'signaled', signal: 'SIGKILL' } },
      { kind: 'code', code: 6 },
      {},
      { exit: { rawCode: 124, code: 6, signal: null }, interrupted: null, deadlineSpent: false },
      {
        category: 'timeout',
        name: 'TimedOut',
        meaning: 'stopped by xrun after --timeout',
        normalizedCode: 6,
        rawCode: null,
        rule: null,
        signal: null,
        via: null,
      },
    ],
    [
      'a command not found: 127',
      { kind: 'spawn-error', errno: 'ENOENT', message: 'spawn x ENOENT' },
      { kind: 'code', code: 127 },
      {},
      { exit: { rawCode: 127, code: 127, signal: null }, interrupted: null, deadlineSpent: false },
      {
        category: 'user',
        name: 'CommandNotFound',
        meaning: 'command not found',
        normalizedCode: 127,
        rawCode: null,
        rule: null,
        signal: null,
        via: null,
      },
    ],
    [
      'a spent deadline, the code mapped',
      { kind: 'exited', code: 3 },
      { kind: 'code', code: 0 },
      { deadlineSpent: true },
      { exit: { rawCode: 3, code: 0, signal: null }, interrupted: null, deadlineSpent: true },
      {
        category: 'failure',
        name: 'Failure',
        meaning: 'the command failed',
        normalizedCode: 1,
        rawCode: 3,
        rule: null,
        signal: null,
        via: null,
      },
    ],
  ])('%s', (_, outcome, status, extra, ending, classification) => {
    const built = report(
      generic,
      [attempt(generic, 1, outcome, stopped('x'), { killEscalated: outcome.kind === 'timed-out' })],
      status,
      extra,
    );
    expect({ exit: built.exit, interrupted: built.interrupted, deadlineSpent: built.deadlineSpent }).toEqual(ending);
    expect(built.attempts[0]!.classification).toEqual(classification);
    expect(built.attempts[0]!.outcome).toEqual(outcome);
    expect(built.attempts[0]!.killEscalated).toBe(outcome.kind === 'timed-out');
    expect([built.tool, built.command]).toEqual(['generic', ['sh', '-c', 'x']]);
  });
});

// Every string of the report, at any depth.
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

describe('a report built from hostile inputs holds no secret in any string', () => {
  it("the command, a spawn error's message, a tool report's name and detail", () => {
    const secrets = [
      'https://u:s3cr3t1@h/x',
      'Bearer s3cr3t2',
      'GITHUB_TOKEN=s3cr3t3',
      '--password s3cr3t4',
      '_authToken=s3cr3t5',
      'Authorization: s3cr3t6',
      'ghp_s3cr3t7s3cr3t7s3cr3t7s3cr3t7s3cr3t7',
      '{"client_secret":"s3cr3t8"}',
    ];
    const plan = buildPlan({ retryOn: '1' }, [
      'env',
      'GITHUB_TOKEN=s3cr3t0',
      'bazel',
      'build',
      ...secrets.flatMap((s) => s.split(' ')),
    ]);
    const detail = `spawn.NON_ZERO_EXIT: ${secrets.join(' ')}`;
    const spawnError: Outcome = {
      kind: 'spawn-error',
      errno: 'ENOENT',
      message: `spawn GITHUB_TOKEN=s3cr3t9 ENOENT ${secrets.join(' ')}`,
    };
    const first = attempt(plan, 1, { kind: 'exited', code: 1 }, retried);
    first.classification = {
      ...first.classification,
      name: `BUILD_FAILURE ${secrets[1]}`,
      meaning: `the build failed (${detail})`,
      structured: { format: 'bazel-bep', code: 1, name: `X ${secrets[2]}`, detail, decided: true },
    };
    const second = attempt(plan, 2, spawnError, {
      retry: false,
      stop: 'spawn-error',
      reason: `could not start ${secrets[3]}`,
    });
    const built = report(plan, [first, second], { kind: 'code', code: 127 });
    const strings = stringsOf(built);
    expect(strings.length).toBeGreaterThan(30);
    expect(strings.filter((s) => s.includes('s3cr3t'))).toEqual([]);
    expect(built.attempts[1]!.outcome).toEqual({
      kind: 'spawn-error',
      errno: 'ENOENT',
      message: expect.stringMatching(/^spawn GITHUB_TOKEN=\*\*\* ENOENT /),
    });
    expect(built.attempts[0]!.structured!.detail).toBe(
      'spawn.NON_ZERO_EXIT: https://u:***@h/x Bearer *** GITHUB_TOKEN=*** --password *** _authToken=*** Authorization: *** ghp_*** {"client_secret":"***"}',
    );
  });
});
