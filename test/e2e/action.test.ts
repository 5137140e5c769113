// action.yml's steps run as GitHub's runner runs a composite action's steps: each `run` script in a file,
// through `bash --noprofile --norc -eo pipefail FILE` (what `shell: bash` means), with the step's `env:`
// after the runner put the inputs into its `${{ inputs.* }}` expressions (or the inputs' defaults), with
// GITHUB_ACTION_PATH the action's checkout (this tree, built) and fake GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY and GITHUB_ENV files; the action's outputs are read back through its `outputs:`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SETTINGS } from '../../src/settings/table.js';
import { buck2Sim, FIXTURES_BIN, plainEnv, tempDir } from '../helpers/xrun.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

interface Step {
  name: string;
  id?: string;
  shell: string;
  env?: Record<string, string>;
  run: string;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const [buildStep, runStep] = action.runs.steps as [Step, Step];

// What the runner makes of a step's `env:`: each `${{ inputs.NAME }}` is the input given, else its default.
function stepEnv(step: Step, inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env ?? {})) {
    env[name] = value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expression)?.[1];
      if (input === undefined || !(input in action.inputs))
        throw new Error(`${step.name}: ${name}: unknown expression ${expression}`);
      return inputs[input] ?? action.inputs[input]!.default ?? '';
    });
  }
  return env;
}

interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  // the step's outputs (GITHUB_OUTPUT) and the files the runner hands it, after the step
  outputFile: string;
  summary: string;
  githubEnv: string;
  runnerTemp: string[];
}

// Runs one step as the runner would, in a fresh workspace; `extra` is the job's environment.
function runAs(
  step: Step,
  inputs: Record<string, string>,
  options: { actionPath?: string; extra?: NodeJS.ProcessEnv; workspace?: string } = {},
): StepRun {
  const runner = tempDir('xrun-runner-');
  const files = {
    output: join(runner, 'output'),
    summary: join(runner, 'summary'),
    env: join(runner, 'env'),
    temp: join(runner, 'temp'),
  };
  for (const file of [files.output, files.summary, files.env]) writeFileSync(file, '');
  mkdirSync(files.temp);
  const script = join(runner, 'step.sh');
  writeFileSync(script, step.run);
  const base = plainEnv();
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd: options.workspace ?? tempDir('xrun-workspace-'),
    encoding: 'utf8',
    env: {
      ...base,
      PATH: [dirname(process.execPath), FIXTURES_BIN, base.PATH].join(delimiter),
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_ACTION_PATH: options.actionPath ?? ROOT,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_ENV: files.env,
      RUNNER_TEMP: files.temp,
      ...options.extra,
      ...stepEnv(step, inputs),
    },
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    outputFile: readFileSync(files.output, 'utf8'),
    summary: readFileSync(files.summary, 'utf8'),
    githubEnv: readFileSync(files.env, 'utf8'),
    runnerTemp: readdirSync(files.temp),
  };
}

// The action's outputs, as a workflow reads them: each `outputs.X.value` is `${{ steps.xrun.outputs.Y }}`.
function actionOutputs(run: StepRun): Record<string, string | undefined> {
  const written = Object.fromEntries(
    run.outputFile
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return Object.fromEntries(
    Object.entries(action.outputs).map(([name, { value }]) => {
      const from = /^\$\{\{ steps\.xrun\.outputs\.([\w-]+) \}\}$/.exec(value)?.[1];
      if (from === undefined) throw new Error(`output ${name}: ${value}`);
      return [name, written[from]];
    }),
  );
}

// xrun's own lines on stderr, without the CI's colour
const xrunLinesOf = (stderr: string) =>
  stderr
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => /^(xrun: |::)/.test(line));

describe('action.yml', () => {
  it('is a composite action of two bash steps that read the inputs only through env:', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((step) => [step.shell, step.id])).toEqual([
      ['bash', undefined],
      ['bash', 'xrun'],
    ]);
    for (const step of action.runs.steps) expect(step.run).not.toContain('${{');
    expect(Object.keys(action.outputs)).toEqual(['exit-code', 'attempts', 'flaky']);
    expect(Object.entries(action.inputs).filter(([, input]) => input.required === true)).toEqual([
      ['command', expect.anything()],
    ]);
  });

  it("every input reaches the run step, and every input named for a flag is xrun's flag", () => {
    const env = runStep.env ?? {};
    const inputs = Object.keys(action.inputs);
    expect(Object.values(env).sort()).toEqual(inputs.map((name) => `\${{ inputs.${name} }}`).sort());
    const flags = new Set(SETTINGS.map((row) => row.flag.long));
    for (const name of inputs.filter((input) => !['command', 'report', 'working-directory'].includes(input))) {
      expect(flags, name).toContain(`--${name}`);
      const variable = `XRUN_INPUT_${name.toUpperCase().replaceAll('-', '_')}`;
      expect(env[variable], name).toBe(`\${{ inputs.${name} }}`);
      expect(runStep.run, name).toMatch(new RegExp(`^\\s*(value|lines|switch) --${name} "\\$${variable}"`, 'm'));
    }
  });
});

describe('the build step', () => {
  // a fake npm that says where and how it was called
  const fakeNpm = () => {
    const bin = tempDir('xrun-fake-npm-');
    const log = join(bin, 'log');
    writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho "$PWD $*" >> '${log}'\n`, { mode: 0o755 });
    return { log, extra: { PATH: [bin, dirname(process.execPath), process.env.PATH].join(delimiter) } };
  };

  it('in a checkout already built (a later use in the job), builds nothing', () => {
    expect(existsSync(join(ROOT, 'dist', 'build-id'))).toBe(true);
    const npm = fakeNpm();
    const r = runAs(buildStep, {}, { extra: npm.extra });
    expect([r.status, r.stdout, r.stderr, existsSync(npm.log)]).toEqual([0, '', '', false]);
  });

  it('in a fresh checkout, runs npm ci and npm run build there, in a folded group', () => {
    const checkout = tempDir('xrun-checkout-');
    const npm = fakeNpm();
    const r = runAs(buildStep, {}, { actionPath: checkout, extra: npm.extra });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(
      `::group::xrun: npm ci and npm run build in ${checkout} (first use in this job)\n::endgroup::\n`,
    );
    expect(readFileSync(npm.log, 'utf8')).toBe(
      `${checkout} ci --no-audit --no-fund --loglevel=error\n${checkout} run build --silent\n`,
    );
  });

  it('fails the step when npm fails', () => {
    const checkout = tempDir('xrun-checkout-');
    const bin = tempDir('xrun-fake-npm-');
    writeFileSync(join(bin, 'npm'), '#!/bin/sh\necho "npm error network" >&2\nexit 1\n', { mode: 0o755 });
    const r = runAs(buildStep, {}, { actionPath: checkout, extra: { PATH: [bin, process.env.PATH].join(delimiter) } });
    expect([r.status, r.stderr]).toEqual([1, 'npm error network\n']);
  });
});

describe('the run step', () => {
  it('a success at the first attempt: exit-code 0, attempts 1, not flaky; the job env untouched, no file left', () => {
    const r = runAs(runStep, { command: 'true', 'retry-on': 'failure', attempts: '3', delay: '0' });
    expect(r.status).toBe(0);
    expect(r.outputFile).toBe('exit-code=0\nattempts=1\nflaky=false\n');
    expect(actionOutputs(r)).toEqual({ 'exit-code': '0', attempts: '1', flaky: 'false' });
    expect([r.githubEnv, r.runnerTemp]).toEqual(['', []]);
    expect(r.summary).toContain('| 1 of 3 | exit 0 | success | Success | success |');
  });

  it('a failure retried, then a success: attempts 2, flaky; the command ran through bash', () => {
    const r = runAs(runStep, {
      command: 'echo "attempt $XRUN_ATTEMPT"; [ "$XRUN_ATTEMPT" = 2 ]',
      'retry-on': 'failure',
      attempts: '3',
      delay: '0',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('attempt 1\nattempt 2\n');
    expect(actionOutputs(r)).toEqual({ 'exit-code': '0', attempts: '2', flaky: 'true' });
    expect(xrunLinesOf(r.stderr)).toEqual([
      '::group::xrun attempt 1 of 3',
      '::endgroup::',
      '::warning title=xrun retry::bash exited 1 (Failure: the command failed); attempt 2 of 3 in 0ms',
      '::group::xrun attempt 2 of 3',
      '::endgroup::',
      '::warning title=xrun flaky::bash succeeded on attempt 2 of 3, flaky: it survived 1 failure (Failure)',
    ]);
    expect(r.runnerTemp).toEqual([]);
  });

  it("a failure that gives up: the step exits with the command's status, and the outputs are written", () => {
    const r = runAs(runStep, { command: 'exit 3', 'retry-on': 'failure', attempts: '2', delay: '0' });
    expect(r.status).toBe(3);
    expect(r.outputFile).toBe('exit-code=3\nattempts=2\nflaky=false\n');
    expect(xrunLinesOf(r.stderr).at(-1)).toBe(
      '::error title=xrun gave up::bash exited 3 (Failure: the command failed); giving up after 2 attempts',
    );
  });

  it('a program that is not there: 127 as from a run: step, one attempt', () => {
    const r = runAs(runStep, { command: 'no-such-program --flag' });
    expect(r.status).toBe(127);
    expect(r.outputFile).toBe('exit-code=127\nattempts=1\nflaky=false\n');
  });

  it('plain words run as they are, so xrun reads the tool from them (buck2 busy, retried with retry-busy)', () => {
    const sim = buck2Sim('4,0');
    const r = runAs(runStep, { command: 'buck2 build //...', 'retry-busy': 'true', delay: '0' }, { extra: sim.env });
    expect(r.status).toBe(0);
    expect(actionOutputs(r)).toEqual({ 'exit-code': '0', attempts: '2', flaky: 'true' });
    expect(xrunLinesOf(r.stderr)).toContain(
      '::warning title=xrun retry::buck2 exited 4 (DaemonIsBusy: daemon busy with another command); attempt 2 of 5 in 0ms',
    );
    expect(sim.invocations()).toBe(2);
  });

  it('working-directory and a kept report: the report stays where asked, relative to that directory', () => {
    const workspace = tempDir('xrun-workspace-');
    mkdirSync(join(workspace, 'sub'));
    const r = runAs(runStep, { command: 'pwd', 'working-directory': 'sub', report: 'xrun-report.json' }, { workspace });
    expect([r.status, r.stdout]).toEqual([0, `${join(workspace, 'sub')}\n`]);
    const report = JSON.parse(readFileSync(join(workspace, 'sub', 'xrun-report.json'), 'utf8'));
    expect([report.attempts.length, report.flaky, report.exit.code]).toEqual([1, false, 0]);
    expect(actionOutputs(r)).toEqual({ 'exit-code': '0', attempts: '1', flaky: 'false' });
  });

  it("a usage error of xrun's is 125 with 0 attempts, also when a kept report of an earlier run is there", () => {
    const workspace = tempDir('xrun-workspace-');
    expect(runAs(runStep, { command: 'true', report: 'r.json' }, { workspace }).status).toBe(0);
    const r = runAs(runStep, { command: 'true', report: 'r.json', attempts: '0' }, { workspace });
    expect(r.status).toBe(125);
    expect(r.stderr).toBe("xrun: --attempts: expected a whole number of at least 1, got '0'\n");
    expect(r.outputFile).toBe('exit-code=125\nattempts=0\nflaky=false\n');
  });

  it.each([
    [{ command: 'true', 'retry-busy': 'yes' }, "xrun: input retry-busy: expected true or false, got 'yes'"],
    [{ command: ' \n' }, 'xrun: input command: empty'],
    [{ command: 'true', 'working-directory': 'missing' }, 'xrun: input working-directory: cannot enter "missing"'],
  ])('a bad input %j: one line, 125, nothing run, the outputs written', (inputs, line) => {
    const r = runAs(runStep, inputs);
    expect([r.status, r.stdout, r.stderr]).toEqual([125, '', `${line}\n`]);
    expect(r.outputFile).toBe('exit-code=125\nattempts=0\nflaky=false\n');
  });
});
