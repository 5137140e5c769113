import { describe, expect, it } from 'vitest';
import { parseRules } from '../../../src/settings/rules-json.js';
import { UsageError } from '../../../src/settings/usage-error.js';

// A rule as its JSON has it (`then` built by name: an object literal with a then key reads as a thenable to the linter).
const rule = (when: object, then: unknown) =>
  Object.fromEntries([
    ['when', when],
    ['then', then],
  ]);

const WHERE = 'xrun.config.json: rules';

describe('parseRules', () => {
  it('parses each when key and then form, naming rules by their place', () => {
    const rules = parseRules(
      WHERE,
      JSON.stringify([
        rule({ code: '1-5', category: 'busy' }, 'retry'),
        rule({ code: 3, signal: 'kill' }, 'stop'),
        rule({ timeout: true }, { map: 0 }),
      ]),
    );
    expect(rules).toEqual([
      {
        name: 'rule 1 of xrun.config.json',
        when: [
          { kind: 'codes', from: 1, to: 5, text: '1-5' },
          { kind: 'category', category: 'busy', text: 'busy' },
        ],
        action: 'retry',
      },
      {
        name: 'rule 2 of xrun.config.json',
        when: [
          { kind: 'codes', from: 3, to: 3, text: '3' },
          { kind: 'signal', signal: 'SIGKILL', text: 'kill' },
        ],
        action: 'stop',
      },
      {
        name: 'rule 3 of xrun.config.json',
        when: [{ kind: 'category', category: 'timeout', text: 'timeout' }],
        action: { map: 0 },
      },
    ]);
  });

  it('parses an output condition, with where it came from for the linear-time engine', () => {
    const [parsed] = parseRules(WHERE, JSON.stringify([rule({ output: 'TLS handshake timeout', code: 1 }, 'retry')]));
    expect(parsed!.when).toEqual([
      {
        kind: 'output',
        pattern: 'TLS handshake timeout',
        text: '"TLS handshake timeout"',
        where: 'xrun.config.json: rules[0].when.output',
      },
      { kind: 'codes', from: 1, to: 1, text: '1' },
    ]);
  });

  it('names a nested origin in full', () => {
    expect(parseRules('.xrunrc.json: tools.buck2.rules', '[{"when":{"code":4},"then":"retry"}]')[0]!.name).toBe(
      'rule 1 of .xrunrc.json: tools.buck2.rules',
    );
  });

  it.each([
    // the text itself is never echoed (it may hold a secret, or span lines): where it breaks, or what it is
    [
      '{',
      'xrun.config.json: rules: expected a JSON array of rules, not valid JSON at line 1, column 2: the text ends before the JSON does',
    ],
    [
      '[{"when": {"output": "x"}, "token": "s3cr3t"\n',
      'xrun.config.json: rules: expected a JSON array of rules, not valid JSON at line 2, column 1: the text ends before the JSON does',
    ],
    ['{"token":"s3cr3t"}', 'xrun.config.json: rules: expected a JSON array of rules, got an object'],
    ['"s3cr3t"', 'xrun.config.json: rules: expected a JSON array of rules, got a string'],
    ['[3]', 'xrun.config.json: rules[0]: expected an object, got 3'],
    ['[{"when":{"code":3}}]', 'xrun.config.json: rules[0]: a rule needs both "when" and "then"'],
    ['[{"when":{"code":3},"then":"retry","if":1}]', 'xrun.config.json: rules[0].if: unknown key (expected when, then)'],
    [
      '[{"when":{},"then":"retry"}]',
      'xrun.config.json: rules[0].when: expected at least one condition (code, category, signal, timeout, output)',
    ],
    [
      '[{"when":{"code":3},"then":"stop"},{"when":{"code":"5-3"},"then":"retry"}]',
      "xrun.config.json: rules[1].when.code: '5-3' is an empty range (the lower code comes first)",
    ],
    [
      '[{"when":{"code":"1-"},"then":"retry"}]',
      "xrun.config.json: rules[0].when.code: '1-' is not a range of exit codes (e.g. 129-192)",
    ],
    [
      '[{"when":{"code":"busy"},"then":"retry"}]',
      'xrun.config.json: rules[0].when.code: expected an exit code (3) or a range ("1-5"), got "busy"',
    ],
    [
      '[{"when":{"code":true},"then":"retry"}]',
      'xrun.config.json: rules[0].when.code: expected an exit code (3) or a range ("1-5"), got true',
    ],
    [
      '[{"when":{"category":"bussy"},"then":"retry"}]',
      'xrun.config.json: rules[0].when.category: unknown category "bussy"',
    ],
    [
      '[{"when":{"signal":"FOO"},"then":"retry"}]',
      "xrun.config.json: rules[0].when.signal: unknown signal 'FOO' (e.g. KILL, SIGTERM, hup)",
    ],
    [
      '[{"when":{"timeout":false},"then":"retry"}]',
      'xrun.config.json: rules[0].when.timeout: expected true, got false',
    ],
    [
      '[{"when":{"output":3},"then":"retry"}]',
      'xrun.config.json: rules[0].when.output: expected a regex string, got 3',
    ],
    [
      '[{"when":{"output":""},"then":"retry"}]',
      'xrun.config.json: rules[0].when.output: empty pattern (it would match any output)',
    ],
    [
      '[{"when":{"output":"("},"then":"retry"}]',
      'xrun.config.json: rules[0].when.output: bad regex "(": /(/: Unterminated group',
    ],
    [
      '[{"when":{"exit":3},"then":"retry"}]',
      'xrun.config.json: rules[0].when.exit: unknown key (expected code, category, signal, timeout, output)',
    ],
    [
      '[{"when":{"code":3},"then":"again"}]',
      'xrun.config.json: rules[0].then: expected "retry", "stop" or {"map": N}, got "again"',
    ],
    [
      '[{"when":{"code":3},"then":{"map":256}}]',
      'xrun.config.json: rules[0].then.map: expected an exit code 0-255, got 256',
    ],
    [
      '[{"when":{"code":3},"then":{"map":0,"x":1}}]',
      'xrun.config.json: rules[0].then: expected "retry", "stop" or {"map": N}, got {"map":0,"x":1}',
    ],
  ])('rejects %s', (text, message) => {
    expect(() => parseRules(WHERE, text)).toThrow(new UsageError(message));
  });

  it('refuses nesting past 32 levels in one line, at any depth (no stack overflow)', () => {
    for (const depth of [33, 5_000, 100_000]) {
      const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      expect(() => parseRules('--rules', text)).toThrow(new UsageError('--rules: nested deeper than 32 levels'));
    }
    const deepWhen = JSON.stringify([rule({ output: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) }, 'retry')]);
    expect(() => parseRules('XRUN_RULES', deepWhen)).toThrow(
      new UsageError('XRUN_RULES: nested deeper than 32 levels'),
    );
    // 32 levels is still read (and refused for what it says, not for its depth)
    const at32 = JSON.stringify([rule({ output: JSON.parse(`${'['.repeat(29)}${']'.repeat(29)}`) }, 'retry')]);
    expect(() => parseRules('--rules', at32)).toThrow('--rules[0].when.output: expected a regex string');
  });
});
