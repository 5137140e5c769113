import { CATEGORIES, type Category, isCategory } from './categories.js';
import type { Classification } from './classify.js';
import { type Outcome, signalNumber } from './outcome.js';

// One word of --retry-on / --stop-on, or one key of a rule's `when`: a category (`busy`, `timeout`),
// a raw exit code or a range of them (`2`, `129-192`), or a signal (`SIGKILL`, `KILL`, `kill`).
// `text` is the word as given, so a decision can name what matched.
export type Condition =
  | { kind: 'category'; category: Category; text: string }
  | { kind: 'codes'; from: number; to: number; text: string }
  | { kind: 'signal'; signal: NodeJS.Signals; text: string }
  // a pattern the last 64 KiB of stdout or stderr must match (--retry-on-output, a rule's `output`);
  // `where` names its origin should the linear-time engine refuse it when the run starts
  | { kind: 'output'; pattern: string; text: string; where: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

// What a condition is tested against: how the attempt ended and what the model made of it, plus a
// context that later kinds of condition read from (the output rules add the output tails here).
export interface MatchSubject {
  outcome: Outcome;
  classification: Classification;
  context: MatchContext;
}

// Extra facts about the attempt that some conditions need; every field is optional.
export interface MatchContext {
  // the output patterns (their sources) that the attempt's stdout or stderr tail matched
  readonly matchedOutput?: ReadonlySet<string>;
}

const WORDS = `an exit code, a range such as 129-192, a signal such as KILL, or one of ${CATEGORIES.filter((c) => c !== 'success').join(', ')}`;

// Parses one condition word. Pure.
export function parseCondition(word: string): Parsed<Condition> {
  if (isCategory(word)) return { ok: true, value: { kind: 'category', category: word, text: word } };
  if (/^\d+$/.test(word)) return codeRange(word, word, word);
  const range = /^(\d*)-(\d*)$/.exec(word);
  if (range) return codeRange(range[1] as string, range[2] as string, word);
  const signal = /^[a-z][a-z0-9]*$/i.test(word) ? parseSignalWord(word) : undefined;
  if (signal?.ok || (signal && /^sig/i.test(word))) return signal;
  return { ok: false, problem: `unknown condition '${word}' (expected ${WORDS})` };
}

function codeRange(fromText: string, toText: string, text: string): Parsed<Condition> {
  if (fromText === '' || toText === '')
    return { ok: false, problem: `'${text}' is not a range of exit codes (e.g. 129-192)` };
  const from = Number(fromText);
  const to = Number(toText);
  for (const code of [from, to]) {
    if (code < 1 || code > 255) return { ok: false, problem: `exit code ${code} is out of range (1-255)` };
  }
  if (from > to) return { ok: false, problem: `'${text}' is an empty range (the lower code comes first)` };
  return { ok: true, value: { kind: 'codes', from, to, text } };
}

// KILL, kill, SIGKILL and sigkill all name SIGKILL.
export function parseSignalWord(word: string): Parsed<Condition> {
  const upper = word.toUpperCase();
  const signal = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  if (signalNumber(signal) === undefined)
    return { ok: false, problem: `unknown signal '${word}' (e.g. KILL, SIGTERM, hup)` };
  return { ok: true, value: { kind: 'signal', signal: signal as NodeJS.Signals, text: word } };
}

// Parses a comma-separated list of condition words; the first bad word is the problem. Pure.
export function parseConditionList(list: string): Parsed<Condition[]> {
  const words = list.split(',').map((s) => s.trim());
  if (words.some((s) => s === '')) return { ok: false, problem: `empty item in '${list}'` };
  const conditions: Condition[] = [];
  for (const word of words) {
    const parsed = parseCondition(word);
    if (!parsed.ok) return parsed;
    conditions.push(parsed.value);
  }
  return { ok: true, value: conditions };
}

// Whether a condition holds for an attempt. A code matches the raw exit code; a signal matches a
// death by it and an exit code the model reads as it (generic 137 is SIGKILL). Pure.
export function matchCondition(condition: Condition, { classification, context }: MatchSubject): boolean {
  switch (condition.kind) {
    case 'category':
      return classification.category === condition.category;
    case 'codes':
      return (
        classification.rawCode !== null &&
        classification.rawCode >= condition.from &&
        classification.rawCode <= condition.to
      );
    case 'signal':
      return classification.signal === condition.signal;
    case 'output':
      return context.matchedOutput?.has(condition.pattern) ?? false;
  }
}

// An output pattern as a condition: JavaScript's own parser checks the syntax here (nothing is matched
// with it), the linear-time engine what it can run when the run starts. Pure.
export function parseOutputPattern(source: string, where: string): Parsed<Condition> {
  if (source === '') return { ok: false, problem: 'empty pattern (it would match any output)' };
  try {
    new RegExp(source);
  } catch (error) {
    return {
      ok: false,
      problem: `bad regex ${JSON.stringify(source)}: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`,
    };
  }
  return { ok: true, value: { kind: 'output', pattern: source, text: JSON.stringify(source), where } };
}
