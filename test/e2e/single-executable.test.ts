import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buck2Sim, FIXTURES_BIN, runXrun, tempDir } from '../helpers/xrun.js';

// dist/xrun-<platform>-<arch> from `npm run build:exe` (npm test builds it), run where no `node` exists
// on PATH: a directory with just the tools the commands below use.
const EXE = new URL(`../../dist/xrun-${process.platform}-${process.arch}`, import.meta.url).pathname;
const TOOLS = ['sh', 'bash', 'cat', 'sleep', 'true', 'false', 'flock', 'touch', 'env'];
let PATH: string;

beforeAll(() => {
  const bin = tempDir('xrun-nonode-');
  // the programs themselves (`command -v` would name the shell's builtins)
  for (const tool of TOOLS)
    symlinkSync(['/usr/bin', '/bin'].map((d) => join(d, tool)).find((p) => existsSync(p))!, join(bin, tool));
  PATH = `${bin}:${FIXTURES_BIN}`;
});

const run = (args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) =>
  runXrun(args, { bin: EXE, input: options.input ?? '', env: { PATH, ...options.env } });

describe('the single executable, with no node on PATH', () => {
  it('is built, and there really is no node on that PATH', () => {
    expect(existsSync(EXE)).toBe(true);
    expect(spawnSync('sh', ['-c', 'command -v node'], { env: { PATH } }).status).not.toBe(0);
  });

  it('passes exit codes 0, 1 and 3 through, with nothing of its own on stderr', async () => {
    for (const [args, code] of [
      [['true'], 0],
      [['false'], 1],
      [['sh', '-c', 'exit 3'], 3],
    ] as const) {
      const r = await run(['--', ...args]);
      expect(r).toMatchObject({ code, signal: null });
      expect(r.stderr.toString()).toBe('');
    }
  });

  it('125 for bad input, 126 for a file it cannot execute, 127 for a missing command: one line each', async () => {
    const dir = tempDir('xrun-exe-');
    const usage = await run(['--attempts', '0', '--', 'touch', join(dir, 'started')]);
    expect(usage.code).toBe(125);
    expect(usage.stderr.toString()).toMatch(/^xrun: [^\n]+\n$/);
    expect(existsSync(join(dir, 'started'))).toBe(false);
    writeFileSync(join(dir, 'notexec'), 'x\n');
    chmodSync(join(dir, 'notexec'), 0o644);
    const cannot = await run(['--', join(dir, 'notexec')]);
    expect(cannot.code).toBe(126);
    expect(cannot.stderr.toString()).toMatch(/^xrun: [^\n]+\n$/);
    const missing = await run(['--', 'no-such-command-xrun']);
    expect(missing.code).toBe(127);
    expect(missing.stderr.toString()).toBe('xrun: no-such-command-xrun: command not found\n');
  });

  it('re-raises the signal the command died of', async () => {
    expect(await run(['--', 'sh', '-c', 'kill -TERM $$'])).toMatchObject({ code: null, signal: 'SIGTERM' });
  });

  it('retries a busy buck2 and replays piped stdin to each attempt', async () => {
    const saved = tempDir('xrun-stdin-');
    const sim = buck2Sim('4,0', { BUCK2_SIM_STDIN: saved });
    const r = await run(['--retry-busy', '--delay', '10ms', '--', 'buck2', 'build', '//...'], {
      env: sim.env,
      input: 'line one\nline two\n',
    });
    expect(r.code).toBe(0);
    expect(sim.invocations()).toBe(2);
    expect(readFileSync(join(saved, 'stdin.1'), 'utf8')).toBe('line one\nline two\n');
    expect(readFileSync(join(saved, 'stdin.2'), 'utf8')).toBe('line one\nline two\n');
  });

  it('--timeout stops the command: 124', async () => {
    const r = await run(['--timeout', '300ms', '--', 'sleep', '30']);
    expect(r).toMatchObject({ code: 124, signal: null });
  });
});
