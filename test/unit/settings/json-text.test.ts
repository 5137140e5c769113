import { describe, expect, it } from 'vitest';
import { jsonSyntaxError, lineAndColumn, nestedDeeperThan, parseJsonText } from '../../../src/settings/json-text.js';

describe('config JSON text', () => {
  it.each([
    ['// ci settings\n{}', "at line 1, column 1: found a comment ('//'), but JSON has no comments"],
    ['{\n  "attempts": 3 /* three */\n}', "at line 2, column 17: found a comment ('/*'), but JSON has no comments"],
    ['{"a": 1}\n// trailing', "at line 2, column 1: found a comment ('//'), but JSON has no comments"],
    ['', 'at line 1, column 1: the file is empty'],
    ['\n\n', 'at line 3, column 1: the file is empty'],
    ['{', 'at line 1, column 2: the file ends before the JSON does'],
    ['{"a": 1,}', "at line 1, column 9: expected a property name in double quotes, found '}'"],
    ['{attempts: 3}', "at line 1, column 2: expected a property name in double quotes, found 'a'"],
    ['{"a" 1}', "at line 1, column 6: expected ':' after the property name, found '1'"],
    ['[1 2]', "at line 1, column 4: expected ',' or ']', found '2'"],
    ['{"a": 1 "b": 2}', "at line 1, column 9: expected ',' or '}', found '\"'"],
    ['[1,]', "at line 1, column 4: expected a value, found ']'"],
    ['{"a":\n  yes}', "at line 2, column 3: expected a value, found 'y'"],
    ['{}x', "at line 1, column 3: found 'x' after the end of the JSON value"],
    ['{}}', "at line 1, column 3: found '}' after the end of the JSON value"],
    ['"a\nb"', 'at line 1, column 3: a control character (such as a line break) inside a string'],
    ['["\\x"]', 'at line 1, column 3: an invalid escape in a string'],
    ['["\\u12"]', 'at line 1, column 3: an invalid escape in a string'],
    ['["abc', 'at line 1, column 2: a string that never ends'],
    ['[01]', 'at line 1, column 2: not a valid number'],
    ['[1.]', 'at line 1, column 2: not a valid number'],
    ['[-]', 'at line 1, column 2: not a valid number'],
    ['[NaN]', "at line 1, column 2: expected a value, found 'N'"],
    ['[\u0007]', "at line 1, column 2: expected a value, found '\\u0007'"],
    ['{"é": 1, "ü" 2}', "at line 1, column 14: expected ':' after the property name, found '2'"],
    ['\uFEFF\uFEFF{}', "at line 1, column 1: expected a value, found '\\ufeff'"],
    ['['.repeat(100_000), 'at line 1, column 100001: the file ends before the JSON does'],
  ])('%j: one line with the line and column of the first error', (text, error) => {
    const parsed = parseJsonText(text);
    expect(parsed).toEqual({ ok: false, error });
    expect(error).not.toMatch(/\n/);
  });

  it.each([
    ['\uFEFF{"attempts": 2}', { attempts: 2 }],
    ['{"__proto__": {"x": 1}, "toString": 2}', JSON.parse('{"__proto__": {"x": 1}, "toString": 2}') as unknown],
    [' [1, -2.5e3, "a\\u00e9\\n", true, false, null, {}] ', [1, -2500, 'aé\n', true, false, null, {}]],
  ])('%j parses as JSON.parse does (a leading byte-order mark allowed)', (text, value) => {
    expect(parseJsonText(text)).toEqual({ ok: true, value });
  });

  it('finds no error where JSON.parse finds none, and one wherever it finds one', () => {
    const valid = [
      '0',
      '-0.5E+2',
      '"\\"\\\\\\/\\b\\f\\n\\r\\t\\uABCD"',
      '{"a":[{"b":[]}],"c":{}}',
      ' \t\r\n{ "a" : 1 } \r\n',
      '"\ud800"',
    ];
    const invalid = ['{"a":1}x', '[1,,2]', 'tru', 'nul', '"\t"', '+1', '.5', '1e', '{"a"}', '[}', '{]', "'a'", '0x1'];
    for (const text of valid) expect(jsonSyntaxError(text), text).toBeUndefined();
    for (const text of invalid) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      expect(jsonSyntaxError(text), text).toBeDefined();
    }
  });

  it('counts lines and columns from 1, in characters', () => {
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('😀x', 2)).toEqual({ line: 1, column: 2 });
  });

  it('measures nesting without recursion: 32 levels pass, 33 do not, 100k deep is safe to ask about', () => {
    const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    expect(nestedDeeperThan(nested(32), 32)).toBe(false);
    expect(nestedDeeperThan(nested(33), 32)).toBe(true);
    expect(nestedDeeperThan({ a: 1, b: { c: [2] } }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: 1, b: { c: [{}] } }, 3)).toBe(true);
    expect(nestedDeeperThan('x', 0)).toBe(false);
    expect(nestedDeeperThan(nested(100_000), 32)).toBe(true);
  });
});
