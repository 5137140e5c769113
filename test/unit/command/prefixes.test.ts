import { describe, expect, it } from 'vitest';
import { basename, commandWords, locateCommand } from '../../../src/command/prefixes.js';

// The command that really runs behind the prefixes, as locateCommand finds it and commandWords reads it.
const effective = (argv: string[]) => {
  const at = locateCommand(argv);
  return at && commandWords(argv, at);
};

describe('locateCommand and commandWords: the effective command through prefixes', () => {
  it.each<[string[], string[] | undefined]>([
    [
      ['buck2', 'build'],
      ['buck2', 'build'],
    ],
    [
      ['env', 'A=1', 'B=2', 'buck2', 'build'],
      ['buck2', 'build'],
    ],
    [
      ['env', '-i', '-u', 'HOME', '-C', '/tmp', 'docker', 'ps'],
      ['docker', 'ps'],
    ],
    [
      ['env', '-S', 'buck2 build //...', '--', 'x'],
      ['buck2', 'build', '//...', '--', 'x'],
    ],
    [
      ['env', '--split-string', '  bazel   test  '],
      ['bazel', 'test'],
    ],
    [
      ['sudo', '-E', '-u', 'ci', 'HOME=/h', 'docker', 'pull', 'x'],
      ['docker', 'pull', 'x'],
    ],
    [
      ['sudo', '--', 'podman', 'ps'],
      ['podman', 'ps'],
    ],
    [
      ['nice', '-n', '10', 'nohup', '/opt/bin/bazelisk', 'build'],
      ['/opt/bin/bazelisk', 'build'],
    ],
    [
      ['/usr/bin/sudo', 'env', 'A=b', 'nice', '-5', 'nohup', '/usr/bin/docker', 'run'],
      ['/usr/bin/docker', 'run'],
    ],
    // nice takes no VAR=x: that word is the command
    [
      ['nice', 'A=1', 'make'],
      ['A=1', 'make'],
    ],
    [
      ['make', 'all'],
      ['make', 'all'],
    ],
    // prefixes only: nothing really runs
    [['env'], undefined],
    [['env', '-S'], undefined],
    [['sudo', '-u', 'ci'], undefined],
    // named like an Object.prototype member: no prefix
    [
      ['constructor', 'buck2'],
      ['constructor', 'buck2'],
    ],
    [['toString'], ['toString']],
  ])('%j runs %j', (argv, words) => {
    expect(effective(argv)).toEqual(words);
  });

  it.each<[string[], { index: number; split: boolean } | undefined]>([
    [['make'], { index: 0, split: false }],
    [['env', 'A=1', 'make'], { index: 2, split: false }],
    // a value option's value is no command, nor is a word after `--` a prefix's option
    [['sudo', '-u', 'ci', '-g', 'wheel', 'make'], { index: 5, split: false }],
    [['env', '--', '-weird'], { index: 2, split: false }],
    [['nice', '--adjustment', '5', 'make'], { index: 3, split: false }],
    // sudo takes VAR=x too; nohup takes neither options with values nor assignments
    [['sudo', 'A=1', 'make'], { index: 2, split: false }],
    [['nohup', 'A=1', 'make'], { index: 1, split: false }],
    // `env -S` hides the command inside its one word
    [['env', 'A=1', '-S', 'make all', 'x'], { index: 3, split: true }],
    [['env', '-S'], undefined],
    [[], undefined],
  ])('%j starts the command at %j', (argv, at) => {
    expect(locateCommand(argv)).toEqual(at);
  });
});

describe('basename', () => {
  it.each([
    ['buck2', 'buck2'],
    ['/opt/bin/buck2', 'buck2'],
    ['./tool', 'tool'],
    ['dir/', ''],
    ['', ''],
  ])('%j -> %j', (path, name) => {
    expect(basename(path)).toBe(name);
  });
});
