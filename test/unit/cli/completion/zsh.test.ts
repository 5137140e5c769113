import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { zshScript } from '../../../../src/cli/completion/zsh.js';
import { TINY_SPEC } from '../../../helpers/completion-spec.js';

const script = zshScript(TINY_SPEC, '1.2.3');
const lines = script.split('\n');

// The lines of the array `local -a NAME=(`, to its closing parenthesis.
function arrayLines(name: string): string[] {
  const start = lines.indexOf(`  local -a ${name}=(`);
  return lines.slice(start, lines.indexOf('  )', start) + 1);
}

describe('zshScript', () => {
  it('a #compdef file naming the version', () => {
    expect(lines.slice(0, 2)).toEqual([
      '#compdef xrun',
      '# zsh completion for xrun 1.2.3, written by `xrun completion zsh` from its settings table.',
    ]);
  });

  it("the run path's option specs: a short and long pair exclude each other, a long valued one takes =, help escaped", () => {
    expect(arrayLines('run_options')).toEqual([
      '  local -a run_options=(',
      "    '(-t --tool)-t[the tool \\[model\\]]:value:(bazel docker)'",
      "    '(-t --tool)--tool=[the tool \\[model\\]]:value:(bazel docker)'",
      "    '--retry-on=[what'\\''s retried]:value:_values -s , value busy timeout'",
      "    '--output=[write to a\\\\b]:value:_files'",
      "    '--dry-run[just say]'",
      '  )',
    ]);
  });

  it("each subcommand's array; one of no options is empty", () => {
    expect(arrayLines('codes_options')).toEqual([
      '  local -a codes_options=(',
      "    '(-t --tool)-t[the tool \\[model\\]]:value:(bazel docker)'",
      "    '(-t --tool)--tool=[the tool \\[model\\]]:value:(bazel docker)'",
      "    '--json[as JSON]'",
      '  )',
    ]);
    expect(arrayLines('completion_options')).toEqual(['  local -a completion_options=(', '', '  )']);
  });

  it('the subcommands described by their whole help', () => {
    expect(arrayLines('subcommands')).toEqual([
      '  local -a subcommands=(',
      "    'codes:print the codes: all of them'",
      "    'completion:print a script. For a shell'",
      "    'config:show the settings'",
      '  )',
    ]);
  });

  it("each subcommand's words after its options: nothing, a set, a command", () => {
    expect(lines.filter((l) => /^ {8}\w+\) _arguments/.test(l))).toEqual([
      "        codes) _arguments -S -A '-*' : $codes_options '*: : ' && ret=0 ;;",
      "        completion) _arguments -S -A '-*' : $completion_options '1:value:(bash zsh)' && ret=0 ;;",
      "        config) _arguments -S -A '-*' : $config_options '*::command:_normal' && ret=0 ;;",
    ]);
  });

  it('a value word that needs quoting is refused', () => {
    const bad = {
      ...TINY_SPEC,
      run: {
        ...TINY_SPEC.run,
        options: [{ long: '--x', help: '', value: { kind: 'words' as const, words: ['a;b'], list: true } }],
      },
    };
    expect(() => zshScript(bad, '1')).toThrow("completion: 'a;b' cannot be written into a completion script unquoted");
  });

  it('zsh parses it', () => {
    expect(execFileSync('zsh', ['-n', '-c', script], { encoding: 'utf8' })).toBe('');
  });
});
