import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buck2Sim, runXrun, tempDir } from '../helpers/xrun.js';

// Eight xruns at once against one simulated buck2 daemon that serves one command at a time for 300 ms
// and answers busy (4) at once otherwise.
async function contention(extra: string[]) {
  const sim = buck2Sim('daemon', { BUCK2_SIM_HOLD: '0.3' });
  const env = { ...sim.env, TMPDIR: tempDir('xrun-queue-') };
  const runs = await Promise.all(Array.from({ length: 8 }, () => runXrun(['--retry-busy', ...extra, '--', 'buck2', 'build'], { env })));
  const perRun = Object.values(
    readFileSync(sim.env.BUCK2_SIM_LOG, 'utf8').trim().split('\n').reduce<Record<string, number>>((acc, line) => {
      const parent = line.split(' ')[2]!;
      acc[parent] = (acc[parent] ?? 0) + 1;
      return acc;
    }, {}),
  );
  return { codes: runs.map((r) => r.code), stderr: runs.map((r) => r.stderr.toString()), perRun, attempts: sim.invocations() };
}

describe('the wait queue (busy retries take turns)', () => {
  it('eight runs against one busy daemon all succeed with the default settings, in few attempts', async () => {
    const r = await contention([]);
    expect(r.codes).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.perRun).toHaveLength(8);
    // each run waits its turn: its first attempt, perhaps a few while a non-queued holder runs, then its turn
    expect(Math.max(...r.perRun)).toBeLessThanOrEqual(5);
    expect(r.stderr.join('')).toMatch(/; retry 2\/5 after \d+(ms|\.\ds|s) in the wait queue\n/);
  });

  it("one queue per buck2 isolation dir (one daemon each), named by tool, project and isolation dir", async () => {
    const tmp = tempDir('xrun-queue-');
    const cwd = tempDir('xrun-project-');
    const sim = buck2Sim('4,0');
    const { readdirSync } = await import('node:fs');
    const { fnv1a64 } = await import('../../src/wait-queue.js');
    const keys: string[] = [];
    for (const isolation of ['one', 'two']) {
      const r = await runXrun(['--retry-busy', '--delay', '10ms', '--', 'buck2', '--isolation-dir', isolation, 'build'], { cwd, env: { ...sim.env, TMPDIR: tmp } });
      expect(r.code).toBe(0);
      keys.push(fnv1a64(`buck2\0${cwd}\0${isolation}`));
    }
    const [queues] = readdirSync(tmp).filter((d) => d.startsWith('xrun-queue-'));
    expect(readdirSync(join(tmp, queues!)).sort()).toEqual(keys.sort());
  });

  it('the queue files are gone afterwards', async () => {
    const tmp = tempDir('xrun-queue-');
    const sim = buck2Sim('4,0');
    const r = await runXrun(['--retry-busy', '--delay', '10ms', '--', 'buck2', 'build'], { env: { ...sim.env, TMPDIR: tmp } });
    expect(r.code).toBe(0);
    const { readdirSync } = await import('node:fs');
    const queues = readdirSync(tmp).filter((d) => d.startsWith('xrun-queue-'));
    expect(queues).toHaveLength(1);
    const [key] = readdirSync(join(tmp, queues[0]!));
    expect(readdirSync(join(tmp, queues[0]!, key!))).toEqual([]);
  });
});
