import type { CodeEntry, OnlyWith, ToolModel } from './tools/index.js';

// The retried codes a command can never see, when it can see none of them: the tool exits with each
// only under options the command lacks (buck2's 4 and 5 without --exit-when or --preemptible). Pure.
export function inertCodes(
  model: ToolModel,
  before: readonly string[],
  after: readonly string[],
  retried: (entry: CodeEntry) => boolean,
): CodeEntry[] {
  const gated = model.codes.filter((entry) => entry.onlyWith && retried(entry));
  const possible = gated.some((entry) =>
    hasOption(entry.onlyWith!, entry.onlyWith!.where === 'before-subcommand' ? before : after),
  );
  return possible ? [] : gated;
}

// Whether `words` (up to a `--`) hold one of the options, as `--opt=value` or `--opt value`.
function hasOption(onlyWith: OnlyWith, words: readonly string[]): boolean {
  const wanted = new Set(onlyWith.options.map((o) => o.toLowerCase()));
  for (let i = 0; i < words.length && words[i] !== '--'; i += 1) {
    const word = words[i]!.toLowerCase();
    if (wanted.has(word) || (!word.includes('=') && wanted.has(`${word}=${(words[i + 1] ?? '').toLowerCase()}`)))
      return true;
  }
  return false;
}

// The one line `xrun config` says about them.
export function inertLine(tool: string, entries: readonly CodeEntry[]): string {
  const each = entries.map(
    (e) => `${e.code} (${e.name}) only with ${e.onlyWith!.shown} (else ${e.onlyWith!.otherwise})`,
  );
  return `inert: ${tool} exits ${each.join(' and ')}, so retrying ${entries.length === 1 ? 'it' : 'them'} does nothing for this command`;
}
