import type { Pattern } from './linear-regex.js';

// Bound of each stream's tail the output rules read (the same as the stderr tail kept for classification).
export const OUTPUT_TAIL_BYTES = 64 * 1024;

export interface OutputRules {
  stop: readonly Pattern[];
  retry: readonly Pattern[];
}

export interface OutputTails {
  stdout: string;
  stderr: string;
}

type Stream = keyof OutputTails;

export type OutputVerdict = { action: 'none' } | { action: 'stop' | 'retry'; pattern: string; stream: Stream };

const STREAMS: readonly Stream[] = ['stderr', 'stdout'];

// What the output says about the attempt: a stop pattern matching either tail wins over any retry
// pattern; among patterns of one kind, the first given that matches decides. Pure.
export function decideOutput(rules: OutputRules, tails: OutputTails): OutputVerdict {
  return firstMatch('stop', rules.stop, tails) ?? firstMatch('retry', rules.retry, tails) ?? { action: 'none' };
}

function firstMatch(action: 'stop' | 'retry', patterns: readonly Pattern[], tails: OutputTails): OutputVerdict | undefined {
  for (const pattern of patterns) {
    const stream = STREAMS.find((s) => pattern.test(tails[s]));
    if (stream) return { action, pattern: pattern.source, stream };
  }
  return undefined;
}

// How the report and the retry line name the verdict.
export function describeVerdict(v: Exclude<OutputVerdict, { action: 'none' }>): string {
  return `${v.stream} matches --${v.action}-on-output ${JSON.stringify(v.pattern)}`;
}
