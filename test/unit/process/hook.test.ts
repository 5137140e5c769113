import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookEnvironment, runHook } from '../../../src/process/hook.js';
import { Interrupts } from '../../../src/process/interrupts.js';
import { tempDir } from '../../helpers/xrun.js';

describe('hookEnvironment', () => {
  const base = { PATH: '/bin', XRUN_LAST_CODE: '9', XRUN_LAST_SIGNAL: 'SIGHUP', KEEP: 'k' };

  it('an exit: its code, the attempt numbers and the category; the base untouched', () => {
    expect(hookEnvironment(base, 2, 5, { kind: 'exited', code: 4 }, 'busy')).toEqual({
      PATH: '/bin',
      KEEP: 'k',
      XRUN_ATTEMPT: '2',
      XRUN_ATTEMPTS: '5',
      XRUN_LAST_CATEGORY: 'busy',
      XRUN_LAST_CODE: '4',
    });
    expect(base).toEqual({ PATH: '/bin', XRUN_LAST_CODE: '9', XRUN_LAST_SIGNAL: 'SIGHUP', KEEP: 'k' });
  });

  it('a death by a signal: the signal, no code (an inherited XRUN_LAST_CODE is dropped)', () => {
    expect(hookEnvironment(base, 3, 3, { kind: 'signaled', signal: 'SIGKILL' }, 'signal')).toEqual({
      PATH: '/bin',
      KEEP: 'k',
      XRUN_ATTEMPT: '3',
      XRUN_ATTEMPTS: '3',
      XRUN_LAST_CATEGORY: 'signal',
      XRUN_LAST_SIGNAL: 'SIGKILL',
    });
  });

  it('a timeout or a cancel: how the child then ended', () => {
    const timedOut = hookEnvironment(
      {},
      2,
      3,
      { kind: 'timed-out', timeoutMs: 5, ended: { kind: 'signaled', signal: 'SIGTERM' } },
      'timeout',
    );
    expect([timedOut['XRUN_LAST_SIGNAL'], timedOut['XRUN_LAST_CODE']]).toEqual(['SIGTERM', undefined]);
    const cancelled = hookEnvironment(
      {},
      2,
      3,
      { kind: 'cancelled', signal: 'SIGINT', ended: { kind: 'exited', code: 130 } },
      'signal',
    );
    expect([cancelled['XRUN_LAST_CODE'], cancelled['XRUN_LAST_SIGNAL']]).toEqual(['130', undefined]);
  });

  it('a spawn error: neither code nor signal', () => {
    const env = hookEnvironment(base, 2, 2, { kind: 'spawn-error', errno: 'ENOENT', message: 'x' }, 'failure');
    expect(Object.keys(env).sort()).toEqual(['KEEP', 'PATH', 'XRUN_ATTEMPT', 'XRUN_ATTEMPTS', 'XRUN_LAST_CATEGORY']);
  });
});

describe('runHook (a real sh)', () => {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const run = (
    command: string,
    more: Partial<Parameters<typeof runHook>[0]> = {},
    interrupts = new Interrupts(false),
  ) => runHook({ command, env, timeoutMs: 600_000, killAfterMs: 600_000, ...more }, interrupts);

  it("the hook's exit code", async () => {
    expect(await run('exit 3')).toEqual({ end: { kind: 'exited', code: 3 }, timedOut: false, interrupted: false });
    expect(await run('true')).toEqual({ end: { kind: 'exited', code: 0 }, timedOut: false, interrupted: false });
  });

  it('the environment given, and only it', async () => {
    expect((await run('test "$X" = y && test -z "$HOME" && exit 7', { env: { ...env, X: 'y' } })).end).toEqual({
      kind: 'exited',
      code: 7,
    });
  });

  it('stdin is closed: a read meets its end', async () => {
    expect((await run('read line; exit $?')).end).toEqual({ kind: 'exited', code: 1 });
  });

  it('sh not found on the PATH given: a spawn error', async () => {
    expect(await run('true', { env: { PATH: '/nonexistent-xrun-test' } })).toEqual({
      end: { kind: 'spawn-error', errno: 'ENOENT' },
      timedOut: false,
      interrupted: false,
    });
  });

  it('past its timeout: SIGTERM to the group, timedOut', async () => {
    expect(await run('exec sleep 600', { timeoutMs: 1 })).toEqual({
      end: { kind: 'signaled', signal: 'SIGTERM' },
      timedOut: true,
      interrupted: false,
    });
  });

  it('a hook that ignores a SIGTERM passed on gets SIGKILL after killAfterMs', async () => {
    const marker = join(tempDir(), 'trapped');
    const interrupts = new Interrupts(false);
    const result = run(`trap '' TERM; : > '${marker}'; sleep 600`, { killAfterMs: 1 }, interrupts);
    while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 10));
    interrupts.deliver('SIGTERM');
    expect(await result).toEqual({ end: { kind: 'signaled', signal: 'SIGKILL' }, timedOut: false, interrupted: true });
  });

  it("an interrupt xrun receives is passed to the hook's group", async () => {
    const marker = join(tempDir(), 'started');
    const interrupts = new Interrupts(false);
    const result = run(`: > '${marker}'; exec sleep 600`, {}, interrupts);
    while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 10));
    interrupts.deliver('SIGINT');
    expect(await result).toEqual({ end: { kind: 'signaled', signal: 'SIGINT' }, timedOut: false, interrupted: true });
  });
});
