import type { Pattern } from './linear-regex.js';

// Bound of each stream's tail the output rules read (the same as the stderr tail kept for classification).
export const OUTPUT_TAIL_BYTES = 64 * 1024;

export interface OutputTails {
  stdout: string;
  stderr: string;
}

// The sources of the patterns that either tail matches (a flag's or rule's `output` condition reads
// it). Pure.
export function matchedPatterns(patterns: readonly Pattern[], tails: OutputTails): ReadonlySet<string> {
  return new Set(patterns.filter((p) => p.test(tails.stderr) || p.test(tails.stdout)).map((p) => p.source));
}
