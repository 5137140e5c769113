import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCommandLine } from '../../src/cli/argv.js';
import { envLayer, flagLayer, planFrom, resolveSettings } from '../../src/settings/layers.js';
import { buck2Sim, FIXTURES_BIN, plainEnv, XRUN_BIN } from '../helpers/xrun.js';

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
  it('every file in examples/ is one this file exercises', () => {
    expect(readdirSync(examples('')).sort()).toEqual([
      'Makefile',
      'demo.mjs',
      'github-actions.yml',
      'gitlab-ci.yml',
      'library.mjs',
    ]);
  });

  // under make -j4, as people run it: make hands its jobserver to the recipes, and nothing warns
  const makeJ4 = (steps: string, makefile = examples('Makefile')) => {
    const sim = buck2Sim(steps);
    const r = spawnSync('make', ['-s', '-j4', '-f', makefile, `XRUN=${XRUN_BIN}`], {
      env: { ...plainEnv(), ...sim.env, PATH: `${FIXTURES_BIN}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    return {
      ...r,
      invocations: sim.invocations(),
      warnings: r.stderr.split('\n').filter((line) => /warning|jobserver/i.test(line)),
      log: readFileSync(sim.env.BUCK2_SIM_LOG, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ').slice(4).join(' ')),
    };
  };

  it('Makefile under make -j4: retries a busy buck2, stops on a real failure, and no line warns about the jobserver', () => {
    const ok = makeJ4('4,0,11,0');
    expect(ok.status).toBe(0);
    expect(ok.log).toEqual(['build //...', 'build //...', 'test //...', 'test //...']);
    expect(ok.stderr.match(/^xrun: buck2 exited \d+ .*; attempt 2 of 4 in \d+ms$/gm)?.length).toBe(2);
    expect(ok.warnings).toEqual([]);
    const failed = makeJ4('3');
    expect(failed.status).toBe(2);
    expect(failed.invocations).toBe(1);
    expect(failed.stderr).toMatch(/^make: \*\*\* \[.*Makefile:\d+: build\] Error 3$/m);
    expect(failed.warnings).toEqual([]);
  });

  it("its buck2 recipes carry no '+': make -n runs none of them, and the sub-make recipe is marked '+'", () => {
    const sim = buck2Sim('0');
    const r = spawnSync('make', ['-n', '-s', '-f', examples('Makefile'), `XRUN=${XRUN_BIN}`], {
      env: { ...plainEnv(), ...sim.env, PATH: `${FIXTURES_BIN}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(sim.invocations()).toBe(0);
    expect(readFileSync(examples('Makefile'), 'utf8')).toMatch(/^\t\+\$\(XRUN\) .*-- \$\(MAKE\) /m);
  });

  it('demo.mjs (npm run demo): busy, busy, success, and it exits 0', () => {
    const r = spawnSync(process.execPath, [examples('demo.mjs')], { env: plainEnv(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      '$ xrun --retry-busy -- buck2 build //...    # buck2 here is a simulator: busy, busy, then success\n$ echo $?\n0\n',
    );
    expect(r.stderr.match(/^xrun: .*$/gm)).toEqual([
      expect.stringMatching(
        /^xrun: buck2 exited 4 \(DaemonIsBusy: daemon busy with another command\); attempt 2 of 5 in \d+ms$/,
      ),
      expect.stringMatching(
        /^xrun: buck2 exited 4 \(DaemonIsBusy: daemon busy with another command\); attempt 3 of 5 in (\d+ms|\d+(\.\d+)?s)$/,
      ),
      'xrun: buck2 succeeded on attempt 3 of 5, flaky: it survived 2 failures (DaemonIsBusy, DaemonIsBusy)',
    ]);
  });

  it('github-actions.yml: parses, and every xrun step is valid for the real option parser', () => {
    const workflow = parse(readFileSync(examples('github-actions.yml'), 'utf8')) as {
      jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }>;
    };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const plans = steps.flatMap((step) =>
      xrunLines(step.run ? [step.run] : []).map((args) => planOf(args, step.env ?? {})),
    );
    expect(plans.map((p) => [p.command.join(' '), p.tool, p.policy.attempts, p.report])).toEqual([
      ['buck2 build //...', 'buck2', 4, 'xrun-report.json'],
      ['buck2 test //...', 'buck2', 5, 'xrun-test-report.json'],
    ]);
    expect(plans[0]!.policy.backoff.maxDelayMs).toBe(10_000);
  });

  it('gitlab-ci.yml: parses, and every xrun line is valid with the job variables', () => {
    const pipeline = parse(readFileSync(examples('gitlab-ci.yml'), 'utf8')) as Record<
      string,
      { script: string[]; variables?: Record<string, string> }
    >;
    const plans = Object.values(pipeline).flatMap((job) =>
      xrunLines(job.script).map((args) => planOf(args, job.variables ?? {})),
    );
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
    expect(r.stderr).toMatch(
      /^xrun: sh exited 4 \(DaemonIsBusy: daemon busy with another command\); attempt 2 of 5 in \d+ms\n$/,
    );
  });
});
