import type { ExitStatus } from '../model/exit-status.js';

// How xrun ends the process: with a code, or by raising the signal on itself.
export type ExitPlan =
  | { kind: 'code'; code: number }
  | { kind: 'raise'; signal: NodeJS.Signals; fallbackCode: number; dumpsCore: boolean };

// Node ignores SIGPIPE and starts its inspector on SIGUSR1: neither can end xrun, so 128+N it is.
const NOT_RERAISABLE: ReadonlySet<string> = new Set(['SIGPIPE', 'SIGUSR1']);
// The signals whose default action dumps core (signal(7)).
const CORE_DUMPING: ReadonlySet<string> = new Set([
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGIOT',
  'SIGBUS',
  'SIGFPE',
  'SIGSEGV',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGSYS',
]);

// Decides how xrun, as process `pid`, ends with `status`. Pure.
export function exitPlan(status: ExitStatus, pid: number): ExitPlan {
  if (status.kind === 'code') return status;
  // as PID 1 (a container without an init) the kernel drops a signal with the default action: it cannot end xrun
  if (NOT_RERAISABLE.has(status.signal) || pid === 1) return { kind: 'code', code: status.fallbackCode };
  return {
    kind: 'raise',
    signal: status.signal,
    fallbackCode: status.fallbackCode,
    dumpsCore: CORE_DUMPING.has(status.signal),
  };
}
