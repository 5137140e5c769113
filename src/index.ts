// The library surface; importing it has no side effects.
export { run, classify, explain, type RunOptions, type RunReport } from './library.js';
export { type Explanation, explainText, explainTable } from './explain.js';
export { CATEGORIES, CATEGORY_CODES, CATEGORY_MEANINGS, type Category } from './categories.js';
export { type Classification, classifyExitCode, classifyOutcome } from './classify.js';
export { detectTool, effectiveCommand } from './detect-tool.js';
export { models, TOOL_NAMES, type CodeEntry, type StderrRule, type ToolModel, type ToolName } from './models/index.js';
export type { Ending, Outcome } from './outcome.js';
export { decideRetry, type RetryDecision, type RetryPolicy } from './policy.js';
export { nextDelay, backoffCeiling, DEFAULT_BACKOFF } from './backoff.js';
export { codesMarkdown, categoriesMarkdown, modelJson } from './codes-table.js';
export type { ExitStatus } from './exit-status.js';
export type { Plan } from './plan.js';
export type { AttemptRecord, RunResult } from './supervise.js';
export { UsageError } from './usage-error.js';
export { type Report, REPORT_SCHEMA_VERSION } from './report.js';
