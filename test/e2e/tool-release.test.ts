import { copyFileSync, existsSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buck2Sim, FIXTURES_BIN, runXrun, tempDir } from '../helpers/xrun.js';

// buck2's 130/141 read as the release reads them, with the simulator (test/fixtures/bin/buck2), which
// answers `--version` as a release build (BUCK2_SIM_VERSION) or a build from source, and counts it.
interface Attempt {
  classification: { name: string; signal: string | null; meaning: string };
  release?: { version: string | null; range: string | null };
}

function setup(steps: string, version?: string) {
  const sim = buck2Sim(steps, version === undefined ? {} : { BUCK2_SIM_VERSION: version });
  const cache = tempDir('xrun-cache-');
  const env = { ...sim.env, XRUN_CACHE_DIR: cache };
  const versionsAsked = () =>
    existsSync(`${sim.env.BUCK2_SIM_STATE}.versions`)
      ? readFileSync(`${sim.env.BUCK2_SIM_STATE}.versions`, 'utf8').split('\n').length - 1
      : 0;
  const run = async (extra: string[] = [], command = ['buck2', 'build', '//x']) => {
    const report = join(tempDir(), 'r.json');
    const r = await runXrun(
      ['--retry-on', 'PIPE', '--attempts', '2', '--delay', '0', '--report', report, ...extra, '--', ...command],
      { env },
    );
    return { code: r.code, attempts: JSON.parse(readFileSync(report, 'utf8')).attempts as Attempt[] };
  };
  return { sim, env, run, versionsAsked };
}

describe("buck2's 130 and 141 by release", () => {
  it('a release from 2023-11-01: 130 is a broken pipe (SIGPIPE), retried by --retry-on PIPE', async () => {
    const t = setup('130,0', '2025-09-15-72df3e3ffd');
    const r = await t.run();
    expect(r.code).toBe(0);
    expect(t.sim.invocations()).toBe(2);
    expect(r.attempts[0]!.classification).toMatchObject({ name: 'ClientIoBrokenPipe', signal: 'SIGPIPE' });
    expect(r.attempts[0]!.release).toEqual({ version: '2025-09-15', range: '2023-11-01 and later' });
    expect(t.versionsAsked()).toBe(1);
  });

  it('a run that nothing reads the classification of never asks the release: 130 ends 130', async () => {
    const t = setup('130', '2023-10-01-d63c2fa5f4');
    // a default run, and the full path with --quiet (cli/classification-read.ts)
    for (const flags of [[], ['--quiet']]) {
      const r = await runXrun([...flags, '--', 'buck2', 'build', '//x'], { env: t.env });
      expect(r.code).toBe(130);
    }
    expect(t.sim.invocations()).toBe(2);
    expect(t.versionsAsked()).toBe(0);
  });

  it('a release up to 2023-10-15: 130 was Ctrl-C (SIGINT), an interrupt, never retried', async () => {
    const t = setup('130,0', '2023-10-01-d63c2fa5f4');
    const r = await t.run();
    expect(r.code).toBe(130);
    expect(t.sim.invocations()).toBe(1);
    expect(r.attempts[0]!.classification).toMatchObject({ name: 'SignalInterrupt', signal: 'SIGINT' });
    expect(r.attempts[0]!.classification.meaning).toBe(
      'interrupted by Ctrl-C / SIGINT (release 2023-10-01: up to 2023-10-15)',
    );
  });

  it('a build that names no release: the newest reading stands, and the meaning names the other', async () => {
    const t = setup('130,0');
    const r = await t.run();
    expect(r.code).toBe(0);
    expect(r.attempts[0]!.release).toEqual({ version: null, range: null });
    expect(r.attempts[0]!.classification.meaning).toMatch(/\(release unknown; up to 2023-10-15: SignalInterrupt\)$/);
  });

  it('asked once per binary path and mtime, across runs (the cache in XRUN_CACHE_DIR); again when the binary changes', async () => {
    const t = setup('130', '2025-09-15-72df3e3ffd');
    const bin = tempDir('xrun-bin-');
    copyFileSync(join(FIXTURES_BIN, 'buck2'), join(bin, 'buck2'));
    const own = [join(bin, 'buck2'), 'build', '//x'];
    await t.run(['--attempts', '3'], own);
    expect(t.sim.invocations()).toBe(3);
    await t.run([], own);
    expect(t.versionsAsked()).toBe(1);
    utimesSync(join(bin, 'buck2'), new Date(), new Date(Date.now() + 60_000));
    await t.run([], own);
    expect(t.versionsAsked()).toBe(2);
    expect(
      Object.keys(JSON.parse(readFileSync(join(t.env.XRUN_CACHE_DIR, 'tool-releases.json'), 'utf8'))),
    ).toHaveLength(2);
  });

  it('never on success, nor for a code whose meaning does not depend on the release, nor for buck2 run', async () => {
    for (const steps of ['0', '3', '2']) {
      const t = setup(steps, '2025-09-15-72df3e3ffd');
      await t.run();
      expect(t.versionsAsked()).toBe(0);
    }
    const t = setup('130', '2025-09-15-72df3e3ffd');
    await t.run([], ['buck2', 'run', '//x']);
    expect(t.versionsAsked()).toBe(0);
  });
});
