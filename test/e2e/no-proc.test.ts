import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buck2Sim, FIXTURES_BIN, plainEnv, XRUN_BIN } from '../helpers/xrun.js';

// Root hides /proc under an empty tmpfs in a mount namespace of its own, as on macOS and the BSDs.
const canHideProc = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;
const HIDE_PROC = 'mount -t tmpfs tmpfs /proc && exec "$@"';
// without the stand-in ps (scripts/e2e-without-proc.sh puts it on PATH): procps's ps needs /proc
const PATH_WITHOUT_PS_STANDIN = `${FIXTURES_BIN}:${process.env
  .PATH!.split(':')
  .filter((d) => !d.endsWith('ps-without-proc'))
  .join(':')}`;

function xrunWithoutProc(args: readonly string[], stdinFd: number, env: NodeJS.ProcessEnv) {
  const r = spawnSync('unshare', ['-m', 'sh', '-c', HIDE_PROC, 'sh', XRUN_BIN, ...args], {
    env: { ...plainEnv(), PATH: PATH_WITHOUT_PS_STANDIN, ...env },
    stdio: [stdinFd, 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  // xrun's own lines (the buck2 simulator writes its messages too)
  return { code: r.status, lines: r.stderr.split('\n').filter((l) => l.startsWith('xrun: ')) };
}

describe.skipIf(!canHideProc)('without /proc (hidden in a mount namespace; needs root and unshare)', () => {
  it('a regular file on stdin is read through like a pipe and replayed to every attempt', () => {
    const sim = buck2Sim('4,4,0');
    const input = randomBytes(200_000);
    writeFileSync(join(sim.dir, 'input'), input);
    const fd = openSync(join(sim.dir, 'input'), 'r');
    const r = xrunWithoutProc(['--retry-busy', '--delay', '10ms', '--quiet', '--', 'buck2', 'build'], fd, {
      ...sim.env,
      BUCK2_SIM_STDIN: sim.dir,
    });
    closeSync(fd);
    expect(r).toEqual({ code: 0, lines: [] });
    for (const n of [1, 2, 3]) expect(readFileSync(join(sim.dir, `stdin.${n}`)).equals(input)).toBe(true);
  });

  it('past --stdin-buffer such a file is not replayed: no retry, and xrun says why in one line', () => {
    const sim = buck2Sim('4,0');
    writeFileSync(join(sim.dir, 'input'), randomBytes(10_000));
    const fd = openSync(join(sim.dir, 'input'), 'r');
    const r = xrunWithoutProc(
      ['--retry-busy', '--stdin-buffer', '1KiB', '--delay', '10ms', '--', 'buck2', 'build'],
      fd,
      {
        ...sim.env,
        BUCK2_SIM_STDIN: sim.dir,
      },
    );
    closeSync(fd);
    expect(r.code).toBe(4);
    expect(sim.invocations()).toBe(1);
    expect(r.lines).toEqual([
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); not retrying: stdin is a file read through like a pipe (no /proc to reopen it) and the command consumed more than --stdin-buffer 1KiB, so a retry could not replay it',
    ]);
  });

  it('in terminal mode with no process list at all (no /proc, no working ps), xrun says so once per run and still stops the command', async () => {
    const xrun = `"${XRUN_BIN}" --timeout 300ms --retry-on timeout --attempts 2 --delay 1ms -- sh -c "sleep 30"`;
    const script = spawn('unshare', ['-m', 'sh', '-c', HIDE_PROC, 'sh', 'script', '-qfec', xrun, '/dev/null'], {
      env: { ...plainEnv(), PATH: PATH_WITHOUT_PS_STANDIN, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let terminal = '';
    script.stdout.on('data', (chunk: Buffer) => (terminal += chunk.toString()));
    // stdin stays open until the end: script(1) would end the terminal session at its end
    const code = await new Promise<number | null>((resolve) => script.on('close', resolve));
    expect(code).toBe(124);
    const lines = terminal.split(/\r?\n/).filter((l) => l.startsWith('xrun: '));
    expect(lines.filter((l) => l.includes('cannot list processes'))).toEqual([
      'xrun: cannot list processes here (no /proc, and ps failed), so signals reach the command but not the processes it started',
    ]);
    expect(lines.at(-1)).toMatch(/^xrun: sh timed out after 300ms .*giving up after 2 attempts$/);
  });
});
