import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fishScript } from '../../../../src/cli/completion/fish.js';
import { TINY_SPEC } from '../../../helpers/completion-spec.js';

const script = fishScript(TINY_SPEC, '1.2.3');
const lines = script.split('\n');

describe('fishScript', () => {
  it('names the version', () => {
    expect(lines[0]).toBe(
      '# fish completion for xrun 1.2.3, written by `xrun completion fish` from its settings table.',
    );
  });

  it('"CONTEXT OPTION" of every option that takes a value, short and long, the run path as "run"', () => {
    expect(lines).toContain(
      "set -g __xrun_valued 'run -t' 'run --tool' 'run --retry-on' 'run --output' 'codes -t' 'codes --tool' 'config -t' 'config --tool'",
    );
  });

  it('the subcommands known as the second word', () => {
    expect(lines).toContain('        else if test $i -eq 2; and contains -- $word codes completion config');
    expect(lines).toContain(
      "complete -c xrun -n '__xrun_in run; and test (count (commandline -opc)) -eq 1' -a 'codes completion config' -d 'xrun subcommand'",
    );
  });

  it('each subcommand described up to its first colon or period; the words of one that takes a set', () => {
    const described = lines.filter((l) => l.startsWith("complete -c xrun -n 'test (count (commandline -opc)) -eq 1'"));
    expect(described).toEqual([
      "complete -c xrun -n 'test (count (commandline -opc)) -eq 1' -a codes -d 'print the codes'",
      "complete -c xrun -n 'test (count (commandline -opc)) -eq 1' -a completion -d 'print a script'",
      "complete -c xrun -n 'test (count (commandline -opc)) -eq 1' -a config -d 'show the settings'",
    ]);
    expect(lines).toContain("complete -c xrun -n '__xrun_in completion' -x -a 'bash zsh'");
    expect(
      lines.filter(
        (l) =>
          l.startsWith("complete -c xrun -n '__xrun_in codes'") ||
          l.startsWith("complete -c xrun -n '__xrun_in config'"),
      ),
    ).toEqual(["complete -c xrun -n '__xrun_in codes' -l json -d 'as JSON'"]);
  });

  it('one line per option and meaning, in the contexts that have it; values, lists, files; quotes and backslashes escaped', () => {
    expect(lines.filter((l) => l.startsWith('complete -c xrun ') && l.includes(' -l '))).toEqual([
      "complete -c xrun -n '__xrun_in run codes config' -s t -l tool -x -a 'bazel docker' -d 'the tool [model]'",
      "complete -c xrun -n '__xrun_in run' -l retry-on -x -a '(__xrun_list busy timeout)' -d 'what\\'s retried'",
      "complete -c xrun -n '__xrun_in run' -l output -r -F -d 'write to a\\\\b'",
      "complete -c xrun -n '__xrun_in run' -l dry-run -d 'just say'",
      "complete -c xrun -n '__xrun_in codes' -l json -d 'as JSON'",
    ]);
  });

  it('the same long option with another help is a line of its own', () => {
    const spec = {
      ...TINY_SPEC,
      subcommands: [
        {
          ...TINY_SPEC.subcommands[0]!,
          options: [{ long: '--tool', help: 'only this tool', value: { kind: 'none' as const } }],
        },
      ],
    };
    expect(
      fishScript(spec, '1')
        .split('\n')
        .filter((l) => l.includes(' -l tool ')),
    ).toEqual([
      "complete -c xrun -n '__xrun_in run' -s t -l tool -x -a 'bazel docker' -d 'the tool [model]'",
      "complete -c xrun -n '__xrun_in codes' -l tool -x -d 'only this tool'",
    ]);
  });

  it('fish parses it', () => {
    expect(execFileSync('fish', ['--no-execute', '-c', script], { encoding: 'utf8' })).toBe('');
  });
});
