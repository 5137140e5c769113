import { describe, expect, it } from 'vitest';
import {
  attemptEndLine,
  attemptStartLine,
  flakyAnnotation,
  giveUpAnnotation,
  retryAnnotation,
  stepSummary,
} from '../../../src/cli/ci-output.js';
import type { Report } from '../../../src/run/report.js';
import type { AttemptRecord } from '../../../src/run/supervise.js';

const record: AttemptRecord = {
  attempt: 1,
  startedAt: 0,
  durationMs: 5,
  outcome: { kind: 'exited', code: 1 },
  classification: {
    tool: 'docker',
    category: 'rate-limit',
    name: 'RateLimited',
    meaning: '100% busy,\nretry: later',
    source: 's',
    normalizedCode: 2,
    rawCode: 1,
  },
  decision: { retry: true, reason: 'category rate-limit is retried' },
  delayMs: 10,
  killEscalated: false,
};

describe('CI output', () => {
  it('escapes annotation data as GitHub requires (%), a line break shown, never a second line', () => {
    // the retry line itself, its `xrun: ` prefix dropped
    const line = 'xrun: docker exited 1 (RateLimited: 100% busy,\nretry: later); attempt 2 of 3 in 10ms';
    expect(retryAnnotation('github', line)).toBe(
      '::warning title=xrun retry::docker exited 1 (RateLimited: 100%25 busy,\\nretry: later); attempt 2 of 3 in 10ms',
    );
    // neither a real line break nor GitHub's %0A (which it turns into one), nor an escape sequence
    expect(retryAnnotation('github', 'xrun: x\r\n::error::forged\x1b[31m')).toBe(
      '::warning title=xrun retry::x\\r\\n::error::forged\\x1b[31m',
    );
    expect(retryAnnotation('gitlab', line)).toBeUndefined();
    expect(retryAnnotation('none', line)).toBeUndefined();
  });

  it('folds every attempt but the last the policy allows', () => {
    expect(attemptStartLine('github', 1, 3, '7', 0)).toBe('::group::xrun attempt 1 of 3');
    expect(attemptStartLine('github', 2, 3, '7', 0)).toBe('::group::xrun attempt 2 of 3');
    expect(attemptEndLine('github', 2, 3, '7', 0)).toBe('::endgroup::');
    expect(attemptStartLine('github', 3, 3, '7', 0)).toBeUndefined();
    expect(attemptEndLine('github', 3, 3, '7', 0)).toBeUndefined();
    // a run that cannot retry is never folded
    expect(attemptStartLine('github', 1, 1, '7', 0)).toBeUndefined();
    expect(attemptStartLine('gitlab', 2, 3, '7', 1_700_000_000_999)).toBe(
      '\x1b[0Ksection_start:1700000000:xrun_7_attempt_2[collapsed=true]\r\x1b[0Kxrun attempt 2 of 3',
    );
    expect(attemptEndLine('gitlab', 2, 3, '7', 1_700_000_001_000)).toBe(
      '\x1b[0Ksection_end:1700000001:xrun_7_attempt_2\r\x1b[0K',
    );
    expect(attemptStartLine('gitlab', 3, 3, '7', 0)).toBeUndefined();
    expect(attemptStartLine('none', 2, 3, '7', 0)).toBeUndefined();
  });

  it('giving up is one ::error with the classification; a flaky run one ::warning (GitHub only)', () => {
    expect(giveUpAnnotation('github', 'docker', { ...record, attempt: 3 })).toBe(
      '::error title=xrun gave up::docker exited 1 (RateLimited: 100%25 busy,\\nretry: later); giving up after 3 attempts',
    );
    expect(giveUpAnnotation('gitlab', 'docker', record)).toBeUndefined();
    expect(
      flakyAnnotation('github', 'xrun: sh succeeded on attempt 2 of 3, flaky: it survived 1 failure (Failure)'),
    ).toBe('::warning title=xrun flaky::sh succeeded on attempt 2 of 3, flaky: it survived 1 failure (Failure)');
    expect(flakyAnnotation('none', 'xrun: x')).toBeUndefined();
  });

  it('the step summary escapes table cells', () => {
    const report = {
      command: ['sh', '-c', 'a | b'],
      tool: 'generic',
      maxAttempts: 1,
      attempts: [
        {
          attempt: 1,
          outcome: { kind: 'signaled', signal: 'SIGKILL' },
          classification: { category: 'signal', name: 'SIGKILL' },
          decision: { retry: false, stop: 'not-retryable' },
          delayMs: null,
          durationMs: 3,
        },
      ],
      exit: { rawCode: 137, code: 137, signal: 'SIGKILL' },
      flaky: false,
      survived: [],
    } as unknown as Report;
    expect(stepSummary(report)).toBe(
      "### xrun: `sh -c 'a | b'`\n\n| attempt | outcome | category | name | decision | ms |\n| --- | --- | --- | --- | --- | --- |\n| 1 of 1 | SIGKILL | signal | SIGKILL | not-retryable | 3 |\n\nexit: SIGKILL (tool model: generic)\n\n",
    );
  });

  it("the step summary of a run that gave up says so in the give-up line's words; a command with backticks stays one code span", () => {
    const attempt = (n: number, retry: boolean) => ({
      attempt: n,
      outcome: { kind: 'exited', code: 3 },
      classification: { category: 'failure', name: 'Failure', meaning: 'the command failed' },
      decision: retry ? { retry: true, stop: null } : { retry: false, stop: 'exhausted' },
      delayMs: retry ? 1000 : null,
      durationMs: 3,
    });
    const report = {
      command: ['sh', '-c', 'echo `date`; exit 3'],
      tool: 'generic',
      maxAttempts: 2,
      attempts: [attempt(1, true), attempt(2, false)],
      exit: { rawCode: 3, code: 3, signal: null },
      flaky: false,
      survived: [],
    } as unknown as Report;
    expect(stepSummary(report).split('\n')).toEqual([
      "### xrun: ``sh -c 'echo `date`; exit 3'``",
      '',
      '| attempt | outcome | category | name | decision | ms |',
      '| --- | --- | --- | --- | --- | --- |',
      '| 1 of 2 | exit 3 | failure | Failure | attempt 2 of 2 in 1s | 3 |',
      '| 2 of 2 | exit 3 | failure | Failure | exhausted | 3 |',
      '',
      '**gave up**: the command exited 3 (Failure: the command failed); giving up after 2 attempts',
      '',
      'exit: 3 (tool model: generic)',
      '',
      '',
    ]);
  });

  it("the step summary keeps each row one line: a tool's text with line breaks, escapes and secrets in it", () => {
    const report = {
      command: ['sh', '-c', 'echo a\necho b', 'ghp_0123456789abcdefghij0123456789abcdef'],
      tool: 'bazel',
      maxAttempts: 1,
      attempts: [
        {
          attempt: 1,
          outcome: { kind: 'exited', code: 1 },
          classification: { category: 'user', name: 'BUILD_FAILURE\n| 9 of 9 | forged |\x1b[31m' },
          decision: { retry: false, stop: 'not-retryable' },
          delayMs: null,
          durationMs: 3,
        },
      ],
      exit: { rawCode: 1, code: 1, signal: null },
      flaky: false,
      survived: [],
    } as unknown as Report;
    const lines = stepSummary(report).split('\n');
    expect(lines[0]).toBe("### xrun: `sh -c 'echo a\\necho b' ghp_***`");
    expect(lines[4]).toBe(
      '| 1 of 1 | exit 1 | user | BUILD_FAILURE\\n\\| 9 of 9 \\| forged \\|\\x1b[31m | not-retryable | 3 |',
    );
    expect(lines[5]).toBe('');
  });
});
