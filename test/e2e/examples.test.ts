import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCommandLine } from '../../src/cli/argv.js';
import { envLayer, flagLayer, planFrom, resolveSettings } from '../../src/settings/layers.js';
import { FIXTURES_BIN, XRUN_BIN, buck2Sim, plainEnv } from '../helpers/xrun.js';

const examples = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));

// The xrun command lines of a workflow file's shell lines (plain words only: no quoting needed there).
function xrunLines(shellLines: string[]): string[][] {
  return shellLines
    .flatMap((text) => text.split('\n'))
    .filter((line) => /^\s*xrun\s/.test(line))
    .map((line) => line.trim().split(/\s+/).slice(1));
}

// Parses and validates an xrun command line as the CLI does (flags, then the step's XRUN_* variables).
// The categories a plan's retry flags name, sorted.
function retried(plan: ReturnType<typeof planOf>): string[] {
  return plan.policy.deciders.retryOn.flatMap((f) => f.conditions.map((c) => c.text)).sort();
}

function planOf(args: string[], env: Record<string, string>) {
  const line = parseCommandLine(args, { write: () => {} });
  if (line.kind !== 'run') throw new Error(`not a run: ${args.join(' ')}`);
  return planFrom(resolveSettings(flagLayer(line.settings), envLayer(env), undefined, line.command), line.command);
}

describe('examples/', () => {
  it('Makefile: GNU make with xrun as a prefix retries a busy buck2 and stops on a real failure', () => {
    const make = (steps: string) => {
      const sim = buck2Sim(steps);
      const r = spawnSync('make', ['-s', '-f', examples('Makefile'), `XRUN=${XRUN_BIN}`], {
        env: { ...plainEnv(), ...sim.env, PATH: `${FIXTURES_BIN}:${process.env.PATH}` },
        encoding: 'utf8',
      });
      return {
        ...r,
        invocations: sim.invocations(),
        log: readFileSync(sim.env.BUCK2_SIM_LOG, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(' ').slice(4).join(' ')),
      };
    };
    const ok = make('4,0,11,0');
    expect(ok.status).toBe(0);
    expect(ok.log).toEqual(['build //...', 'build //...', 'test //...', 'test //...']);
    expect(ok.stderr.match(/^xrun: buck2 exited \d+ .*; retry 2\/4 in \d+ms$/gm)?.length).toBe(2);
    const failed = make('3');
    expect(failed.status).toBe(2);
    expect(failed.invocations).toBe(1);
    expect(failed.stderr).toMatch(/^make: \*\*\* \[.*Makefile:\d+: build\] Error 3$/m);
  });

  it('github-actions.yml: parses, and every xrun step is valid for the real option parser', () => {
    const workflow = parse(readFileSync(examples('github-actions.yml'), 'utf8')) as {
      jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }>;
    };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const plans = steps.flatMap((step) => xrunLines(step.run ? [step.run] : []).map((args) => planOf(args, step.env ?? {})));
    expect(plans.map((p) => [p.command.join(' '), p.tool, p.policy.attempts, p.report])).toEqual([
      ['buck2 build //...', 'buck2', 4, 'xrun-report.json'],
      ['buck2 test //...', 'buck2', 5, 'xrun-test-report.json'],
    ]);
    expect(plans[0]!.policy.backoff.maxDelayMs).toBe(10_000);
  });

  it('gitlab-ci.yml: parses, and every xrun line is valid with the job variables', () => {
    const pipeline = parse(readFileSync(examples('gitlab-ci.yml'), 'utf8')) as Record<string, { script: string[]; variables?: Record<string, string> }>;
    const plans = Object.values(pipeline).flatMap((job) => xrunLines(job.script).map((args) => planOf(args, job.variables ?? {})));
    expect(plans.map((p) => [p.command.join(' '), p.tool, p.policy.attempts, retried(p)])).toEqual([
      ['docker pull busybox', 'docker', 3, ['connect', 'daemon-died', 'network', 'rate-limit']],
    ]);
  });

  it('an invalid flag in a workflow line would fail the check', () => {
    expect(() => planOf(['--retry-bussy', '--', 'buck2'], {})).toThrow("unknown option '--retry-bussy'");
  });

  it('library.mjs runs against the built package', () => {
    const r = spawnSync(process.execPath, [examples('library.mjs')], { env: plainEnv(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'attempt 1: exited 4 -> busy (DaemonIsBusy); run() options: retryBusy retries exit 4 DaemonIsBusy (busy)',
        'attempt 2: exited 0 -> success (Success); the command succeeded',
        'exit status: {"kind":"code","code":0}',
        'bazel 9 is busy; docker 125 with "Cannot connect to the Docker daemon" is connect',
        'buck2 11 under --retry-connect: explain() options: retryConnect retries exit 11 ConnectError (connect)',
        'models: buck2, docker, podman, bazel, generic',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toMatch(/^xrun: sh exited 4 \(DaemonIsBusy: daemon busy with another command\); retry 2\/5 in \d+ms\n$/);
  });
});
