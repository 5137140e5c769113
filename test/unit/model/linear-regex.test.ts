import { describe, expect, it } from 'vitest';
import { compilePatterns, type Pattern } from '../../../src/model/linear-regex.js';

async function compiled(...sources: string[]): Promise<Pattern[]> {
  const result = await compilePatterns(sources);
  if (!result.ok) throw new Error(`${result.source}: ${result.problem}`);
  return result.patterns;
}

describe('compilePatterns: what compiles', () => {
  it('no sources: ok with no patterns', async () => {
    expect(await compilePatterns([])).toEqual({ ok: true, patterns: [] });
  });

  it('one pattern per source, in order, each keeping its source as written', async () => {
    const patterns = await compiled('b', 'HTTP 5\\d\\d', 'a');
    expect(patterns.map((p) => p.source)).toEqual(['b', 'HTTP 5\\d\\d', 'a']);
    expect(patterns.map((p) => p.test('HTTP 503 b'))).toEqual([true, true, false]);
  });

  it('finds a match anywhere in the text (not only at its start)', async () => {
    const [p] = await compiled('reset');
    expect(p!.test('connection reset by peer')).toBe(true);
    expect(p!.test('connection RESET by peer')).toBe(false);
    expect(p!.test('')).toBe(false);
  });

  it('^ and $ anchor the whole text, and . is no newline (JavaScript without flags)', async () => {
    const [start, end, dot] = await compiled('^b', 'a$', '^a.b$');
    expect([start!.test('a\nb'), start!.test('b\na')]).toEqual([false, true]);
    expect([end!.test('a\nb'), end!.test('b\na')]).toEqual([false, true]);
    expect([dot!.test('a\nb'), dot!.test('a-b')]).toEqual([false, true]);
  });

  it('JavaScript escapes: \\x41, \\u0041, \\d, \\b, named groups', async () => {
    const [hex, unicode, digits, word, named] = await compiled('\\x41', '\\u0041', '^\\d+$', '\\bword\\b', '(?<n>ab)+');
    expect([hex!.test('A'), hex!.test('a')]).toEqual([true, false]);
    expect([unicode!.test('A'), unicode!.test('a')]).toEqual([true, false]);
    expect([digits!.test('123'), digits!.test('12a')]).toEqual([true, false]);
    expect([word!.test('a word.'), word!.test('swordfish')]).toEqual([true, false]);
    expect([named!.test('xabx'), named!.test('xbax')]).toEqual([true, false]);
  });

  it('matches by character, not by byte: é+ matches "éé"', async () => {
    const [p] = await compiled('^é+$');
    expect(p!.test('éé')).toBe(true);
    expect(p!.test('e')).toBe(false);
  });

  it('a pattern that backtracks in JavaScript answers without hanging', async () => {
    const [p] = await compiled('(a+)+$');
    expect(p!.test(`${'a'.repeat(5000)}b`)).toBe(false);
    expect(p!.test('aaa')).toBe(true);
  });
});

describe("compilePatterns: what is refused, with the engine's reason", () => {
  it.each([
    ['(', 'error parsing regexp: missing closing ): `(`'],
    ['a{2,1}', 'error parsing regexp: invalid repeat count: `{2,1}`'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['a(?=b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
  ])('%s', async (source, problem) => {
    expect(await compilePatterns([source])).toEqual({ ok: false, source, problem });
  });

  it('names the first source refused, after ones that compiled', async () => {
    expect(await compilePatterns(['ok', '(', 'a{2,1}'])).toEqual({
      ok: false,
      source: '(',
      problem: 'error parsing regexp: missing closing ): `(`',
    });
  });
});
