import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import type { Outcome } from '../../../src/model/outcome.js';
import { models, type ToolName } from '../../../src/model/tools/index.js';
import {
  deadlineLine,
  describeOutcome,
  giveUpLine,
  informational,
  notRetryingLine,
  queuedRetryLine,
  retryLine,
  timedOutLine,
} from '../../../src/run/messages.js';

const exited = (code: number): Outcome => ({ kind: 'exited', code });
const timedOut = (timeoutMs: number): Outcome => ({
  kind: 'timed-out',
  timeoutMs,
  ended: { kind: 'signaled', signal: 'SIGTERM' },
});
// an outcome and its classification in the tool's model, as the attempt loop has them
const read = (tool: ToolName, outcome: Outcome) => [outcome, classifyOutcome(models[tool], outcome)] as const;

describe('describeOutcome', () => {
  it.each<[Outcome, string]>([
    [exited(4), 'exited 4'],
    [exited(0), 'exited 0'],
    [{ kind: 'signaled', signal: 'SIGKILL' }, 'was killed by SIGKILL'],
    [timedOut(5000), 'timed out after 5s'],
    [timedOut(100), 'timed out after 100ms'],
    [{ kind: 'cancelled', signal: 'SIGTERM', ended: { kind: 'exited', code: 143 } }, 'was interrupted (SIGTERM)'],
    [{ kind: 'spawn-error', errno: 'EACCES', message: 'permission denied' }, 'could not be started (EACCES)'],
  ])('%j: %s', (outcome, text) => {
    expect(describeOutcome(outcome)).toBe(text);
  });
});

describe("xrun's lines, exactly (docs/behaviour.md: Retries, The wait queue, --timeout, --deadline, stdin across retries)", () => {
  const busy = read('buck2', exited(4));
  const preempted = read('buck2', exited(5));
  const failed = read('generic', exited(3));

  it.each<[string, string, string]>([
    [
      'retry',
      retryLine('buck2', ...busy, 2, 5, 1300),
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); attempt 2 of 5 in 1.3s',
    ],
    [
      'retry at once',
      retryLine('sh', ...failed, 3, 3, 0),
      'xrun: sh exited 3 (Failure: the command failed); attempt 3 of 3 in 0ms',
    ],
    [
      'retry after the wait queue',
      queuedRetryLine('buck2', ...busy, 2, 5, 1200),
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); attempt 2 of 5 after 1.2s in the wait queue',
    ],
    [
      'give up',
      giveUpLine('buck2', ...preempted, 3),
      'xrun: buck2 exited 5 (DaemonPreempted: daemon preempted this command for a newer one); giving up after 3 attempts',
    ],
    [
      'give up after the one attempt there was',
      giveUpLine('buck2', ...preempted, 1),
      'xrun: buck2 exited 5 (DaemonPreempted: daemon preempted this command for a newer one); giving up after 1 attempt',
    ],
    [
      'deadline',
      deadlineLine('sh', ...failed, 2000, 4),
      'xrun: sh exited 3 (Failure: the command failed); deadline of 2s spent after 4 attempts',
    ],
    [
      'deadline after one attempt',
      deadlineLine('sh', ...failed, 60_000, 1),
      'xrun: sh exited 3 (Failure: the command failed); deadline of 1m spent after 1 attempt',
    ],
    [
      'not retrying',
      notRetryingLine(
        'buck2',
        ...busy,
        'stdin is a pipe and the command consumed more than --stdin-buffer 1KiB, so a retry could not replay it',
      ),
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); not retrying: stdin is a pipe and the command consumed more than --stdin-buffer 1KiB, so a retry could not replay it',
    ],
    [
      'timed out',
      timedOutLine('sleep', ...read('generic', timedOut(100)), undefined),
      'xrun: sleep timed out after 100ms (TimedOut: stopped by xrun after --timeout)',
    ],
    [
      'timed out, then killed',
      timedOutLine('sleep', ...read('generic', timedOut(100)), 100),
      'xrun: sleep timed out after 100ms (TimedOut: stopped by xrun after --timeout); SIGKILL after --kill-after 100ms',
    ],
    [
      'a signal death given up on',
      giveUpLine('docker', ...read('docker', { kind: 'signaled', signal: 'SIGKILL' }), 2),
      'xrun: docker was killed by SIGKILL (SIGKILL: killed by SIGKILL); giving up after 2 attempts',
    ],
  ])('%s', (_, line, text) => {
    expect(line).toBe(text);
  });

  it('redacts what the line shows (docs/report.md "Redaction")', () => {
    expect(retryLine('GITHUB_TOKEN=ghp_x', ...failed, 2, 2, 5)).toBe(
      'xrun: GITHUB_TOKEN=*** exited 3 (Failure: the command failed); attempt 2 of 2 in 5ms',
    );
    expect(notRetryingLine('curl', ...failed, 'it read https://u:pw@h')).toBe(
      'xrun: curl exited 3 (Failure: the command failed); not retrying: it read https://u:***@h',
    );
  });
});

describe('informational: --quiet is decided here', () => {
  it('hands the lines on, or drops them under --quiet', () => {
    const seen: string[] = [];
    const write = (line: string) => seen.push(line);
    expect(informational({ quiet: false }, write)).toBe(write);
    informational({ quiet: true }, write)('dropped');
    informational({ quiet: false }, write)('kept');
    expect(seen).toEqual(['kept']);
  });
});
