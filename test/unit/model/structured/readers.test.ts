import { describe, expect, it } from 'vitest';
import { readBep } from '../../../../src/model/structured/bazel-bep.js';
import { readBuck2CommandReport } from '../../../../src/model/structured/buck2-command-report.js';
import type { StructuredReading } from '../../../../src/model/structured/report.js';

// Lines as bazel 4.2.3 writes them (measured on the engine here), trimmed to the fields read.
const started = '{"id":{"started":{}},"started":{"command":"build"}}';
const finished = (exitCode: string, extra = '') =>
  `{"id":{"buildFinished":{}},"finished":{"finishTimeMillis":"1","exitCode":${exitCode}${extra}}}`;
const failedAction =
  '{"id":{"actionCompleted":{"label":"//:fail"}},"action":{"exitCode":7,"failureDetail":{"message":"linux-sandbox failed: error executing command \\n  (cd /x && exec env -)","spawn":{"code":"NON_ZERO_EXIT","spawnExitCode":7}}}}';
const read = (report: object): StructuredReading => ({ kind: 'read', report: { messages: [], ...report } as never });

describe('readBep', () => {
  it.each<[string, string, StructuredReading]>([
    [
      'a failed build: name and code',
      [started, finished('{"name":"BUILD_FAILURE","code":1}')].join('\n'),
      read({ format: 'bazel-bep', code: 1, name: 'BUILD_FAILURE' }),
    ],
    [
      'success: proto3 JSON leaves code 0 out',
      [started, finished('{"name":"SUCCESS"}')].join('\n'),
      read({ format: 'bazel-bep', code: 0, name: 'SUCCESS' }),
    ],
    [
      "the finished event's failureDetail",
      finished(
        '{"name":"INTERRUPTED","code":8}',
        ',"failureDetail":{"message":"build interrupted","interrupted":{"code":"INTERRUPTED"}}',
      ),
      read({ format: 'bazel-bep', code: 8, name: 'INTERRUPTED', detail: 'interrupted.INTERRUPTED: build interrupted' }),
    ],
    [
      "bazel 4: the failed action's failureDetail, its first line",
      [started, failedAction, finished('{"name":"BUILD_FAILURE","code":1}')].join('\n'),
      read({
        format: 'bazel-bep',
        code: 1,
        name: 'BUILD_FAILURE',
        detail: 'spawn.NON_ZERO_EXIT: linux-sandbox failed: error executing command',
      }),
    ],
    [
      'a failureDetail of a message alone',
      finished('{"code":2}', ',"failureDetail":{"message":"bad"}'),
      read({ format: 'bazel-bep', code: 2, detail: 'bad' }),
    ],
    [
      'a trailing newline and blank lines',
      `${started}\n\n${finished('{"name":"SUCCESS"}')}\n`,
      read({ format: 'bazel-bep', code: 0, name: 'SUCCESS' }),
    ],
    ['no finished event (a bad flag, a killed client)', started, { kind: 'malformed', problem: 'no finished event' }],
    ['a line that is not JSON', `${started}\n{"id":`, { kind: 'malformed', problem: 'a line is not JSON' }],
    [
      'no exitCode',
      '{"finished":{"overallSuccess":true}}',
      { kind: 'malformed', problem: 'the finished event has no exitCode' },
    ],
    [
      'a code that is not a number',
      finished('{"code":"1"}'),
      { kind: 'malformed', problem: 'exitCode.code is not a number' },
    ],
  ])('%s', (_name, text, expected) => {
    expect(readBep(text)).toEqual(expected);
  });
  it('cuts a long failure message', () => {
    const long = 'x'.repeat(300);
    const reading = readBep(
      finished('{"code":1}', `,"failureDetail":{"message":"${long}","spawn":{"code":"NON_ZERO_EXIT"}}`),
    );
    expect(reading.kind === 'read' && reading.report.detail).toBe(`spawn.NON_ZERO_EXIT: ${'x'.repeat(200)}...`);
  });
});

describe('readBuck2CommandReport', () => {
  const report = (fields: object) =>
    JSON.stringify({ trace_id: '0f3c1e2a-7b9d-4c55-9a61-2d5e8b7f4c10', ...fields }, null, 2);
  it.each<[string, string, StructuredReading]>([
    [
      'success',
      report({ exit_code: 0, error_messages: [], finalizing_error_messages: [] }),
      read({ format: 'buck2-command-report', code: 0 }),
    ],
    [
      'a daemon that died: its message',
      report({
        exit_code: 1,
        error_messages: ['Buck daemon event bus encountered an error'],
        finalizing_error_messages: [],
      }),
      read({ format: 'buck2-command-report', code: 1, messages: ['Buck daemon event bus encountered an error'] }),
    ],
    [
      'finalizing messages follow the errors',
      report({ exit_code: 2, error_messages: ['a'], finalizing_error_messages: ['b'] }),
      read({ format: 'buck2-command-report', code: 2, messages: ['a', 'b'] }),
    ],
    ['lists left out are empty', report({ exit_code: 3 }), read({ format: 'buck2-command-report', code: 3 })],
    [
      'non-strings in a list are skipped',
      report({ exit_code: 3, error_messages: ['a', 1, null] }),
      read({ format: 'buck2-command-report', code: 3, messages: ['a'] }),
    ],
    ['not JSON', '{"exit_code": 1', { kind: 'malformed', problem: 'not JSON' }],
    ['not an object', '[1]', { kind: 'malformed', problem: 'not a JSON object' }],
    ['no exit_code', report({ error_messages: [] }), { kind: 'malformed', problem: 'exit_code is not a number' }],
  ])('%s', (_name, text, expected) => {
    expect(readBuck2CommandReport(text)).toEqual(expected);
  });
});
