import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buck2Sim, FIXTURES_BIN, runXrun, tempDir, XRUN_BIN } from '../helpers/xrun.js';

// buck2's exit 2 split by the build report's error tags (--structured), with the buck2 simulator
// (test/fixtures/bin/buck2, step tags:CODE:CATEGORY:TAGS), which writes the build report as buck2 does.
interface Attempt {
  classification: { category: string; name: string; meaning: string; normalizedCode: number };
  structured?: { tier?: string; tag?: string | null };
  decision: { retry: boolean };
}

function attemptsOf(reportFile: string): Attempt[] {
  return JSON.parse(readFileSync(reportFile, 'utf8')).attempts;
}

async function structuredRun(steps: string, extra: string[] = []) {
  const sim = buck2Sim(steps);
  const report = join(tempDir(), 'r.json');
  const r = await runXrun(
    [
      '--structured',
      '--retry-on',
      'infra',
      '--attempts',
      '2',
      '--delay',
      '0',
      '--report',
      report,
      ...extra,
      '--',
      'buck2',
      'build',
      '//x',
    ],
    {
      env: sim.env,
    },
  );
  return { code: r.code, attempts: attemptsOf(report), invocations: sim.invocations() };
}

describe("buck2's exit 2: environment or internal, from the build report's tags", () => {
  it('an environment tag (RE_CONNECTION outranks RE_UNAVAILABLE) stays infra and is retried by --retry-on infra', async () => {
    const run = await structuredRun('tags:2:ENVIRONMENT:RE_CONNECTION+RE_UNAVAILABLE,0');
    expect(run.code).toBe(0);
    expect(run.invocations).toBe(2);
    const [first] = run.attempts;
    expect(first!.classification).toMatchObject({
      category: 'infra',
      name: 'EnvironmentError',
      normalizedCode: 2,
      meaning: 'environment failure a retry may cure (tag RE_CONNECTION)',
    });
    expect(first!.structured).toMatchObject({ code: 2, tier: 'environment', tag: 'RE_CONNECTION' });
    expect(first!.decision.retry).toBe(true);
  });

  it('a tier0 tag is internal: not retried by --retry-on infra; --normalize keeps 2', async () => {
    const run = await structuredRun('tags:2:INFRA:RE_UNAVAILABLE,0');
    expect(run.code).toBe(2);
    expect(run.invocations).toBe(1);
    expect(run.attempts[0]!.classification).toMatchObject({
      category: 'failure',
      name: 'InternalError',
      normalizedCode: 2,
      meaning: 'buck2 internal failure a retry will not cure (tag RE_UNAVAILABLE)',
    });
    expect(run.attempts[0]!.structured).toMatchObject({ tier: 'internal', tag: 'RE_UNAVAILABLE' });
    expect((await structuredRun('tags:2:INFRA:RE_UNAVAILABLE', ['--normalize'])).code).toBe(2);
  });

  it('an untagged error counts as internal', async () => {
    const run = await structuredRun('tags:2:INFRA:,0');
    expect(run.code).toBe(2);
    expect(run.invocations).toBe(1);
    expect(run.attempts[0]!.classification.meaning).toBe('buck2 internal failure a retry will not cure (untagged)');
    expect(run.attempts[0]!.structured).toMatchObject({ tier: 'internal', tag: null });
  });

  it('without --structured, 2 stays infra whatever the tags (retried by --retry-on infra)', async () => {
    const sim = buck2Sim('tags:2:INFRA:RE_UNAVAILABLE,0');
    const r = await runXrun(['--retry-on', 'infra', '--attempts', '2', '--delay', '0', '--', 'buck2', 'build', '//x'], {
      env: sim.env,
    });
    expect(r.code).toBe(0);
    expect(sim.invocations()).toBe(2);
  });

  it('the build report is read only after a 2: a success opens no build report (strace)', () => {
    expect(spawnSync('sh', ['-c', 'command -v strace']).status, 'strace is needed to see what xrun opens').toBe(0);
    const traced = (steps: string) => {
      const sim = buck2Sim(steps);
      const log = join(tempDir(), 'trace');
      const r = spawnSync(
        'strace',
        ['-f', '-qq', '-e', 'trace=openat', '-o', log, XRUN_BIN, '--structured', '--', 'buck2', 'build', '//x'],
        {
          env: { ...process.env, ...sim.env, PATH: `${FIXTURES_BIN}:${process.env.PATH}` },
        },
      );
      // xrun's own opens: the simulator (bash) writes the file, xrun alone reads it with O_RDONLY
      const reads = readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.includes('build-report.json') && l.includes('O_RDONLY'));
      return { code: r.status, reads: reads.length };
    };
    expect(traced('0')).toEqual({ code: 0, reads: 0 });
    expect(traced('tags:2:ENVIRONMENT:RE_CONNECTION')).toEqual({ code: 2, reads: 1 });
  });
});
