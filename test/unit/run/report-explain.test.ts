import { describe, expect, it } from 'vitest';
import { explainReportLines } from '../../../src/run/report-explain.js';
import type { AttemptView, ReportView } from '../../../src/run/report-read.js';

const busy: AttemptView = {
  attempt: 1,
  durationMs: 1200,
  outcome: { kind: 'exited', code: 4 },
  classification: { category: 'busy', name: 'DaemonIsBusy', meaning: 'daemon busy with another command' },
  decision: { retry: true, reason: '--retry-busy retries exit 4 DaemonIsBusy (busy)' },
  delayMs: 300,
  killEscalated: false,
  outputErrors: [],
};
const success: AttemptView = {
  ...busy,
  attempt: 2,
  durationMs: 40,
  outcome: { kind: 'exited', code: 0 },
  classification: { category: 'success', name: 'Success', meaning: 'the command succeeded' },
  decision: { retry: false, reason: 'the command succeeded' },
  delayMs: null,
};
const report: ReportView = {
  command: ['buck2', 'build', '//app:main'],
  tool: 'buck2',
  maxAttempts: 5,
  attempts: [busy, success],
  interrupted: null,
  deadlineSpent: false,
  flaky: true,
  survived: [{ name: 'DaemonIsBusy' }],
  exit: { rawCode: 0, code: 0, signal: null },
};

describe("explainReportLines: xrun's report in words", () => {
  it('a flaky run: each attempt, why it went on or stopped, the wait, then the exit', () => {
    expect(explainReportLines(report)).toEqual([
      'command: buck2 build //app:main',
      'tool:    buck2',
      'attempt 1 of 5: exited 4 (DaemonIsBusy: daemon busy with another command), category busy, 1.2s; retried because --retry-busy retries exit 4 DaemonIsBusy (busy); next attempt in 300ms',
      'attempt 2 of 5: exited 0 (Success: the command succeeded), category success, 40ms; stopped because the command succeeded',
      'exit:    0; flaky: it survived 1 failure (DaemonIsBusy)',
    ]);
  });

  it('an interrupt before any attempt, a re-raised signal', () => {
    const lines = explainReportLines({
      ...report,
      attempts: [],
      flaky: false,
      survived: [],
      interrupted: 'SIGINT',
      exit: { rawCode: 130, code: 130, signal: 'SIGINT' },
    });
    expect(lines.slice(2)).toEqual([
      'no attempt started',
      'exit:    130 (SIGINT, re-raised on xrun); interrupted by SIGINT; not flaky',
    ]);
  });

  it('a mapped code, a spent deadline, lost output, a kill escalated', () => {
    const timedOut: AttemptView = {
      ...busy,
      outcome: { kind: 'timed-out', timeoutMs: 5000, ended: { kind: 'signaled', signal: 'SIGKILL' } },
      classification: { category: 'timeout', name: 'TimedOut', meaning: 'stopped by xrun after --timeout' },
      decision: { retry: false, reason: 'the deadline of 10s is spent' },
      killEscalated: true,
      outputErrors: [{ stream: 'stdout', errno: 'ENOSPC', message: 'no space left on device' }],
    };
    const lines = explainReportLines({
      ...report,
      attempts: [timedOut],
      flaky: false,
      survived: [],
      deadlineSpent: true,
      exit: { rawCode: 124, code: 0, signal: null },
    });
    expect(lines.slice(2)).toEqual([
      "attempt 1 of 5: timed out after 5s (TimedOut: stopped by xrun after --timeout), SIGKILL after --kill-after, category timeout, 1.2s; output lost: writing the command's stdout failed: ENOSPC (no space left on device); stopped because the deadline of 10s is spent",
      "exit:    0 (the command's 124); the deadline was spent; not flaky",
    ]);
  });

  it('every line made safe: secrets redacted, control characters shown', () => {
    const hostile = {
      ...report,
      command: ['curl', '-H', 'Authorization: Bearer abc.def', 'x\x1b[2J'],
      tool: 'buck2\n::error::x',
    };
    expect(explainReportLines(hostile).slice(0, 2)).toEqual([
      "command: curl -H 'Authorization: Bearer ***' 'x\\x1b[2J'",
      'tool:    buck2\\n::error::x',
    ]);
  });
});
