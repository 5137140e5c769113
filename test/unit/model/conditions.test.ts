import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import { matchCondition, parseCondition, parseConditionList } from '../../../src/model/conditions.js';
import type { Outcome } from '../../../src/model/outcome.js';
import { models, type ToolName } from '../../../src/model/tools/index.js';

describe('parseCondition', () => {
  it.each([
    ['busy', { kind: 'category', category: 'busy', text: 'busy' }],
    ['timeout', { kind: 'category', category: 'timeout', text: 'timeout' }],
    ['2', { kind: 'codes', from: 2, to: 2, text: '2' }],
    ['129-192', { kind: 'codes', from: 129, to: 192, text: '129-192' }],
    ['7-7', { kind: 'codes', from: 7, to: 7, text: '7-7' }],
    ['SIGKILL', { kind: 'signal', signal: 'SIGKILL', text: 'SIGKILL' }],
    ['KILL', { kind: 'signal', signal: 'SIGKILL', text: 'KILL' }],
    ['kill', { kind: 'signal', signal: 'SIGKILL', text: 'kill' }],
    ['sigterm', { kind: 'signal', signal: 'SIGTERM', text: 'sigterm' }],
  ])('%s', (word, condition) => {
    expect(parseCondition(word)).toEqual({ ok: true, value: condition });
  });

  it.each([
    ['5-3', "'5-3' is an empty range (the lower code comes first)"],
    ['1-', "'1-' is not a range of exit codes (e.g. 129-192)"],
    ['-4', "'-4' is not a range of exit codes (e.g. 129-192)"],
    ['0', 'exit code 0 is out of range (1-255)'],
    ['100-300', 'exit code 300 is out of range (1-255)'],
    ['SIGFOO', "unknown signal 'SIGFOO' (e.g. KILL, SIGTERM, hup)"],
    [
      'bussy',
      expect.stringMatching(
        /^unknown condition 'bussy' \(expected an exit code, a range such as 129-192, a signal such as KILL, or one of failure, /,
      ),
    ],
    ['1.5', expect.stringMatching(/^unknown condition '1.5'/)],
  ])('rejects %s', (word, problem) => {
    expect(parseCondition(word)).toEqual({ ok: false, problem });
  });

  it('parses a mixed list and names its first bad word or empty item', () => {
    const parsed = parseConditionList('busy, 2,129-192,KILL');
    expect(parsed.ok && parsed.value.map((c) => c.kind)).toEqual(['category', 'codes', 'codes', 'signal']);
    expect(parseConditionList('busy,,2')).toEqual({ ok: false, problem: "empty item in 'busy,,2'" });
    expect(parseConditionList('busy,9-1')).toMatchObject({
      ok: false,
      problem: "'9-1' is an empty range (the lower code comes first)",
    });
  });
});

describe('matchCondition', () => {
  const exited = (code: number): Outcome => ({ kind: 'exited', code });
  const matches = (word: string, outcome: Outcome, tool: ToolName = 'generic') => {
    const parsed = parseCondition(word);
    if (!parsed.ok) throw new Error(parsed.problem);
    return matchCondition(parsed.value, {
      outcome,
      classification: classifyOutcome(models[tool], outcome),
      context: {},
    });
  };
  it.each([
    ['129-192', exited(129), true],
    ['129-192', exited(192), true],
    ['129-192', exited(193), false],
    ['129-192', exited(128), false],
    ['3', exited(3), true],
    ['3', exited(4), false],
    ['KILL', { kind: 'signaled', signal: 'SIGKILL' }, true],
    ['KILL', exited(137), true],
    ['KILL', { kind: 'signaled', signal: 'SIGTERM' }, false],
    ['timeout', { kind: 'timed-out', timeoutMs: 5, ended: { kind: 'signaled', signal: 'SIGTERM' } }, true],
    ['timeout', exited(124), false],
    ['failure', exited(1), true],
    ['signal', { kind: 'signaled', signal: 'SIGHUP' }, true],
  ] as const)('%s against %j: %s', (word, outcome, expected) => {
    expect(matches(word, outcome)).toBe(expected);
  });
  it("reads a code as the tool's model does: bazel 8 is SIGINT, generic 8 is not", () => {
    expect(matches('INT', exited(8), 'bazel')).toBe(true);
    expect(matches('INT', exited(8), 'generic')).toBe(false);
  });
});
