import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '../../../src/cli/default-run.js';
import { parseCommand } from '../../../src/command/parse.js';
import { planFrom } from '../../../src/settings/layers.js';
import { loadSettings } from '../../../src/settings/load.js';
import { defaultStopSignal } from '../../../src/settings/stop-defaults.js';
import { answerInModuleChild } from '../../helpers/module-child.js';
import { plainEnv, tempDir } from '../../helpers/xrun.js';

// runDefault in a process of its own (it installs signal handlers and spawns with xrun's descriptors), in
// `cwd`: what it returned (`"not default"` for undefined).
async function runDefault(words: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const { answer, stdout, stderr } = await answerInModuleChild(
    "import { runDefault } from './src/cli/default-run.js';",
    `runDefault(${JSON.stringify(words)})`,
    { cwd, env: { ...plainEnv(), ...env } },
  );
  return { status: answer ?? 'not default', stdout, stderr };
}

describe('the default run (cli/default-run.ts)', () => {
  it("runs as the full run's plan says for a generic command with no setting, no variable and no config", () => {
    const empty = tempDir();
    const command = parseCommand(['make', '-j4']);
    const plan = planFrom(loadSettings({}, command, {}, empty), command);
    expect(plan).toMatchObject({
      tool: 'generic',
      killAfterMs: DEFAULT_PLAN.killAfterMs,
      stopSignal: DEFAULT_PLAN.stopSignal,
      forwardedTermSignal: DEFAULT_PLAN.stopSignal,
      normalize: DEFAULT_PLAN.normalize,
      color: DEFAULT_PLAN.color,
      map: [],
      quiet: false,
      queue: false,
      structured: false,
      holdStdout: false,
      policy: { attempts: DEFAULT_PLAN.attempts, deciders: { stopOn: [], rules: [], retryOn: [] } },
    });
    // nothing that would add to a run: no limit, report, stagger, hook or fleet
    for (const key of ['timeoutMs', 'deadlineMs', 'report', 'staggerMs', 'onRetry', 'fleet'] as const)
      expect(plan[key], key).toBeUndefined();
  });

  it.each([
    ['buck2', 'SIGINT'],
    ['bazel', 'SIGINT'],
    ['docker', 'SIGTERM'],
    ['podman', 'SIGTERM'],
    ['generic', 'SIGTERM'],
  ] as const)(
    'stops %s with %s, the signal the plan holds when --signal is not given (plan.test.ts)',
    (tool, signal) => {
      expect(defaultStopSignal(tool)).toBe(signal);
    },
  );

  it('runs a tool that sets nothing apart, buck2 through env and `docker ps`, as a default run', async () => {
    const dir = tempDir();
    // neither is installed here: the default run says so in its own line
    for (const words of [
      ['env', 'FOO=1', 'xrun-no-buck2/buck2', 'build'],
      ['xrun-no-docker/docker', 'ps'],
    ])
      expect((await runDefault(words, dir)).status).toEqual({ kind: 'code', code: 127 });
  });

  it('runs the command once and ends with its status; a command that cannot start is said in one line', async () => {
    const dir = tempDir();
    expect(await runDefault(['sh', '-c', 'echo out; exit 3'], dir)).toEqual({
      status: { kind: 'code', code: 3 },
      stdout: 'out\n',
      stderr: '',
    });
    expect(await runDefault(['xrun-no-such-command'], dir)).toEqual({
      status: { kind: 'code', code: 127 },
      stdout: '',
      stderr: 'xrun: xrun-no-such-command: command not found\n',
    });
  });

  it('is not one, and starts nothing, for bazel, a container run, a config file or a jobserver warning to give', async () => {
    const dir = tempDir();
    const marker = join(dir, 'started');
    const touch = ['sh', '-c', `touch ${marker}`];
    expect((await runDefault(['env', 'FOO=1', 'bazel', 'build'], dir)).status).toBe('not default');
    expect((await runDefault(['docker', 'run', '--rm', 'alpine'], dir)).status).toBe('not default');
    expect((await runDefault(['podman', '--log-level', 'info', 'run', 'alpine'], dir)).status).toBe('not default');
    const configured = join(dir, 'configured', 'below');
    mkdirSync(configured, { recursive: true });
    writeFileSync(join(dir, 'configured', 'xrun.config.json'), '{}');
    expect((await runDefault(touch, configured)).status).toBe('not default');
    // a package.json counts only with an "xrun" key
    writeFileSync(join(configured, 'package.json'), '{"name": "x"}');
    expect((await runDefault(touch, configured)).status).toBe('not default');
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'package.json'), '{"xrun": {}}');
    expect((await runDefault(touch, other)).status).toBe('not default');
    // a make under MAKEFLAGS naming descriptors that are not open
    expect((await runDefault(['make', '-v'], dir, { MAKEFLAGS: ' --jobserver-auth=8,9' })).status).toBe('not default');
    expect(() => readFileSync(marker)).toThrow();
    // a package.json without the key: a default run
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'package.json'), '{"name": "x"}');
    expect((await runDefault(touch, plain)).status).toEqual({ kind: 'code', code: 0 });
    expect(readFileSync(marker, 'utf8')).toBe('');
  });
});
