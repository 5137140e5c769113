import { describe, expect, it } from 'vitest';
import { readBep } from '../../../../src/model/structured/bazel-bep.js';

const finished = (fields: object) => JSON.stringify({ id: { buildFinished: {} }, finished: fields });
const action = (failureDetail: unknown) => JSON.stringify({ id: { actionCompleted: {} }, action: { failureDetail } });
const detailOf = (text: string) => {
  const reading = readBep(text);
  return reading.kind === 'read' ? reading.report.detail : reading;
};

describe('readBep: the finished event', () => {
  it('the last finished event is the one read', () => {
    const text = [finished({ exitCode: { name: 'A', code: 1 } }), finished({ exitCode: { name: 'B', code: 2 } })].join(
      '\n',
    );
    expect(readBep(text)).toEqual({ kind: 'read', report: { format: 'bazel-bep', code: 2, name: 'B', messages: [] } });
  });

  it('CRLF line ends and blank lines of spaces are read', () => {
    expect(readBep(`  \r\n${finished({ exitCode: { code: 3 } })}\r\n \n`)).toEqual({
      kind: 'read',
      report: { format: 'bazel-bep', code: 3, messages: [] },
    });
  });

  it('an empty file has no finished event', () => {
    expect(readBep('')).toEqual({ kind: 'malformed', problem: 'no finished event' });
  });

  it('a finished that is not an object is no finished event; events that are not objects are skipped', () => {
    expect(readBep(['null', '[1]', '"s"', '7', JSON.stringify({ finished: [1] })].join('\n'))).toEqual({
      kind: 'malformed',
      problem: 'no finished event',
    });
    expect(readBep(['null', '[1]', finished({ exitCode: { code: 0 } })].join('\n'))).toMatchObject({
      kind: 'read',
      report: { code: 0 },
    });
  });

  it('an exitCode that is not an object', () => {
    expect(readBep(finished({ exitCode: 1 }))).toEqual({
      kind: 'malformed',
      problem: 'the finished event has no exitCode',
    });
    expect(readBep(finished({ exitCode: [] }))).toEqual({
      kind: 'malformed',
      problem: 'the finished event has no exitCode',
    });
  });

  it.each([1.5, true, '1', {}])('a code %j is not a number', (code) => {
    expect(readBep(finished({ exitCode: { code } }))).toEqual({
      kind: 'malformed',
      problem: 'exitCode.code is not a number',
    });
  });

  it("a code null is proto3 JSON's default value, 0", () => {
    expect(readBep(finished({ exitCode: { name: 'SUCCESS', code: null } }))).toEqual({
      kind: 'read',
      report: { format: 'bazel-bep', code: 0, name: 'SUCCESS', messages: [] },
    });
  });

  it('a name that is not a string, or empty, is left out', () => {
    expect(readBep(finished({ exitCode: { name: 5, code: 1 } }))).toEqual({
      kind: 'read',
      report: { format: 'bazel-bep', code: 1, messages: [] },
    });
    expect(readBep(finished({ exitCode: { name: '', code: 1 } }))).toEqual({
      kind: 'read',
      report: { format: 'bazel-bep', code: 1, messages: [] },
    });
  });

  it('one line that is not JSON spoils the file, even after the finished event', () => {
    expect(readBep(`${finished({ exitCode: { code: 0 } })}\nnot json`)).toEqual({
      kind: 'malformed',
      problem: 'a line is not JSON',
    });
  });
});

describe('readBep: the failure detail', () => {
  it('category and code, then the first line of the message, trimmed', () => {
    expect(
      detailOf(
        finished({ exitCode: { code: 1 }, failureDetail: { message: '  first  \nsecond', execution: { code: 'X' } } }),
      ),
    ).toBe('execution.X: first');
  });

  it('a category whose code is not a string is named alone', () => {
    expect(detailOf(finished({ exitCode: { code: 1 }, failureDetail: { message: 'm', spawn: { code: 7 } } }))).toBe(
      'spawn: m',
    );
    expect(detailOf(finished({ exitCode: { code: 1 }, failureDetail: { spawn: {} } }))).toBe('spawn');
  });

  it('the first object field is the category; fields of other kinds are not', () => {
    expect(
      detailOf(
        finished({
          exitCode: { code: 1 },
          failureDetail: { message: 'm', note: 'x', list: [1], a: { code: 'A' }, b: { code: 'B' } },
        }),
      ),
    ).toBe('a.A: m');
  });

  it('a message that is not a string is left out', () => {
    expect(detailOf(finished({ exitCode: { code: 1 }, failureDetail: { message: 5, c: { code: 'C' } } }))).toBe('c.C');
  });

  it('no category and an empty or blank message: no detail', () => {
    expect(detailOf(finished({ exitCode: { code: 1 }, failureDetail: { message: ' \nsecond' } }))).toBeUndefined();
    expect(detailOf(finished({ exitCode: { code: 1 }, failureDetail: {} }))).toBeUndefined();
    expect(detailOf(finished({ exitCode: { code: 1 }, failureDetail: 'text' }))).toBeUndefined();
  });

  it('a message of 200 characters is kept whole, one of 201 is cut to 200 and "..."', () => {
    expect(detailOf(finished({ exitCode: { code: 1 }, failureDetail: { message: 'y'.repeat(200) } }))).toBe(
      'y'.repeat(200),
    );
    expect(detailOf(finished({ exitCode: { code: 1 }, failureDetail: { message: `${'y'.repeat(200)}z` } }))).toBe(
      `${'y'.repeat(200)}...`,
    );
  });

  it("the finished event's detail wins over an action's", () => {
    const text = [
      action({ message: 'action', spawn: { code: 'S' } }),
      finished({ exitCode: { code: 1 }, failureDetail: { message: 'build' } }),
    ].join('\n');
    expect(detailOf(text)).toBe('build');
  });

  it("the first failed action's detail stands in, not a later one's", () => {
    const text = [
      action({ message: 'first' }),
      action({ message: 'second' }),
      finished({ exitCode: { code: 1 } }),
    ].join('\n');
    expect(detailOf(text)).toBe('first');
  });

  it('an action whose failureDetail is not an object does not take the first place', () => {
    const text = [action('text'), action(null), action({ message: 'real' }), finished({ exitCode: { code: 1 } })].join(
      '\n',
    );
    expect(detailOf(text)).toBe('real');
  });

  it('an action after the finished event still stands in', () => {
    expect(detailOf([finished({ exitCode: { code: 1 } }), action({ message: 'late' })].join('\n'))).toBe('late');
  });
});
