import type { Category } from '../model/categories.js';
import { lostOutput, type OutputError } from '../model/output-error.js';
import type { RunResult } from './supervise.js';

// What a finished run was, as every run's end needs it (flaky or not, output lost or not); the
// report (report.ts) is built from these only when someone reads it.

// A failed attempt a flaky run got past.
export interface SurvivedFailure {
  attempt: number;
  category: Category;
  name: string;
  rawCode: number | null;
}

// A run is flaky when it succeeded after at least one failed attempt (and its output was not lost).
export function isFlaky(result: Pick<RunResult, 'attempts' | 'last'>): boolean {
  return (
    result.attempts.length > 1 &&
    result.last.classification.category === 'success' &&
    lostOutput(runOutputErrors(result)) === undefined
  );
}

// The failed writes of every attempt. A relay's failure ends the retries (its attempt is the last), but
// a failed attempt's held stdout is written to stderr as the next attempt starts (--hold-stdout).
export function runOutputErrors({ attempts, last }: Pick<RunResult, 'attempts' | 'last'>): OutputError[] {
  return [...attempts, ...(attempts.includes(last) ? [] : [last])].flatMap((a) => a.outputErrors ?? []);
}

// The failed attempts of a flaky run (none for any other run).
export function survivedFailures(result: Pick<RunResult, 'attempts' | 'last'>): SurvivedFailure[] {
  if (!isFlaky(result)) return [];
  return result.attempts
    .filter((a) => a !== result.last)
    .map((a) => ({
      attempt: a.attempt,
      category: a.classification.category,
      name: a.classification.name,
      rawCode: a.classification.rawCode,
    }));
}
