import { describe, expect, it } from 'vitest';
import { readBuck2CommandReport } from '../../../../src/model/structured/buck2-command-report.js';

const read = (code: number, messages: string[] = []) => ({
  kind: 'read',
  report: { format: 'buck2-command-report', code, messages },
});

describe('readBuck2CommandReport', () => {
  it('the exit code, the error messages then the finalizing ones, in order', () => {
    const text = JSON.stringify({ exit_code: 11, error_messages: ['e1', 'e2'], finalizing_error_messages: ['f1'] });
    expect(readBuck2CommandReport(text)).toEqual(read(11, ['e1', 'e2', 'f1']));
  });

  it('pretty-printed JSON with other fields (trace_id) is read', () => {
    expect(readBuck2CommandReport(JSON.stringify({ trace_id: 't', exit_code: 0, extra: { x: 1 } }, null, 2))).toEqual(
      read(0),
    );
  });

  it('lists that are not lists are empty; empty strings in a list are kept', () => {
    expect(
      readBuck2CommandReport(
        JSON.stringify({ exit_code: 1, error_messages: 'e', finalizing_error_messages: { a: 'b' } }),
      ),
    ).toEqual(read(1));
    expect(readBuck2CommandReport(JSON.stringify({ exit_code: 1, finalizing_error_messages: ['', 2, 'f'] }))).toEqual(
      read(1, ['', 'f']),
    );
  });

  it.each([
    ['', 'not JSON'],
    ['{"exit_code": 1} trailing', 'not JSON'],
    ['null', 'not a JSON object'],
    ['"text"', 'not a JSON object'],
    ['5', 'not a JSON object'],
    ['[{"exit_code": 1}]', 'not a JSON object'],
    ['{}', 'exit_code is not a number'],
    ['{"exit_code": "1"}', 'exit_code is not a number'],
    ['{"exit_code": 1.5}', 'exit_code is not a number'],
    ['{"exit_code": null}', 'exit_code is not a number'],
  ])('%j: %s', (text, problem) => {
    expect(readBuck2CommandReport(text)).toEqual({ kind: 'malformed', problem });
  });

  it('a negative or large integer code is kept as given', () => {
    expect(readBuck2CommandReport('{"exit_code": -1}')).toEqual(read(-1));
    expect(readBuck2CommandReport('{"exit_code": 300}')).toEqual(read(300));
  });
});
