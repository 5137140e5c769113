import { describe, expect, it } from 'vitest';
import type { CompletionSpec } from '../../../../src/cli/completion/spec.js';
import { allContexts, shellWord, valuedOptions } from '../../../../src/cli/completion/words.js';
import { TINY_SPEC } from '../../../helpers/completion-spec.js';

describe('allContexts', () => {
  it('the run path first, then the subcommands in order', () => {
    expect(allContexts(TINY_SPEC).map((c) => c.name)).toEqual(['', 'codes', 'completion', 'config']);
  });
});

describe('valuedOptions', () => {
  it('each valued option once, by its long name, in the order first met; switches left out', () => {
    expect(valuedOptions(TINY_SPEC)).toEqual([
      ['--tool', { kind: 'words', words: ['bazel', 'docker'], list: false }],
      ['--retry-on', { kind: 'words', words: ['busy', 'timeout'], list: true }],
      ['--output', { kind: 'file' }],
    ]);
  });

  it('the first context with the option gives its values; an option only a subcommand has is added after', () => {
    const spec: CompletionSpec = {
      run: {
        name: '',
        help: '',
        options: [{ long: '--a', help: '', value: { kind: 'file' } }],
        args: { kind: 'none' },
      },
      subcommands: [
        {
          name: 'codes',
          help: '',
          options: [
            { long: '--a', help: '', value: { kind: 'none' } },
            { long: '--b', help: '', value: { kind: 'command' } },
          ],
          args: { kind: 'none' },
        },
      ],
    };
    expect(valuedOptions(spec)).toEqual([
      ['--a', { kind: 'file' }],
      ['--b', { kind: 'command' }],
    ]);
  });
});

describe('shellWord', () => {
  it.each(['busy', 'rate-limit', 'a_b', 'v1.2+3', 'SIGKILL', '0'])('%s is written as it is', (word) => {
    expect(shellWord(word)).toBe(word);
  });

  it.each(['', 'a b', "it's", 'a"b', '$x', 'a;b', 'a,b', 'a*', 'é', 'a\nb', '`x`', 'a=b', 'a/b'])(
    '%j is refused',
    (word) => {
      expect(() => shellWord(word)).toThrow(
        `completion: '${word}' cannot be written into a completion script unquoted`,
      );
    },
  );
});
