import { spawn } from 'node:child_process';
import type { Outcome } from '../model/outcome.js';
import type { Interrupts } from './interrupts.js';
import { setLongTimeout } from './timer.js';

// The --on-retry hook: `sh -c CMD` between attempts. Its own small effect rather than spawn.ts, which
// starts the command itself (exec shims, caller state, parent-death signal, stdin replay): the hook
// needs none of that, only its output on xrun's stderr and a stop on the deadline or an interrupt.

export interface HookRun {
  command: string;
  env: NodeJS.ProcessEnv;
  // stopped (SIGTERM, SIGKILL after killAfterMs) once this has passed
  timeoutMs: number;
  killAfterMs: number;
}

type HookEnd =
  | { kind: 'exited'; code: number }
  | { kind: 'signaled'; signal: string }
  | { kind: 'spawn-error'; errno: string };

export interface HookResult {
  end: HookEnd;
  timedOut: boolean;
  interrupted: boolean;
}

// The hook's environment: xrun's own, with the attempt about to start and how the last one ended.
export function hookEnvironment(
  base: NodeJS.ProcessEnv,
  attempt: number,
  attempts: number,
  last: Outcome,
  category: string,
): NodeJS.ProcessEnv {
  const { XRUN_LAST_CODE: _code, XRUN_LAST_SIGNAL: _signal, ...env } = base;
  const ended = last.kind === 'timed-out' || last.kind === 'cancelled' ? last.ended : last;
  const how =
    ended.kind === 'exited'
      ? { XRUN_LAST_CODE: String(ended.code) }
      : ended.kind === 'signaled'
        ? { XRUN_LAST_SIGNAL: ended.signal }
        : {};
  return {
    ...env,
    XRUN_ATTEMPT: String(attempt),
    XRUN_ATTEMPTS: String(attempts),
    XRUN_LAST_CATEGORY: category,
    ...how,
  };
}

// Runs the hook in its own process group (so a stop reaches what it started), stdout and stderr on
// xrun's stderr, stdin closed; an interrupt xrun receives meanwhile is passed on to the group.
export function runHook(run: HookRun, interrupts: Interrupts): Promise<HookResult> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', run.command], { stdio: ['ignore', 2, 2], env: run.env, detached: true });
    let timedOut = false;
    let escalation: { clear(): void } | undefined;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
      if (signal !== 'SIGKILL' && escalation === undefined)
        escalation = setLongTimeout(() => signalGroup('SIGKILL'), run.killAfterMs);
    };
    const detach = interrupts.attach({ kill: signalGroup });
    const timeout = setLongTimeout(() => {
      timedOut = true;
      signalGroup('SIGTERM');
    }, run.timeoutMs);
    const done = (end: HookEnd) => {
      detach();
      timeout.clear();
      escalation?.clear();
      resolve({ end, timedOut, interrupted: interrupts.received !== undefined });
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      done({ kind: 'spawn-error', errno: error.code ?? 'UNKNOWN' }),
    );
    child.once('exit', (code, signal) =>
      done(signal ? { kind: 'signaled', signal } : { kind: 'exited', code: code ?? 0 }),
    );
  });
}
