import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, isAlive, runXrun, startXrun, tempDir, XRUN_BIN } from '../helpers/xrun.js';

describe('signals (built binary)', () => {
  it.each(['SIGTERM', 'SIGKILL', 'SIGHUP', 'SIGUSR2', 'SIGQUIT', 'SIGABRT', 'SIGSEGV'] as const)(
    'a child killed by %s: xrun dies of the same signal',
    async (signal) => {
      const r = await runXrun(['--', 'sh', '-c', `kill -s ${signal.slice(3)} $$`]);
      expect(r).toMatchObject({ code: null, signal });
      expect(r.stderr.toString()).toBe('');
    },
  );

  it.each([
    ['SIGPIPE', 141],
    ['SIGUSR1', 138],
  ] as const)('%s cannot be re-raised by Node: exit %i instead', async (signal, code) => {
    const r = await runXrun(['--', 'sh', '-c', `kill -s ${signal.slice(3)} $$`]);
    expect(r).toMatchObject({ code, signal: null });
    expect(r.stderr.toString()).toBe('');
  });

  it.each(['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'] as const)(
    '%s sent to xrun reaches the child, and xrun ends with it',
    async (signal) => {
      const dir = tempDir();
      const mark = join(dir, 'got');
      const script = `trap 'echo ${signal} > ${mark}; exit 9' ${signal.slice(3)}; echo ready >&2; while :; do sleep 0.05; done`;
      const started = startXrun(['--', 'sh', '-c', script]);
      await started.stderrIncludes('ready');
      started.child.kill(signal);
      const r = await started.finished;
      expect(readFileSync(mark, 'utf8')).toBe(`${signal}\n`);
      expect(r).toMatchObject({ code: null, signal });
    },
  );

  // buck2's model reads stderr, so xrun relays it; a generic command's stderr is xrun's own
  it.each(['buck2', 'generic'])(
    "all of the child's stderr is handed on before xrun re-raises the child's signal (--tool %s)",
    async (tool) => {
      const dir = tempDir();
      const blob = randomBytes(3_000_000);
      writeFileSync(join(dir, 'blob'), blob);
      const r = await runXrun(['--tool', tool, '--', 'sh', '-c', `cat ${dir}/blob >&2; kill -TERM $$`]);
      expect(r).toMatchObject({ code: null, signal: 'SIGTERM' });
      expect(r.stderr.equals(blob)).toBe(true);
    },
  );

  it.each(['buck2', 'generic'])(
    "when xrun's stderr reader goes away, the child sees the broken pipe (SIGPIPE) as without xrun (--tool %s)",
    (tool) => {
      const r = spawnSync(
        'bash',
        [
          '-c',
          `"${XRUN_BIN}" --tool ${tool} -- sh -c 'while :; do echo xxxxxxxx >&2; done' 2>&1 >/dev/null | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`,
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
      expect(r.stdout).toBe('141\n');
    },
  );

  it('a forwarded SIGTERM the child ignores is followed by SIGKILL after --kill-after, without a second signal', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'pid');
    const started = startXrun([
      '--kill-after',
      '1s',
      '--',
      'sh',
      '-c',
      `trap '' TERM; echo $$ > ${pidFile}; echo ready >&2; while :; do sleep 0.05; done`,
    ]);
    await started.stderrIncludes('ready');
    const begun = Date.now();
    started.child.kill('SIGTERM');
    const r = await started.finished;
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM' });
    // not before the grace (wide margin above for a loaded machine)
    expect(Date.now() - begun).toBeGreaterThanOrEqual(900);
    expect(await eventually(() => !isAlive(Number(readFileSync(pidFile, 'utf8'))))).toBe(true);
  });

  it('a second SIGINT while the child is stopping escalates to SIGKILL', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'pid');
    // the child notes each SIGINT and goes on, and ignores SIGTERM
    const ints = join(dir, 'ints');
    const started = startXrun([
      '--',
      'sh',
      '-c',
      `trap 'echo INT >> ${ints}' INT; trap '' TERM; echo $$ > ${pidFile}; echo ready >&2; while :; do sleep 0.05; done`,
    ]);
    await started.stderrIncludes('ready');
    started.child.kill('SIGINT');
    // xrun has handled the first one (it forwarded it) before the second is sent: two would not merge into one
    expect(await eventually(() => existsSync(ints), 30_000)).toBe(true);
    expect(started.child.exitCode).toBeNull();
    started.child.kill('SIGINT');
    const r = await started.finished;
    expect(r).toMatchObject({ code: null, signal: 'SIGINT' });
    expect(await eventually(() => !isAlive(Number(readFileSync(pidFile, 'utf8'))))).toBe(true);
  });

  it('no child outlives xrun when xrun dies of a signal it does not forward (signal-exit)', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'pid');
    const started = startXrun(['--', 'sh', '-c', `echo $$ > ${pidFile}; echo ready >&2; exec sleep 60`]);
    await started.stderrIncludes('ready');
    expect(existsSync(pidFile)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    started.child.kill('SIGUSR2');
    const r = await started.finished;
    expect(r).toMatchObject({ code: null, signal: 'SIGUSR2' });
    expect(await eventually(() => !isAlive(pid))).toBe(true);
  });
});
