import { describe, expect, it } from 'vitest';
import { asParsed, parseCommand } from '../../../src/command/parse.js';
import { flagLayer, planFrom, resolveSettings } from '../../../src/settings/layers.js';

// The tables of each part are in prefixes.test.ts, tools.test.ts and container-run.test.ts; these rows
// check that parseCommand puts the parts together.
describe('parseCommand: the effective command, its tool and subcommand', () => {
  it.each<[string[], string[] | undefined, string, string[], string | undefined]>([
    [['env', 'A=1', 'sudo', 'docker', '-c', 'ci', 'ps'], ['docker', '-c', 'ci', 'ps'], 'docker', ['-c', 'ci'], 'ps'],
    [['env', '-S', 'bazel --batch info'], ['bazel', '--batch', 'info'], 'bazel', ['--batch'], 'info'],
    [['nice', '-n', '10', 'nohup', '/opt/bin/bazelisk', 'build'], ['/opt/bin/bazelisk', 'build'], 'bazel', [], 'build'],
    // a `--` after the global options is no subcommand
    [['docker', '--', 'run'], ['docker', '--', 'run'], 'docker', [], undefined],
    // a generic command's words are its own: no global options, no subcommand
    [['make', '-j4', 'all'], ['make', '-j4', 'all'], 'generic', [], undefined],
    [['nice', 'A=1', 'make'], ['A=1', 'make'], 'generic', [], undefined],
    // prefixes only: nothing really runs
    [['env'], undefined, 'generic', [], undefined],
    [['sudo', '-u', 'ci'], undefined, 'generic', [], undefined],
  ])('%j runs %j, tool %s, global options %j, subcommand %s', (argv, effective, tool, globalOptions, subcommand) => {
    const parsed = parseCommand(argv);
    expect(parsed.argv).toEqual(argv);
    expect(parsed.effectiveArgv).toEqual(effective);
    expect(parsed.tool).toBe(tool);
    expect(parsed.globalOptions).toEqual(globalOptions);
    expect(parsed.subcommand).toBe(subcommand);
  });
});

describe('parseCommand: the container run, through the prefixes and global options', () => {
  it.each<[string[], object | undefined]>([
    [
      ['sudo', '-u', 'ci', 'docker', '-H', 'unix:///s', 'container', 'run', '--rm', '-it', 'img'],
      {
        tool: 'docker',
        toolArgv: ['sudo', '-u', 'ci', 'docker', '-H', 'unix:///s'],
        runIndex: 7,
        attached: true,
        rm: true,
        image: 'img',
      },
    ],
    [
      ['env', 'A=1', 'podman', '--url', 'unix:///s', 'run', '-d', 'img'],
      {
        tool: 'podman',
        toolArgv: ['env', 'A=1', 'podman', '--url', 'unix:///s'],
        runIndex: 5,
        attached: false,
        rm: false,
        image: 'img',
      },
    ],
    // only docker and podman runs leave a container
    [['buck2', 'run', '//x'], undefined],
    [['bazel', 'run', '//x'], undefined],
    [['docker', '--', 'run', 'img'], undefined],
    // xrun could not add its --cidfile inside the one word
    [['env', '-S', 'docker run img'], undefined],
  ])('%j -> %j', (argv, container) => {
    expect(parseCommand(argv).container).toEqual(container);
  });
});

describe("parseCommand: buck2's isolation dir as the command sets it", () => {
  it.each<[string[], string | undefined]>([
    [['buck2', 'build'], undefined],
    [['buck2', '--isolation-dir', 'one', 'build'], 'one'],
    [['buck2', 'build', '--isolation-dir=two', '//...'], 'two'],
    [['buck2', 'run', '//:tool', '--', '--isolation-dir', 'not-buck2s'], undefined],
    [['buck2', 'build', '--isolation-dir'], undefined],
    [['env', 'BUCK_ISOLATION_DIR=pre', 'buck2', 'build'], 'pre'],
    [['env', 'BUCK_ISOLATION_DIR=pre', 'buck2', '--isolation-dir', 'flag', 'build'], 'flag'],
    // an empty variable is unset for buck2: its default, whatever xrun's environment says
    [['env', 'BUCK_ISOLATION_DIR=', 'buck2', 'build'], 'v2'],
    [['env', '-S', 'buck2 --isolation-dir three', 'build'], 'three'],
    // read whatever the tool: --tool buck2 may name a wrapper
    [['./my-buck', '--isolation-dir', 'w', 'build'], 'w'],
    [['env', 'BUCK_ISOLATION_DIR=x'], undefined],
  ])('%j -> %s', (argv, isolation) => {
    expect(parseCommand(argv).isolationDir).toBe(isolation);
  });
});

describe('parseCommand: the display name and the redacted form', () => {
  it.each<[string[], string]>([
    [['/opt/bin/buck2', 'build'], 'buck2'],
    [['sudo', '-u', 'x', 'env', 'A=1', './tool', '--flag'], 'tool'],
    [['env', '-S', '/usr/bin/bazel build'], 'bazel'],
    [['nohup'], 'nohup'],
    [['/usr/bin/env'], 'env'],
    [[], ''],
  ])('%j is named %s', (argv, name) => {
    expect(parseCommand(argv).name).toBe(name);
  });

  it('redacts the words for display, never the words that run', () => {
    const parsed = parseCommand(['env', 'GITHUB_TOKEN=ghp_x', 'curl', '-u', 'me:pw', 'https://h']);
    expect(parsed.redacted).toEqual(['env', 'GITHUB_TOKEN=***', 'curl', '-u', 'me:***', 'https://h']);
    expect(parsed.argv).toEqual(['env', 'GITHUB_TOKEN=ghp_x', 'curl', '-u', 'me:pw', 'https://h']);
  });
});

describe('parseCommand: one frozen record', () => {
  it('copies the words and freezes every part', () => {
    const words = ['docker', '--context', 'x', 'run', 'img'];
    const parsed = parseCommand(words);
    words[4] = 'changed';
    expect(parsed.argv[4]).toBe('img');
    for (const part of [
      parsed,
      parsed.argv,
      parsed.effectiveArgv,
      parsed.globalOptions,
      parsed.redacted,
      parsed.container,
      parsed.container!.toolArgv,
    ]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
  });

  it('asParsed parses words and passes a parsed command through', () => {
    const parsed = parseCommand(['bazel', 'build']);
    expect(asParsed(parsed)).toBe(parsed);
    expect(asParsed(['bazel', 'build'])).toEqual(parsed);
  });
});

describe('the plan carries the one parse', () => {
  it('settings and plan read the same record; a --tool wins over the detected tool', () => {
    const parsed = parseCommand(['env', 'A=1', 'docker', 'run', 'img']);
    const detected = planFrom(resolveSettings({}, {}, undefined, parsed), parsed);
    expect(detected.parsed).toBe(parsed);
    expect([detected.tool, detected.command]).toEqual(['docker', parsed.argv]);
    const overridden = planFrom(resolveSettings(flagLayer({ tool: 'generic' }), {}, undefined, parsed), parsed);
    expect([overridden.tool, overridden.parsed.tool, overridden.parsed.container?.image]).toEqual([
      'generic',
      'docker',
      'img',
    ]);
  });
});
