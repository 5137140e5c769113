import { describe, expect, it } from 'vitest';
import { asParsed, parseCommand } from '../../../src/command/parse.js';
import { flagLayer, planFrom, resolveSettings } from '../../../src/settings/layers.js';

describe('parseCommand: the effective command through prefixes', () => {
  it.each<[string[], string[] | undefined, string]>([
    [['buck2', 'build'], ['buck2', 'build'], 'buck2'],
    [['env', 'A=1', 'B=2', 'buck2', 'build'], ['buck2', 'build'], 'buck2'],
    [['env', '-i', '-u', 'HOME', '-C', '/tmp', 'docker', 'ps'], ['docker', 'ps'], 'docker'],
    [['env', '-S', 'buck2 build //...', '--', 'x'], ['buck2', 'build', '//...', '--', 'x'], 'buck2'],
    [['env', '--split-string', '  bazel   test  '], ['bazel', 'test'], 'bazel'],
    [['sudo', '-E', '-u', 'ci', 'HOME=/h', 'docker', 'pull', 'x'], ['docker', 'pull', 'x'], 'docker'],
    [['sudo', '--', 'podman', 'ps'], ['podman', 'ps'], 'podman'],
    [['nice', '-n', '10', 'nohup', '/opt/bin/bazelisk', 'build'], ['/opt/bin/bazelisk', 'build'], 'bazel'],
    [['/usr/bin/sudo', 'env', 'A=b', 'nice', '-5', 'nohup', '/usr/bin/docker', 'run'], ['/usr/bin/docker', 'run'], 'docker'],
    // nice takes no VAR=x: that word is the command
    [['nice', 'A=1', 'make'], ['A=1', 'make'], 'generic'],
    [['make', 'all'], ['make', 'all'], 'generic'],
    // prefixes only: nothing really runs
    [['env'], undefined, 'generic'],
    [['env', '-S'], undefined, 'generic'],
    [['sudo', '-u', 'ci'], undefined, 'generic'],
    // named like an Object.prototype member: no prefix, no tool
    [['constructor', 'buck2'], ['constructor', 'buck2'], 'generic'],
    [['toString'], ['toString'], 'generic'],
  ])('%j runs %j, tool %s', (argv, effective, tool) => {
    const parsed = parseCommand(argv);
    expect(parsed.argv).toEqual(argv);
    expect(parsed.effectiveArgv).toEqual(effective);
    expect(parsed.tool).toBe(tool);
  });
});

describe("parseCommand: the subcommand, past the tool's global options", () => {
  it.each<[string[], string[], string | undefined]>([
    [['bazel', 'build', '//...'], [], 'build'],
    [['bazel', '--noblock_for_lock', 'build', '//...'], ['--noblock_for_lock'], 'build'],
    [
      ['bazel', '--output_base', '/ob', '--bazelrc=/rc', '--host_jvm_args', '-Xmx1g', 'query', 'deps(//x)'],
      ['--output_base', '/ob', '--bazelrc=/rc', '--host_jvm_args', '-Xmx1g'],
      'query',
    ],
    [['bazelisk', '--output_user_root', '/r', 'test'], ['--output_user_root', '/r'], 'test'],
    [['buck2', '--isolation-dir', 'x', 'build'], ['--isolation-dir', 'x'], 'build'],
    [
      ['buck2', '-v', '2', '--oncall', 'me', '--client-metadata', 'k=v', '--no-buckd', 'run', '//:t'],
      ['-v', '2', '--oncall', 'me', '--client-metadata', 'k=v', '--no-buckd'],
      'run',
    ],
    [['buck2', '-v2', '--isolation-dir=y', 'test'], ['-v2', '--isolation-dir=y'], 'test'],
    [['docker', '--context', 'x', 'run', 'img'], ['--context', 'x'], 'run'],
    [['docker', '-H', 'unix:///s', '--log-level=debug', '-D', 'exec', 'c', 'sh'], ['-H', 'unix:///s', '--log-level=debug', '-D'], 'exec'],
    [['docker', 'compose', 'up'], [], 'compose'],
    [['docker', 'container', 'run', 'img'], [], 'container'],
    [['podman', '--url', 'unix:///s', '--root', '/r', 'exec', 'c'], ['--url', 'unix:///s', '--root', '/r'], 'exec'],
    [['env', 'A=1', 'sudo', 'docker', '-c', 'ci', 'ps'], ['-c', 'ci'], 'ps'],
    [['env', '-S', 'bazel --batch info'], ['--batch'], 'info'],
    // no subcommand: options only, a `--`, or a value option at the end
    [['docker', '--version'], ['--version'], undefined],
    [['docker', '--', 'run'], [], undefined],
    [['buck2', '--isolation-dir'], ['--isolation-dir'], undefined],
    // a generic command's options are unknown
    [['make', '-j4', 'all'], [], undefined],
    [['env'], [], undefined],
  ])('%j: global options %j, subcommand %s', (argv, globalOptions, subcommand) => {
    const parsed = parseCommand(argv);
    expect(parsed.globalOptions).toEqual(globalOptions);
    expect(parsed.subcommand).toBe(subcommand);
  });
});

describe('parseCommand: the container run', () => {
  it.each<[string[], object | undefined]>([
    [['docker', 'run', 'img', 'sleep', '9'], { tool: 'docker', toolArgv: ['docker'], runIndex: 1, attached: true, rm: false, image: 'img' }],
    [
      ['sudo', '-u', 'ci', 'docker', '-H', 'unix:///s', 'container', 'run', '--rm', '-it', 'img'],
      { tool: 'docker', toolArgv: ['sudo', '-u', 'ci', 'docker', '-H', 'unix:///s'], runIndex: 7, attached: true, rm: true, image: 'img' },
    ],
    [
      ['podman', 'run', '--cidfile=/c', '-e', 'A=1', '--rm=false', '--', 'img'],
      { tool: 'podman', toolArgv: ['podman'], runIndex: 1, attached: true, rm: false, userCidfile: '/c', image: 'img' },
    ],
    [
      ['podman', 'run', '--cidfile', '/c', '-dit', 'img'],
      { tool: 'podman', toolArgv: ['podman'], runIndex: 1, attached: false, rm: false, userCidfile: '/c', image: 'img' },
    ],
    [['docker', 'run', '--detach', '--rm', 'img'], { tool: 'docker', toolArgv: ['docker'], runIndex: 1, attached: false, rm: true, image: 'img' }],
    [['docker', 'run', '-e', 'A'], { tool: 'docker', toolArgv: ['docker'], runIndex: 1, attached: true, rm: false }],
    [['docker', 'run', '--help'], undefined],
    [['docker', 'exec', 'c', 'run'], undefined],
    [['docker', 'container', 'ls'], undefined],
    [['buck2', 'run', '//x'], undefined],
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
    for (const part of [parsed, parsed.argv, parsed.effectiveArgv, parsed.globalOptions, parsed.redacted, parsed.container, parsed.container!.toolArgv]) {
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
    expect([overridden.tool, overridden.parsed.tool, overridden.parsed.container?.image]).toEqual(['generic', 'docker', 'img']);
  });
});
