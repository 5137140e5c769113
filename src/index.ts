// The library surface; importing it has no side effects.

export { detectTool, effectiveCommand } from './command/detect-tool.js';
export { classify, explain, type RunOptions, type RunReport, run } from './library.js';
export { backoffCeiling, DEFAULT_BACKOFF, nextDelay } from './model/backoff.js';
export { CATEGORIES, CATEGORY_CODES, CATEGORY_MEANINGS, type Category } from './model/categories.js';
export { type Classification, classifyExitCode, classifyOutcome } from './model/classify.js';
export { categoriesMarkdown, codesMarkdown, modelJson } from './model/codes-table.js';
export type { ExitStatus } from './model/exit-status.js';
export { type Explanation, explainTable, explainText } from './model/explain.js';
export type { Ending, Outcome } from './model/outcome.js';
export { decideRetry, type RetryDecision, type RetryPolicy } from './model/policy.js';
export {
  type CodeEntry,
  models,
  type StderrRule,
  TOOL_NAMES,
  type ToolModel,
  type ToolName,
} from './model/tools/index.js';
export { REPORT_SCHEMA_VERSION, type Report } from './run/report.js';
export type { AttemptRecord, RunResult } from './run/supervise.js';
export type { Plan } from './settings/plan.js';
export { UsageError } from './settings/usage-error.js';
