import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, realpathSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buck2Sim, eventually, HAS_PROC, runXrun, startXrun, tempDir } from '../helpers/xrun.js';

const buildId = readFileSync(new URL('../../dist/build-id', import.meta.url), 'utf8').trim();
// the node first on PATH, as the launcher finds it (process.execPath is a bare `node` without /proc)
const realNode = realpathSync(execFileSync('sh', ['-c', 'command -v node'], { encoding: 'utf8' }).trim());

// Where bin/xrun keeps the snapshot of a node binary in a cache directory.
const blobOf = (cache: string, node: string) => join(cache, 'snapshots', `${buildId + node}.blob`);

// The command line of a running xrun: started from a snapshot or from the bundle. Read from /proc: where
// there is none, the runs' results are still checked and only this check is left out.
async function xrunCommandLine(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (!HAS_PROC) return undefined;
  const run = startXrun(['--', 'sleep', '30'], { env });
  const pid = run.child.pid!;
  let cmdline = '';
  // the launcher execs node in the same process: wait until it has
  await eventually(() => {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return cmdline.includes('node');
  });
  run.child.kill('SIGTERM');
  await run.finished;
  return cmdline;
}

// A directory holding its own copy of this node (a binary of its own, with its own mtime).
function nodeCopy(): string {
  const dir = tempDir('xrun-node-');
  copyFileSync(realNode, join(dir, 'node'));
  chmodSync(join(dir, 'node'), 0o755);
  return dir;
}

describe('bin/xrun, the launcher', () => {
  it("a first run makes the snapshot for this node in the cache (mtime = node's), later runs start from it", async () => {
    const cache = tempDir('xrun-cache-');
    const env = { XRUN_CACHE_DIR: cache };
    const first = await runXrun(['--', 'sh', '-c', 'exit 3'], { env });
    expect(first).toMatchObject({ code: 3, signal: null });
    expect(first.stderr.toString()).toBe('');
    const blob = blobOf(cache, realNode);
    expect(statSync(blob).size).toBeGreaterThan(1_000_000);
    expect(statSync(blob).mtimeMs).toBe(statSync(realNode).mtimeMs);
    const cmdline = await xrunCommandLine(env);
    if (cmdline !== undefined) expect(cmdline).toContain(`--snapshot-blob ${blob} -- -- sleep 30`);
  });

  it('a node replaced at the same path (another mtime) gets a snapshot of its own: no snapshot error', async () => {
    const dir = nodeCopy();
    const cache = tempDir('xrun-cache-');
    const env = { XRUN_CACHE_DIR: cache, PATH: `${dir}:${process.env.PATH}` };
    expect((await runXrun(['--', 'sh', '-c', 'exit 4'], { env })).code).toBe(4);
    const blob = blobOf(cache, join(dir, 'node'));
    const before = statSync(blob).mtimeMs;
    utimesSync(join(dir, 'node'), new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
    const after = await runXrun(['--', 'sh', '-c', 'exit 5'], { env });
    expect(after).toMatchObject({ code: 5, signal: null });
    expect(after.stderr.toString()).toBe('');
    expect(statSync(blob).mtimeMs).not.toBe(before);
    expect(statSync(blob).mtimeMs).toBe(statSync(join(dir, 'node')).mtimeMs);
  });

  it('a cache it cannot write: the bundle runs, with nothing on stderr', async () => {
    const env = { XRUN_CACHE_DIR: '/dev/null/xrun' };
    const r = await runXrun(['--', 'sh', '-c', 'exit 6'], { env });
    expect(r).toMatchObject({ code: 6, signal: null });
    expect(r.stderr.toString()).toBe('');
    expect((await xrunCommandLine(env)) ?? '').not.toContain('--snapshot-blob');
  });

  it('a node that cannot make a snapshot: the bundle runs, and the making is not tried again', async () => {
    const dir = tempDir('xrun-node-');
    const tries = join(dir, 'tries');
    writeFileSync(join(dir, 'node'), `#!/bin/sh\ncase "$*" in *--build-snapshot*) echo x >> ${tries}; exit 1;; esac\nexec ${realNode} "$@"\n`);
    chmodSync(join(dir, 'node'), 0o755);
    const env = { XRUN_CACHE_DIR: tempDir('xrun-cache-'), PATH: `${dir}:${process.env.PATH}` };
    for (const code of [7, 8]) {
      const r = await runXrun(['--', 'sh', '-c', `exit ${code}`], { env });
      expect(r).toMatchObject({ code, signal: null });
      expect(r.stderr.toString()).toBe('');
    }
    expect(readFileSync(tries, 'utf8')).toBe('x\n');
  });

  it('NODE_OPTIONS set (V8 flags make a snapshot unloadable): the bundle runs', async () => {
    const env = { XRUN_CACHE_DIR: tempDir('xrun-cache-'), NODE_OPTIONS: '--max-old-space-size=200' };
    const r = await runXrun(['--', 'sh', '-c', 'exit 9'], { env });
    expect(r).toMatchObject({ code: 9, signal: null });
    expect(r.stderr.toString()).toBe('');
    expect((await xrunCommandLine(env)) ?? '').not.toContain('--snapshot-blob');
    expect(existsSync(join(env.XRUN_CACHE_DIR, 'snapshots'))).toBe(false);
  });

  it('XRUN_SNAPSHOT=0 runs the bundle instead, with the same behaviour', async () => {
    const bundle = { XRUN_SNAPSHOT: '0' };
    expect((await runXrun(['--', 'sh', '-c', 'exit 42'], { env: bundle })).code).toBe(42);
    expect(await runXrun(['--', 'sh', '-c', 'kill -TERM $$'], { env: bundle })).toMatchObject({ code: null, signal: 'SIGTERM' });
    const sim = buck2Sim('4,0');
    const r = await runXrun(['--retry-busy', '--delay', '10ms', '--', 'buck2', 'build'], { env: { ...sim.env, ...bundle } });
    expect(r.code).toBe(0);
    expect(sim.invocations()).toBe(2);
    expect((await xrunCommandLine(bundle)) ?? '').not.toContain('--snapshot-blob');
  });
});
