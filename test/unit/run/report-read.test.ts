import { describe, expect, it } from 'vitest';
import { readXrunReport } from '../../../src/run/report-read.js';
import { SUCCESS_ATTEMPT, SUCCESS_REPORT } from '../../helpers/report-fixture.js';

const attempt = { ...SUCCESS_ATTEMPT, structured: { deep: [[[['ignored']]]] } };
const report = { ...SUCCESS_REPORT, attempts: [attempt] };

describe("readXrunReport: xrun's own report, told by its schemaVersion and xrunVersion", () => {
  it('reads the fields explain shows into a new value, and nothing else', () => {
    const reading = readXrunReport(report);
    expect(reading).toEqual({
      kind: 'read',
      report: {
        command: ['true'],
        tool: 'generic',
        maxAttempts: 1,
        attempts: [
          {
            attempt: 1,
            durationMs: 5,
            outcome: { kind: 'exited', code: 0 },
            classification: { category: 'success', name: 'Success', meaning: 'the command succeeded' },
            decision: { retry: false, reason: 'the command succeeded' },
            delayMs: null,
            killEscalated: false,
            outputErrors: [],
          },
        ],
        interrupted: null,
        deadlineSpent: false,
        flaky: false,
        survived: [],
        exit: { rawCode: 0, code: 0, signal: null },
      },
    });
  });

  it.each([
    [null],
    [[1]],
    ['text'],
    [{ schemaVersion: 1 }],
    [{ xrunVersion: '0.1.0' }],
    // a tool's report
    [{ id: { started: {} } }],
    [Object.create({ schemaVersion: 1, xrunVersion: 'x' })],
  ])('%j is not an xrun report', (value) => {
    expect(readXrunReport(value)).toEqual({ kind: 'not-xrun' });
  });

  it('another schema version is said as such', () => {
    expect(readXrunReport({ ...report, schemaVersion: 2 })).toEqual({ kind: 'other-version', version: 2 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no words', { command: [] }, 'command: expected at least one word'],
    ['a word not a string', { command: ['a', 1] }, 'command[1]: expected a string'],
    ['a negative count', { maxAttempts: -1 }, 'maxAttempts: expected a whole number'],
    ['a fraction', { exit: { rawCode: 0.5, code: 0, signal: null } }, 'exit.rawCode: expected a whole number'],
    ['attempts not a list', { attempts: {} }, 'attempts: expected a list'],
    [
      'an unknown outcome',
      { attempts: [{ ...attempt, outcome: { kind: 'vanished' } }] },
      'attempts[0].outcome.kind: expected exited, signaled, spawn-error, timed-out or cancelled',
    ],
    [
      'a timeout without its ending',
      { attempts: [{ ...attempt, outcome: { kind: 'timed-out', timeoutMs: 5, ended: { kind: 'x' } } }] },
      'attempts[0].outcome.ended.kind: expected exited or signaled',
    ],
    [
      'a decision without retry',
      { attempts: [{ ...attempt, decision: { reason: 'x' } }] },
      'attempts[0].decision.retry: expected true or false',
    ],
    ['a survivor without a name', { survived: [{}] }, 'survived[0].name: expected a string'],
    ['an interrupt not a string', { interrupted: 2 }, 'interrupted: expected a string'],
  ])('%s: malformed, saying where', (_, change, problem) => {
    expect(readXrunReport({ ...report, ...change })).toEqual({ kind: 'malformed', problem });
  });
});
