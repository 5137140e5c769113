import type { Category } from './categories.js';
import type { Classification } from './classify.js';
import { type Outcome, signalNumber } from './outcome.js';

// --map FROM=TO: FROM is an exit code or a category name.
export interface ExitMapping {
  from: number | Category;
  to: number;
}

// How xrun itself ends: with a code, or by re-raising a signal on itself (128+N only as a fallback).
export type ExitStatus = { kind: 'code'; code: number } | { kind: 'signal'; signal: NodeJS.Signals; fallbackCode: number };

// GNU timeout's status for a command it stopped on time (coreutils timeout(1)).
const TIMED_OUT_RAW_CODE = 124;

export interface ExitInputs {
  outcome: Outcome;
  classification: Classification;
  interrupted?: NodeJS.Signals;
  normalize: boolean;
  map: readonly ExitMapping[];
}

// Decides xrun's exit status from the last attempt. Pure.
export function decideExitStatus({ outcome, classification, interrupted, normalize, map }: ExitInputs): ExitStatus {
  // an interrupt always ends xrun with that signal, so a shell or make stops too
  if (interrupted) return { kind: 'signal', signal: interrupted, fallbackCode: 128 + (signalNumber(interrupted) ?? 0) };
  const code = applyMap(normalize ? classification.normalizedCode : rawStatus(outcome, classification), classification.category, map);
  if (outcome.kind === 'signaled' && code === 128 + (signalNumber(outcome.signal) ?? 0)) {
    return { kind: 'signal', signal: outcome.signal, fallbackCode: code };
  }
  return { kind: 'code', code };
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

// --map: the first mapping whose FROM is the code or the category wins.
function applyMap(code: number, category: Category, map: readonly ExitMapping[]): number {
  const mapping = map.find((m) => m.from === code || m.from === category);
  return mapping ? mapping.to : code;
}
