import type { Category } from './categories.js';
import type { Classification } from './classify.js';
import { type Outcome, signalNumber } from './outcome.js';

// --map FROM=TO: FROM is an exit code, a category name, or `flaky` (a success after a failed attempt).
export interface ExitMapping {
  from: number | Category | 'flaky';
  to: number;
}

// How xrun itself ends: with a code, or by re-raising a signal on itself (128+N only as a fallback).
export type ExitStatus =
  | { kind: 'code'; code: number }
  | { kind: 'signal'; signal: NodeJS.Signals; fallbackCode: number };

// GNU timeout's status for a command it stopped on time (coreutils timeout(1)).
const TIMED_OUT_RAW_CODE = 124;

export interface ExitInputs {
  outcome: Outcome;
  classification: Classification;
  interrupted?: NodeJS.Signals;
  normalize: boolean;
  map: readonly ExitMapping[];
  // the run succeeded after a failed attempt
  flaky?: boolean;
}

// Decides xrun's exit status from the last attempt. Pure.
export function decideExitStatus({
  outcome,
  classification,
  interrupted,
  normalize,
  map,
  flaky = false,
}: ExitInputs): ExitStatus {
  // an interrupt always ends xrun with that signal, so a shell or make stops too
  if (interrupted) return { kind: 'signal', signal: interrupted, fallbackCode: 128 + (signalNumber(interrupted) ?? 0) };
  const code = applyMap(
    normalize ? classification.normalizedCode : rawStatus(outcome, classification),
    classification.category,
    flaky,
    map,
  );
  if (outcome.kind === 'signaled' && code === 128 + (signalNumber(outcome.signal) ?? 0)) {
    return { kind: 'signal', signal: outcome.signal, fallbackCode: code };
  }
  return { kind: 'code', code };
}

// A run whose output xrun lost (a write of the command's output failed) never ends 0: 1 instead, as
// `cat` and `tee` end after a failed write; the command's own failure status stays.
export function notZeroWhenOutputLost(status: ExitStatus, lost: boolean): ExitStatus {
  return lost && status.kind === 'code' && status.code === 0 ? { kind: 'code', code: 1 } : status;
}

// The status a shell would have seen from the child (xrun's own 126/127 for spawn failures).
export function rawStatus(outcome: Outcome, classification: Classification): number {
  switch (outcome.kind) {
    case 'exited':
      return outcome.code;
    case 'signaled':
    case 'cancelled':
      return 128 + (signalNumber(outcome.signal) ?? 0);
    case 'timed-out':
      return TIMED_OUT_RAW_CODE;
    case 'spawn-error':
      return classification.normalizedCode;
  }
}

// --map: the first mapping whose FROM is the code, the category or (for a flaky run) `flaky` wins.
function applyMap(code: number, category: Category, flaky: boolean, map: readonly ExitMapping[]): number {
  const mapping = map.find((m) => m.from === code || m.from === category || (flaky && m.from === 'flaky'));
  return mapping ? mapping.to : code;
}
