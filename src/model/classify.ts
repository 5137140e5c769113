import { CATEGORY_CODES, type Category } from './categories.js';
import { type Outcome, signalName, signalNumber } from './outcome.js';
import { parseRetryAfter } from './retry-after.js';
import type { StructuredNote } from './structured/report.js';
import type { Refinement, ToolModel, ToolName } from './tools/index.js';

// What an outcome means in a tool's model.
export interface Classification {
  tool: ToolName;
  category: Category;
  name: string;
  meaning: string;
  source: string;
  // the unified code (buck2's documented numbers; 128+N for a signal)
  normalizedCode: number;
  // the raw exit code, or null when the child did not exit with one
  rawCode: number | null;
  signal?: NodeJS.Signals;
  // the stderr rule that decided, if any
  ruleId?: string;
  // what the tool's own structured report said (--structured)
  structured?: StructuredNote;
  // a rate limit's stated wait (`retry-after: 12s`), honoured as the next delay
  retryAfterMs?: number;
  // the subcommand refinement that read the code (`bazel query`), if one applied
  via?: string;
  // a container's exit 137 looked into: OOM killer or not, and what said so (model/oom.ts)
  oom?: OomEvidence;
  // a code whose meaning depends on the tool's release: the release found (null: unknown) and the
  // range of releases whose meaning was taken (null: unknown, the model's reading stands) (model/releases.ts)
  release?: { version: string | null; range: string | null };
}

// Whether the kernel's OOM killer ended a container that exited 137, and what said so. 137 is only
// a SIGKILL: the OOM killer, `docker kill`, a runner's timeout all give it (docs/exit-codes.md).
export interface OomEvidence {
  confirmed: boolean;
  // what decided: `State.OOMKilled` or the kernel log's oom-kill record; else what was looked at
  evidence: string;
}

const XRUN_SOURCE = 'xrun (env/timeout/chroot convention)';

// Classifies an outcome through a tool's model; `stderrTail` feeds the model's message rules and
// `subcommand` (the words after the tool's global options) picks a refinement of the model.
export function classifyOutcome(
  model: ToolModel,
  outcome: Outcome,
  stderrTail = '',
  subcommand: readonly string[] = [],
): Classification {
  const tool = model.tool;
  switch (outcome.kind) {
    case 'exited':
      return classifyExitCode(model, outcome.code, stderrTail, subcommand);
    case 'signaled':
      return signalClassification(tool, outcome.signal, null, `killed by ${outcome.signal}`, XRUN_SOURCE);
    case 'cancelled':
      return {
        ...signalClassification(tool, outcome.signal, null, `interrupted by ${outcome.signal}`, XRUN_SOURCE),
        name: 'Cancelled',
      };
    case 'timed-out':
      return {
        tool,
        category: 'timeout',
        name: 'TimedOut',
        meaning: 'stopped by xrun after --timeout',
        source: XRUN_SOURCE,
        normalizedCode: CATEGORY_CODES.timeout,
        rawCode: outcome.ended.kind === 'exited' ? outcome.ended.code : null,
      };
    case 'spawn-error': {
      const notFound = outcome.errno === 'ENOENT';
      return {
        tool,
        category: 'user',
        name: notFound ? 'CommandNotFound' : 'CannotExecute',
        meaning: notFound ? 'command not found' : `cannot execute (${outcome.errno})`,
        source: XRUN_SOURCE,
        normalizedCode: notFound ? 127 : 126,
        rawCode: null,
      };
    }
  }
}

// Classifies a plain exit code: message rules first, then the code table, then 128+N, then the family;
// all of them the subcommand's refinement, where one applies.
export function classifyExitCode(
  model: ToolModel,
  code: number,
  stderrTail = '',
  subcommand: readonly string[] = [],
): Classification {
  const refinement = refinementFor(model, subcommand);
  if (!refinement) return classifyInModel(model, code, stderrTail);
  return { ...classifyInModel(refinedModel(model, refinement), code, stderrTail), via: refinement.via };
}

// The refinement whose subcommand words start `subcommand`, the longest such (`compose run` over `compose`).
export function refinementFor(model: ToolModel, subcommand: readonly string[]): Refinement | undefined {
  let best: Refinement | undefined;
  let bestLength = 0;
  for (const refinement of model.refinements ?? []) {
    for (const key of refinement.subcommands) {
      const words = key.split(' ');
      if (words.length > bestLength && words.every((word, i) => subcommand[i] === word))
        [best, bestLength] = [refinement, words.length];
    }
  }
  return best;
}

// The model as the refinement reads it: its rows over (or instead of) the tool's, its rules and families.
export function refinedModel(model: ToolModel, refinement: Refinement): ToolModel {
  const own = new Set(refinement.codes.map((e) => e.code));
  const kept = refinement.table === 'own' ? [] : model.codes.filter((e) => !own.has(e.code));
  const signalCodes = refinement.signalCodes ?? model.signalCodes;
  return {
    tool: model.tool,
    title: `${model.title}: ${refinement.via}`,
    codes: [...kept, ...refinement.codes].sort((a, b) => a.code - b.code),
    rules: refinement.rules ?? model.rules,
    otherCodes: refinement.otherCodes ?? model.otherCodes,
    ...(signalCodes === undefined ? {} : { signalCodes }),
  };
}

function classifyInModel(model: ToolModel, code: number, stderrTail: string): Classification {
  const tool = model.tool;
  if (code !== 0 && stderrTail !== '') {
    const rule = model.rules.find(
      (r) => (r.codes === undefined || r.codes.includes(code)) && r.pattern.test(stderrTail),
    );
    if (rule) {
      const { name, category, meaning, source } = rule;
      const retryAfterMs = category === 'rate-limit' ? parseRetryAfter(stderrTail) : undefined;
      return {
        tool,
        category,
        name,
        meaning,
        source,
        normalizedCode: normalizedCodeOf(category),
        rawCode: code,
        ruleId: rule.id,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    }
  }
  const entry = model.codes.find((e) => e.code === code);
  if (entry) {
    const { name, category, meaning, source, signal } = entry;
    const normalizedCode = signal ? 128 + (signalNumber(signal) ?? 0) : normalizedCodeOf(category);
    return { tool, category, name, meaning, source, normalizedCode, rawCode: code, ...(signal ? { signal } : {}) };
  }
  if (model.signalCodes && code > 128 && code <= 192) {
    const signal = signalName(code - 128);
    if (signal) return signalClassification(tool, signal, code, `exited ${code} (128+${signal})`, model.signalCodes);
    // a signal Node has no name for (realtime signals, 34 and up on Linux): still a signal, by number
    return {
      tool,
      category: 'signal',
      name: `SIG${code - 128}`,
      meaning: `exited ${code} (128+${code - 128})`,
      source: model.signalCodes,
      normalizedCode: code,
      rawCode: code,
    };
  }
  const { name, category, meaning, source } = model.otherCodes;
  return { tool, category, name, meaning, source, normalizedCode: normalizedCodeOf(category), rawCode: code };
}

function signalClassification(
  tool: ToolName,
  signal: NodeJS.Signals,
  rawCode: number | null,
  meaning: string,
  source: string,
): Classification {
  return {
    tool,
    category: 'signal',
    name: signal,
    meaning,
    source,
    normalizedCode: 128 + (signalNumber(signal) ?? 0),
    rawCode,
    signal,
  };
}

// The unified code of a category (a signal category needs its signal; see classifyOutcome).
export function normalizedCodeOf(category: Category): number {
  return CATEGORY_CODES[category];
}
