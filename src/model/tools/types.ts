import type { Category } from '../categories.js';

// One row of a tool's exit-code table.
export interface CodeEntry {
  code: number;
  name: string;
  category: Category;
  meaning: string;
  // where the row comes from: an upstream file (listed in docs/exit-codes.md) or that page itself
  source: string;
  // for codes that stand for a signal (buck2 141 = SIGINT, 130 = SIGPIPE)
  signal?: NodeJS.Signals;
  // the tool exits with this code only when the command has one of these options (buck2 4 and 5)
  onlyWith?: OnlyWith;
}

// Options a code needs: without any of them the tool never exits with it, so retrying it is inert.
export interface OnlyWith {
  // as words (`--exit-when=notidle`); `--opt value` matches `--opt=value`; compared case-insensitively
  options: readonly string[];
  // how explain and config show them: `--exit-when=notidle|differentstate`
  shown: string;
  // where they go: before the subcommand (bazel's startup options) or after it (buck2's command options)
  where: 'before-subcommand' | 'after-subcommand';
  // what happens without them, in a few words
  otherwise: string;
}

// A stderr rule: when the exit code is one of `codes` (any non-zero if absent) and the stderr
// tail matches `pattern`, the rule decides the category instead of the code table.
export interface StderrRule {
  id: string;
  pattern: RegExp;
  codes?: readonly number[];
  name: string;
  category: Category;
  meaning: string;
  source: string;
}

// What a code outside the table means: a passthrough family (test runner, container code).
interface FallbackEntry {
  name: string;
  category: Category;
  meaning: string;
  source: string;
}

export interface ToolModel {
  tool: ToolName;
  title: string;
  codes: readonly CodeEntry[];
  rules: readonly StderrRule[];
  // codes not in the table
  otherCodes: FallbackEntry;
  // where 129..192 read as 128+signal (the tool, or what it passes through, uses that convention):
  // the source of that reading; absent where those codes mean something else
  signalCodes?: string;
  // readings that differ by subcommand (`bazel query`, `docker exec`); the longest match applies
  refinements?: readonly Refinement[];
}

// A subcommand's reading of the codes, as data. Pure classify (model/classify.ts) picks it.
export interface Refinement {
  // the words after the tool's global options it applies to: 'query', 'compose run', 'container exec'
  subcommands: readonly string[];
  // how a classification, explain and codes name it: 'bazel query'
  via: string;
  // 'override': `codes` replace the tool's rows of the same code; 'own': they are the only rows
  table: 'override' | 'own';
  // the code is a program's (bazel run, docker exec): no tool category by code alone, 129-192 are 128+N
  passthrough: boolean;
  codes: readonly CodeEntry[];
  // replaces the tool's message rules when given
  rules?: readonly StderrRule[];
  // replace the tool's when given
  otherCodes?: FallbackEntry;
  signalCodes?: string;
}

export const TOOL_NAMES = ['buck2', 'docker', 'podman', 'bazel', 'generic'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];
