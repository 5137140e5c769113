import { osConstants } from './builtin.js';

// How one attempt ended. A missing exit code is never read as 0: it is a signal, a spawn error,
// a timeout or a cancellation, each its own tagged value.
export type Outcome =
  | { kind: 'exited'; code: number }
  | { kind: 'signaled'; signal: NodeJS.Signals }
  | { kind: 'spawn-error'; errno: string; message: string }
  // xrun stopped the child on --timeout; `ended` is how the child then ended
  | { kind: 'timed-out'; timeoutMs: number; ended: Ending }
  // xrun received `signal` (an interrupt) while the child ran; `ended` is how the child then ended
  | { kind: 'cancelled'; signal: NodeJS.Signals; ended: Ending };

export type Ending = { kind: 'exited'; code: number } | { kind: 'signaled'; signal: NodeJS.Signals };

// The number of a signal name (SIGINT -> 2), or undefined for a name this platform lacks.
export function signalNumber(signal: string): number | undefined {
  return (osConstants().signals as Record<string, number>)[signal];
}

// The name of a signal number (2 -> SIGINT).
export function signalName(num: number): NodeJS.Signals | undefined {
  for (const [name, value] of Object.entries(osConstants().signals)) {
    if (value === num) return name as NodeJS.Signals;
  }
  return undefined;
}
