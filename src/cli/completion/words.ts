// What the completion scripts share: the contexts in order, each valued option once, and the check
// that a word can stand in a script unquoted. Pure.
import type { CompletionSpec, Context, Values } from './spec.js';

export function allContexts(spec: CompletionSpec): readonly Context[] {
  return [spec.run, ...spec.subcommands];
}

// Every option that takes a value, by its long name, with what its value completes to (the same
// wherever it appears: `--tool` names a tool in every context).
export function valuedOptions(spec: CompletionSpec): readonly (readonly [string, Values])[] {
  const byLong = new Map<string, Values>();
  for (const context of allContexts(spec))
    for (const o of context.options) if (o.value && !byLong.has(o.long)) byLong.set(o.long, o.value);
  return [...byLong];
}

// A value word as the scripts write it: only words that need no quoting in any of the shells.
export function shellWord(word: string): string {
  if (!/^[A-Za-z0-9_.+-]+$/.test(word))
    throw new Error(`completion: '${word}' cannot be written into a completion script unquoted`);
  return word;
}
