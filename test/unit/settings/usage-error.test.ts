import { describe, expect, it } from 'vitest';
import { oneLine, UsageError } from '../../../src/settings/usage-error.js';

describe('UsageError', () => {
  it('every usage error is one line, whatever it quotes', () => {
    expect(new UsageError("--attempts: got '1\n2\r\t\u001b[31m\u2028'").message).toBe(
      "--attempts: got '1\\n2\\r\\t\\u001b[31m\\u2028'",
    );
    expect(oneLine('plain')).toBe('plain');
  });

  it('is an Error named UsageError', () => {
    const error = new UsageError('--attempts: bad');
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.message]).toEqual(['UsageError', '--attempts: bad']);
    expect(String(error)).toBe('UsageError: --attempts: bad');
  });
});

describe('oneLine: control characters and line separators as escapes', () => {
  it.each([
    ['\n', '\\n'],
    ['\r', '\\r'],
    ['\t', '\\t'],
    ['\u0000', '\\u0000'],
    ['\u0007', '\\u0007'],
    ['\u001b', '\\u001b'],
    ['\u001f', '\\u001f'],
    ['\u007f', '\\u007f'],
    ['\u0085', '\\u0085'],
    ['\u2028', '\\u2028'],
    ['\u2029', '\\u2029'],
    ['a\r\nb', 'a\\r\\nb'],
  ])('%j -> %s', (text, escaped) => {
    expect(oneLine(text)).toBe(escaped);
  });

  // printable text, a backslash and non-ASCII letters stay as they are
  it.each([' ', '~', '\\n', 'é', 'ü', '日本', '\u00a0', '\u{1f600}'])('%j stays', (text) => {
    expect(oneLine(text)).toBe(text);
  });
});
