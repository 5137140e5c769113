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
}

export const TOOL_NAMES = ['buck2', 'docker', 'podman', 'bazel', 'generic'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];
