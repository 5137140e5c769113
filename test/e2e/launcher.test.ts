import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../src/cli/subcommands.js';
import { buck2Sim, eventually, HAS_PROC, runXrun, startXrun, tempDir, XRUN_BIN } from '../helpers/xrun.js';

// the build's digest, which names its code cache (scripts/build.mjs)
const buildDigest = readFileSync(new URL('../../dist/build-id', import.meta.url), 'utf8')
  .trim()
  .split('_')[1];
// the file a part's code cache is kept in (scripts/cli-loader.cjs): a default run's part, cli-default
const cacheOf = (part: string) => `${part}-${buildDigest}-${process.version}-${process.arch}.bin`;
// the node first on PATH, as the launcher finds it (process.execPath is a bare `node` without /proc)
const realNode = realpathSync(execFileSync('sh', ['-c', 'command -v node'], { encoding: 'utf8' }).trim());

// The command line of a running xrun. Read from /proc: where
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

describe('bin/xrun, the launcher', () => {
  it('starts the bundle, dist/cli.cjs, with the node on PATH; the first run keeps the code cache of its part, the next use it', async () => {
    const cache = tempDir('xrun-cache-');
    const env = { XRUN_CACHE_DIR: cache };
    const first = await runXrun(['--', 'sh', '-c', 'exit 3'], { env });
    expect(first).toMatchObject({ code: 3, signal: null });
    expect(first.stderr.toString()).toBe('');
    const kept = join(cache, 'code', cacheOf('cli-default'));
    expect(readdirSync(join(cache, 'code'))).toEqual([kept.slice(kept.lastIndexOf('/') + 1)]);
    const made = statSync(kept);
    expect(made.size).toBeGreaterThan(10_000);
    expect(await runXrun(['--', 'sh', '-c', 'exit 4'], { env })).toMatchObject({ code: 4, signal: null });
    // used, not written again
    expect(statSync(kept).mtimeMs).toBe(made.mtimeMs);
    // a run with an option goes through the CLI's parts, and keeps their caches beside
    expect(await runXrun(['--quiet', '--', 'sh', '-c', 'exit 5'], { env })).toMatchObject({ code: 5, signal: null });
    expect(readdirSync(join(cache, 'code')).sort()).toEqual(
      [cacheOf('cli'), cacheOf('cli-default'), cacheOf('cli-run')].sort(),
    );
    const cmdline = await xrunCommandLine(env);
    if (cmdline !== undefined)
      expect(cmdline).toBe(`${realNode} ${XRUN_BIN.slice(0, -'xrun'.length)}../dist/cli.cjs -- sleep 30 `);
  });

  it('a damaged code cache is refused by V8 and written anew; a cache it cannot write changes nothing', async () => {
    const cache = tempDir('xrun-cache-');
    const kept = join(cache, 'code', cacheOf('cli-default'));
    mkdirSync(join(cache, 'code'));
    writeFileSync(kept, 'not a code cache');
    const r = await runXrun(['--', 'sh', '-c', 'exit 5'], { env: { XRUN_CACHE_DIR: cache } });
    expect(r).toMatchObject({ code: 5, signal: null });
    expect(r.stderr.toString()).toBe('');
    expect(statSync(kept).size).toBeGreaterThan(10_000);
    expect(readdirSync(join(cache, 'code'))).toHaveLength(1);
    const unwritable = await runXrun(['--', 'sh', '-c', 'exit 6'], { env: { XRUN_CACHE_DIR: '/dev/null/xrun' } });
    expect(unwritable).toMatchObject({ code: 6, signal: null });
    expect(unwritable.stderr.toString()).toBe('');
  });

  it('a node reached through a symlink on PATH, and the launcher through a symlink: the same run', async () => {
    const dir = tempDir('xrun-node-');
    symlinkSync(realNode, join(dir, 'node'));
    symlinkSync(XRUN_BIN, join(dir, 'xrun'));
    const r = spawnSync(join(dir, 'xrun'), ['--', 'sh', '-c', 'exit 4'], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    });
    expect(r.status).toBe(4);
    expect(r.stderr.toString()).toBe('');
  });

  it("finds node on PATH as `command -v` does, without a fork: a directory or a file that cannot run is passed over, an empty entry is the current directory, an unset PATH is the shell's search", () => {
    const dir = tempDir('xrun-path-');
    const entries = ['dir-named-node', 'not-executable', 'glob*', 'real', 'globbed'].map((name) => join(dir, name));
    for (const entry of entries) mkdirSync(entry);
    mkdirSync(join(entries[0]!, 'node'));
    writeFileSync(join(entries[1]!, 'node'), '#!/bin/sh\nexit 99\n', { mode: 0o644 });
    symlinkSync(realNode, join(entries[3]!, 'node'));
    // a PATH word with a glob character is a directory name, not a pattern: glob* holds no node, and
    // globbed, which the pattern would match, holds one
    symlinkSync(realNode, join(entries[4]!, 'node'));
    const run = (env: NodeJS.ProcessEnv, cwd?: string) => {
      const r = spawnSync(XRUN_BIN, ['--', '/bin/sh', '-c', 'exit 3'], { env, cwd });
      return { status: r.status, stderr: r.stderr.toString() };
    };
    const ok = { status: 3, stderr: '' };
    expect(run({ PATH: `${entries[0]}:${entries[1]}:${entries[3]}` })).toEqual(ok);
    expect(run({ PATH: entries[2] })).toEqual({ status: 127, stderr: 'xrun: node not found on PATH\n' });
    expect(run({ PATH: `${dir}/nowhere::${dir}/nowhere` }, entries[3])).toEqual(ok);
    expect(run({ PATH: `${dir}/nowhere:` }, entries[3])).toEqual(ok);
    expect(run({ PATH: `${entries[0]}:${entries[1]}` })).toEqual({
      status: 127,
      stderr: 'xrun: node not found on PATH\n',
    });
    // env -i: dash searches its own default path, as `command -v node` does there
    const bySh = spawnSync('/bin/sh', ['-c', 'command -v node'], { env: {}, encoding: 'utf8' });
    expect(run({})).toEqual(bySh.status === 0 ? ok : { status: 127, stderr: 'xrun: node not found on PATH\n' });
  });

  it("npm's links, global (<prefix>/bin) and local (node_modules/.bin), are followed without readlink", () => {
    // PATH holds node and sh only: a launcher that needed readlink (or setpriv) would not find it
    const tools = tempDir('xrun-tools-');
    symlinkSync(realNode, join(tools, 'node'));
    symlinkSync(realpathSync('/bin/sh'), join(tools, 'sh'));
    const root = realpathSync(new URL('../..', import.meta.url));
    const prefix = tempDir('xrun-prefix-');
    mkdirSync(join(prefix, 'bin'));
    mkdirSync(join(prefix, 'lib', 'node_modules'), { recursive: true });
    symlinkSync(root, join(prefix, 'lib', 'node_modules', 'xrun'));
    symlinkSync('../lib/node_modules/xrun/bin/xrun', join(prefix, 'bin', 'xrun'));
    const project = tempDir('xrun-project-');
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(root, join(project, 'node_modules', 'xrun'));
    symlinkSync('../xrun/bin/xrun', join(project, 'node_modules', '.bin', 'xrun'));
    for (const [link, code] of [
      [join(prefix, 'bin', 'xrun'), '3'],
      [join(project, 'node_modules', '.bin', 'xrun'), '4'],
    ] as const) {
      const r = spawnSync(link, ['--', 'sh', '-c', `exit ${code}`], { env: { PATH: tools, XRUN_CACHE_DIR: tools } });
      expect({ status: r.status, stderr: r.stderr.toString() }).toEqual({ status: Number(code), stderr: '' });
    }
  });

  it("no HOME: the code cache goes under XDG_CACHE_HOME, else the password entry's home, never a made-up path", async () => {
    const { HOME: _home, XRUN_CACHE_DIR: _cache, XDG_CACHE_HOME: _xdg, ...withoutHome } = process.env;
    const kept = cacheOf('cli-default');
    const xdg = tempDir('xrun-xdg-');
    const r = spawnSync(XRUN_BIN, ['--', 'sh', '-c', 'exit 7'], { env: { ...withoutHome, XDG_CACHE_HOME: xdg } });
    expect({ status: r.status, stderr: r.stderr.toString() }).toEqual({ status: 7, stderr: '' });
    expect(readdirSync(join(xdg, 'xrun', 'code'))).toEqual([kept]);
    // the password entry's home, as os.homedir() reads it, stood in for by a preload (the suite's own home stays untouched)
    const home = tempDir('xrun-home-');
    const preload = join(home, 'homedir.cjs');
    writeFileSync(preload, `require('node:os').homedir = () => ${JSON.stringify(home)};\n`);
    const bundle = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));
    const noXdg = spawnSync(process.execPath, ['-r', preload, bundle, '--', 'sh', '-c', 'exit 8'], {
      env: withoutHome,
    });
    expect({ status: noXdg.status, stderr: noXdg.stderr.toString() }).toEqual({ status: 8, stderr: '' });
    expect(readdirSync(join(home, '.cache', 'xrun', 'code'))).toEqual([kept]);
  });

  it('only a run keeps the code cache: help, the version, a subcommand and bad input write none', async () => {
    const cache = tempDir('xrun-cache-');
    const env = { XRUN_CACHE_DIR: cache };
    expect((await runXrun(['--version'], { env })).code).toBe(0);
    expect((await runXrun(['--attempts', '2', '--help'], { env })).code).toBe(0);
    expect((await runXrun(['codes'], { env })).code).toBe(0);
    expect((await runXrun(['--attempts', 'x', '--', 'true'], { env })).code).toBe(125);
    expect(readdirSync(cache)).toEqual([]);
    expect((await runXrun(['--', 'true'], { env })).code).toBe(0);
    expect(readdirSync(join(cache, 'code'))).toEqual([cacheOf('cli-default')]);
    // the loader's own list of the words that are no run
    const loader = readFileSync(new URL('../../dist/cli.cjs', import.meta.url), 'utf8');
    expect(JSON.parse(loader.match(/\[('explain'[^\]]*)\]/)![0].replaceAll("'", '"'))).toEqual([...SUBCOMMANDS]);
  });

  it('NODE_OPTIONS set: the same run', async () => {
    const env = { NODE_OPTIONS: '--max-old-space-size=200' };
    const r = await runXrun(['--', 'sh', '-c', 'exit 9'], { env });
    expect(r).toMatchObject({ code: 9, signal: null });
    expect(r.stderr.toString()).toBe('');
  });

  it('a signal, a retry: the behaviour through the launcher', async () => {
    expect(await runXrun(['--', 'sh', '-c', 'kill -TERM $$'])).toMatchObject({ code: null, signal: 'SIGTERM' });
    const sim = buck2Sim('4,0');
    const r = await runXrun(['--retry-busy', '--delay', '10ms', '--', 'buck2', 'build'], { env: sim.env });
    expect(r.code).toBe(0);
    expect(sim.invocations()).toBe(2);
  });
});
