import { describe, expect, it } from 'vitest';
import { globalOptionsEnd, subcommandWords, toolOf } from '../../../src/command/tools.js';
import type { ToolName } from '../../../src/model/tools/index.js';

describe('toolOf: the model of a command word, by its basename', () => {
  it.each<[string, ToolName]>([
    ['buck2', 'buck2'],
    ['docker', 'docker'],
    ['podman', 'podman'],
    ['bazel', 'bazel'],
    ['bazelisk', 'bazel'],
    ['/opt/bin/bazelisk', 'bazel'],
    ['/usr/bin/docker', 'docker'],
    ['make', 'generic'],
    ['buck2x', 'generic'],
    ['A=1', 'generic'],
    ['', 'generic'],
    // named like an Object.prototype member: no tool
    ['constructor', 'generic'],
    ['toString', 'generic'],
  ])('%j is %s', (command, tool) => {
    expect(toolOf(command)).toBe(tool);
  });
});

describe("globalOptionsEnd: the subcommand, past the tool's global options", () => {
  // the effective command (the tool first): the global options before the end, and the word at the end
  it.each<[ToolName, string[], string[], string | undefined]>([
    ['bazel', ['bazel', 'build', '//...'], [], 'build'],
    ['bazel', ['bazel', '--noblock_for_lock', 'build', '//...'], ['--noblock_for_lock'], 'build'],
    [
      'bazel',
      ['bazel', '--output_base', '/ob', '--bazelrc=/rc', '--host_jvm_args', '-Xmx1g', 'query', 'deps(//x)'],
      ['--output_base', '/ob', '--bazelrc=/rc', '--host_jvm_args', '-Xmx1g'],
      'query',
    ],
    ['bazel', ['bazelisk', '--output_user_root', '/r', 'test'], ['--output_user_root', '/r'], 'test'],
    ['bazel', ['bazel', '--batch', 'info'], ['--batch'], 'info'],
    ['buck2', ['buck2', '--isolation-dir', 'x', 'build'], ['--isolation-dir', 'x'], 'build'],
    [
      'buck2',
      ['buck2', '-v', '2', '--oncall', 'me', '--client-metadata', 'k=v', '--no-buckd', 'run', '//:t'],
      ['-v', '2', '--oncall', 'me', '--client-metadata', 'k=v', '--no-buckd'],
      'run',
    ],
    ['buck2', ['buck2', '-v2', '--isolation-dir=y', 'test'], ['-v2', '--isolation-dir=y'], 'test'],
    ['docker', ['docker', '--context', 'x', 'run', 'img'], ['--context', 'x'], 'run'],
    [
      'docker',
      ['docker', '-H', 'unix:///s', '--log-level=debug', '-D', 'exec', 'c', 'sh'],
      ['-H', 'unix:///s', '--log-level=debug', '-D'],
      'exec',
    ],
    ['docker', ['docker', 'compose', 'up'], [], 'compose'],
    ['docker', ['docker', 'container', 'run', 'img'], [], 'container'],
    ['docker', ['docker', '-c', 'ci', 'ps'], ['-c', 'ci'], 'ps'],
    [
      'podman',
      ['podman', '--url', 'unix:///s', '--root', '/r', 'exec', 'c'],
      ['--url', 'unix:///s', '--root', '/r'],
      'exec',
    ],
    [
      'podman',
      ['podman', '--connection', 'remote', '--storage-opt', 'x=y', 'ps'],
      ['--connection', 'remote', '--storage-opt', 'x=y'],
      'ps',
    ],
    // no subcommand: options only, a `--`, or a value option at the end
    ['docker', ['docker', '--version'], ['--version'], undefined],
    ['docker', ['docker', '--', 'run'], [], '--'],
    ['buck2', ['buck2', '--isolation-dir'], ['--isolation-dir'], undefined],
    ['docker', ['docker', '-H'], ['-H'], undefined],
    // a generic command's options are unknown: the command word alone
    ['generic', ['make', '-j4', 'all'], [], '-j4'],
    ['generic', ['make'], [], undefined],
  ])('%s %j: global options %j, then %j', (tool, words, globalOptions, next) => {
    const end = globalOptionsEnd(tool, words);
    expect(words.slice(1, end)).toEqual(globalOptions);
    expect(words[end]).toBe(next);
  });

  it('ends within the words: 0 for no words, the length when options run to the end', () => {
    expect(globalOptionsEnd('generic', [])).toBe(0);
    expect(globalOptionsEnd('buck2', ['buck2', '--isolation-dir'])).toBe(2);
    expect(globalOptionsEnd('docker', ['docker', '-D', '-l'])).toBe(3);
  });
});

describe("subcommandWords: the subcommand past the global options, and a group's own subcommand", () => {
  it.each<[ToolName, string[] | undefined, string[]]>([
    ['bazel', ['bazel', 'query', '//...'], ['query']],
    ['bazel', ['bazelisk', '--output_base=/tmp/o', '--noblock_for_lock', 'run', '//:t', '--', '-x'], ['run']],
    ['bazel', ['bazel', '--bazelrc', 'x.rc', 'cquery', 'deps(//x)'], ['cquery']],
    ['buck2', ['buck2', '--isolation-dir', 'ci', 'test', '//...'], ['test']],
    ['docker', ['docker', 'exec', 'web', 'sh'], ['exec']],
    ['docker', ['docker', '--context', 'x', 'container', 'exec', '-it', 'web', 'sh'], ['container', 'exec']],
    ['docker', ['docker', 'compose', '-f', 'a.yml', '--project-name', 'p', 'run', '--rm', 'web'], ['compose', 'run']],
    ['docker', ['docker', 'compose', '--profile=dev', 'up'], ['compose', 'up']],
    ['docker', ['docker', 'compose'], ['compose']],
    ['docker', ['docker', 'buildx', '--builder', 'b', 'build', '.'], ['buildx', 'build']],
    ['docker', ['docker', 'build', '.'], ['build']],
    ['podman', ['podman', '--root', '/r', 'container', 'exec', 'c', 'true'], ['container', 'exec']],
    ['podman', ['podman', 'exec', 'c', 'true'], ['exec']],
    // a group word of another tool is a plain subcommand
    ['bazel', ['bazel', 'container', 'exec'], ['container']],
    // nothing after the options, a `--`, a generic command, no command
    ['bazel', ['bazel', '--noblock_for_lock'], []],
    ['docker', ['docker', '--', 'run'], []],
    ['docker', ['docker', 'compose', '--', 'run'], ['compose']],
    ['generic', ['make', 'run'], []],
    ['bazel', undefined, []],
  ])('%s %j: %j', (tool, words, expected) => {
    expect(subcommandWords(tool, words)).toEqual(expected);
  });
});
