import { readFileSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buck2Sim, HAS_PROC, runXrun } from '../helpers/xrun.js';

const dist = new URL('../../dist/', import.meta.url);

describe('bin/xrun, the launcher', () => {
  it('the build made a startup snapshot for this Node, so the suite runs through it', ({ skip }) => {
    skip(!HAS_PROC, "needs /proc: Node on Linux finds its own path (process.execPath) in /proc/self/exe");
    expect(readFileSync(new URL('xrun.blob.node', dist), 'utf8')).toBe(`${realpathSync(process.execPath)}\n`);
    expect(readFileSync(new URL('xrun.blob', dist)).length).toBeGreaterThan(1_000_000);
  });

  it('XRUN_SNAPSHOT=0 runs the bundle instead, with the same behaviour', async () => {
    const bundle = { XRUN_SNAPSHOT: '0' };
    expect((await runXrun(['--', 'sh', '-c', 'exit 42'], { env: bundle })).code).toBe(42);
    expect(await runXrun(['--', 'sh', '-c', 'kill -TERM $$'], { env: bundle })).toMatchObject({ code: null, signal: 'SIGTERM' });
    const sim = buck2Sim('4,0');
    const r = await runXrun(['--retry-busy', '--delay', '10ms', '--', 'buck2', 'build'], { env: { ...sim.env, ...bundle } });
    expect(r.code).toBe(0);
    expect(sim.invocations()).toBe(2);
  });
});
