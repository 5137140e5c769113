import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import type { OutputError } from '../../../src/model/output-error.js';
import { models } from '../../../src/model/tools/index.js';
import { isFlaky, runOutputErrors, survivedFailures } from '../../../src/run/run-result.js';
import type { AttemptRecord } from '../../../src/run/supervise.js';

// An attempt of buck2 that exited with `code`.
function attempt(n: number, code: number, outputErrors?: OutputError[]): AttemptRecord {
  const outcome = { kind: 'exited', code } as const;
  return {
    attempt: n,
    startedAt: 0,
    durationMs: 1,
    outcome,
    classification: classifyOutcome(models.buck2, outcome),
    decision: code === 0 ? { retry: false, stop: 'success', reason: 'r' } : { retry: true, reason: 'r' },
    killEscalated: false,
    ...(outputErrors === undefined ? {} : { outputErrors }),
  };
}

const ENOSPC: OutputError = { stream: 'stdout', errno: 'ENOSPC', message: 'no space left on device' };
const EPIPE: OutputError = { stream: 'stderr', errno: 'EPIPE', message: 'broken pipe' };

const run = (...attempts: AttemptRecord[]) => ({ attempts, last: attempts.at(-1)! });

describe('run-result: what a finished run was (run/run-result.ts)', () => {
  it('flaky: a success after at least one failed attempt', () => {
    expect(isFlaky(run(attempt(1, 4), attempt(2, 0)))).toBe(true);
    expect(isFlaky(run(attempt(1, 0)))).toBe(false);
    expect(isFlaky(run(attempt(1, 4), attempt(2, 11)))).toBe(false);
  });

  it('a success whose output was lost is not flaky; a reader gone (EPIPE) loses nothing', () => {
    expect(isFlaky(run(attempt(1, 4), attempt(2, 0, [ENOSPC])))).toBe(false);
    expect(isFlaky(run(attempt(1, 4, [ENOSPC]), attempt(2, 0)))).toBe(false);
    expect(isFlaky(run(attempt(1, 4), attempt(2, 0, [EPIPE])))).toBe(true);
  });

  it("runOutputErrors: every attempt's, in order, the last counted once even when not among the attempts", () => {
    const first = attempt(1, 4, [EPIPE]);
    const second = attempt(2, 0, [ENOSPC]);
    expect(runOutputErrors(run(first, second))).toEqual([EPIPE, ENOSPC]);
    expect(runOutputErrors({ attempts: [first], last: second })).toEqual([EPIPE, ENOSPC]);
    expect(runOutputErrors(run(attempt(1, 0)))).toEqual([]);
  });

  it("survivedFailures: a flaky run's failed attempts, none for any other run", () => {
    expect(survivedFailures(run(attempt(1, 4), attempt(2, 11), attempt(3, 0)))).toEqual([
      { attempt: 1, category: 'busy', name: 'DaemonIsBusy', rawCode: 4 },
      { attempt: 2, category: 'connect', name: 'ConnectError', rawCode: 11 },
    ]);
    expect(survivedFailures(run(attempt(1, 4), attempt(2, 11)))).toEqual([]);
    expect(survivedFailures(run(attempt(1, 4), attempt(2, 0, [ENOSPC])))).toEqual([]);
  });
});
