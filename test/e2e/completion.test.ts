import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../src/cli/subcommands.js';
import { CATEGORIES } from '../../src/model/categories.js';
import { TOOL_NAMES } from '../../src/model/tools/types.js';
import { SETTINGS } from '../../src/settings/table.js';
import { runXrun, tempDir } from '../helpers/xrun.js';

// the settings' flags that start with `prefix`, sorted
const startingWith = (prefix: string) =>
  SETTINGS.map((row) => row.flag.long as string)
    .filter((flag) => flag.startsWith(prefix))
    .sort();
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
const scripts: Record<string, string> = {};
const dir = tempDir('xrun-completion-');

beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runXrun(['completion', shell]);
    expect([r.code, r.stderr.toString()]).toEqual([0, '']);
    scripts[shell] = join(dir, `xrun.${shell}`);
    writeFileSync(scripts[shell]!, r.stdout);
  }
});

// What the bash completion function offers for the words of a command line (the last one is being
// completed), in a real bash without bash-completion; each word once, sorted.
function bashOffers(...words: string[]): string[] {
  const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _xrun; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync(
    'bash',
    ['--norc', '--noprofile', '-c', script, 'bash', scripts['bash']!, 'xrun', ...words],
    { encoding: 'utf8', cwd: dir },
  );
  return [...new Set(out.split('\n').filter(Boolean))].sort();
}

// What bash itself offers as commands for a prefix.
function bashCommands(prefix: string): string[] {
  return execFileSync('bash', ['--norc', '--noprofile', '-c', 'compgen -c -- "$1"', 'bash', prefix], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
}

describe('xrun completion bash, loaded in a real bash', () => {
  it('registers _xrun for xrun', () => {
    const out = execFileSync(
      'bash',
      ['--norc', '--noprofile', '-c', 'source "$1"; complete -p xrun', 'bash', scripts['bash']!],
      { encoding: 'utf8' },
    );
    expect(out).toBe('complete -F _xrun xrun\n');
  });

  it('--re: the options that start so', () => {
    expect(bashOffers('--re')).toEqual(startingWith('--re'));
    expect(bashOffers('--re')).toEqual(
      expect.arrayContaining(['--report', '--retry-busy', '--retry-connect', '--retry-on']),
    );
  });

  it('every option of the run path, from the settings table, then --version and --help', () => {
    const flags = SETTINGS.flatMap((row) => ('short' in row.flag ? [row.flag.short, row.flag.long] : [row.flag.long]));
    expect(bashOffers('-')).toEqual([...flags, '-V', '--version', '-h', '--help'].sort());
  });

  it('--tool and --tool=: the tools', () => {
    expect(bashOffers('--tool', '')).toEqual([...TOOL_NAMES].sort());
    expect(bashOffers('--tool', 'b')).toEqual(['bazel', 'buck2']);
    expect(bashOffers('--tool', '=', 'd')).toEqual(['docker']);
    expect(bashOffers('-q', '--tool', '=')).toEqual([...TOOL_NAMES].sort());
  });

  it('--retry-on: the categories, item by item of the comma-separated list', () => {
    expect(bashOffers('--retry-on', '')).toEqual(CATEGORIES.filter((c) => c !== 'success').sort());
    expect(bashOffers('--retry-on', 'busy,co')).toEqual(['busy,connect']);
    expect(bashOffers('--retry-on', 'busy,2,rate')).toEqual(['busy,2,rate-limit']);
  });

  it('--color, --signal: their sets; --attempts: nothing', () => {
    expect(bashOffers('--color', '')).toEqual(['always', 'auto', 'never']);
    expect(bashOffers('--signal', 'KI')).toEqual(['KILL']);
    expect(bashOffers('explain', '--signal', 'TE')).toEqual(['TERM']);
    expect(bashOffers('--attempts', '')).toEqual([]);
  });

  it('ex: the subcommand explain, and the commands bash knows that start so', () => {
    expect(bashOffers('ex')).toEqual([...new Set(['explain', ...bashCommands('ex')])].sort());
    expect(bashOffers('')).toEqual(expect.arrayContaining([...SUBCOMMANDS]));
    // a subcommand is the first word only: after an option it is a command
    expect(bashOffers('--retry-busy', 'ex')).toEqual([...new Set(bashCommands('ex'))].sort());
  });

  it('subcommands: their own options and arguments', () => {
    expect(bashOffers('codes', '-')).toEqual(['--help', '--json', '--tool', '-h']);
    expect(bashOffers('completion', '')).toEqual(['bash', 'fish', 'zsh']);
    expect(bashOffers('explain', '--si')).toEqual(['--signal']);
  });

  it('after --, or after the command word: the command, then its files', () => {
    writeFileSync(join(dir, 'notes.txt'), '');
    expect(bashOffers('--', 'ech')).toEqual([...new Set(bashCommands('ech'))].sort());
    expect(bashOffers('--retry-busy', '--', 'cat', 'not')).toEqual(['notes.txt']);
    expect(bashOffers('cat', '--re')).toEqual([]);
    expect(bashOffers('config', '--tool', 'docker', '--', 'ech')).toEqual([...new Set(bashCommands('ech'))].sort());
    expect(bashOffers('--report', 'not')).toEqual(['notes.txt']);
  });
});

describe('xrun completion zsh and fish', () => {
  it.runIf(has('zsh'))('zsh -n parses the zsh script', () => {
    expect(spawnSync('zsh', ['-n', scripts['zsh']!], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });

  it.runIf(has('fish'))('fish -n parses the fish script', () => {
    expect(spawnSync('fish', ['-n', scripts['fish']!], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });

  // What fish offers (complete -C), the words without their descriptions, each once, sorted.
  const fishOffers = (line: string) => {
    const out = execFileSync(
      'fish',
      ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', scripts['fish']!, line],
      { encoding: 'utf8', cwd: dir },
    );
    return [
      ...new Set(
        out
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split('\t')[0]),
      ),
    ].sort();
  };

  it.runIf(has('fish'))('fish: options, tools, the categories list, subcommands, and the command after --', () => {
    expect(fishOffers('xrun --re')).toEqual(startingWith('--re'));
    expect(fishOffers('xrun --tool ')).toEqual([...TOOL_NAMES].sort());
    expect(fishOffers('xrun --retry-on busy,co')).toEqual(['busy,connect']);
    expect(fishOffers('xrun completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(fishOffers('xrun ex')).toContain('explain');
    expect(fishOffers('xrun -q -- ech')).toContain('echo');
    expect(fishOffers('xrun codes --')).toEqual(['--help', '--json', '--tool']);
  });
});

describe('xrun completion: usage', () => {
  it.each([
    [[], "xrun: completion: missing required argument 'shell'\n"],
    [
      ['tcsh'],
      "xrun: completion: command-argument value 'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.\n",
    ],
    [['bash', '--nope'], "xrun: completion: unknown option '--nope'\n"],
  ])('%j: exit 125, one line', async (args, line) => {
    const r = await runXrun(['completion', ...args]);
    expect([r.code, r.stdout.toString(), r.stderr.toString()]).toEqual([125, '', line]);
  });
});
