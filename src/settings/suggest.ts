import { TOOL_NAMES } from '../model/tools/types.js';

// "did you mean bazel?" for a near miss of a tool's name, else the names there are.
export function unknownToolHint(name: string): string {
  const near = closestName(name, TOOL_NAMES);
  return near === undefined ? `expected one of ${TOOL_NAMES.join(', ')}` : `did you mean ${near}?`;
}

// The name closest to a mistyped `word` (one edit or two, a swap of neighbours counting as one), as
// commander suggests a flag; undefined when none is that close. Pure.
export function closestName(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const distance = editDistance(word.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance && distance <= Math.min(2, Math.floor(name.length / 2)))
      [best, bestDistance] = [name, distance];
  }
  return best;
}

// Damerau-Levenshtein distance, optimal string alignment: insertions, deletions, substitutions and
// swaps of neighbours each cost one.
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
