// The library surface; importing it has no side effects.
export { run, classify, explain, type RunOptions, type RunReport } from './library.js';
export { type Explanation, explainText, explainTable } from './model/explain.js';
export { CATEGORIES, CATEGORY_CODES, CATEGORY_MEANINGS, type Category } from './model/categories.js';
export { type Classification, classifyExitCode, classifyOutcome } from './model/classify.js';
export { detectTool, effectiveCommand } from './command/detect-tool.js';
export { models, TOOL_NAMES, type CodeEntry, type StderrRule, type ToolModel, type ToolName } from './model/tools/index.js';
export type { Ending, Outcome } from './model/outcome.js';
export { decideRetry, type RetryDecision, type RetryPolicy } from './model/policy.js';
export { nextDelay, backoffCeiling, DEFAULT_BACKOFF } from './model/backoff.js';
export { codesMarkdown, categoriesMarkdown, modelJson } from './model/codes-table.js';
export type { ExitStatus } from './model/exit-status.js';
export type { Plan } from './settings/plan.js';
export type { AttemptRecord, RunResult } from './run/supervise.js';
export { UsageError } from './settings/usage-error.js';
export { type Report, REPORT_SCHEMA_VERSION } from './run/report.js';
