import { parseCommand } from './command/parse.js';
import { type Classification, classifyExitCode, classifyOutcome } from './model/classify.js';
import type { ExitStatus } from './model/exit-status.js';
import { type Explanation, explain as explainWith } from './model/explain.js';
import type { Outcome } from './model/outcome.js';
import { models, type ToolName } from './model/tools/index.js';
import { Interrupts } from './process/interrupts.js';
import { runPlan } from './run/run-plan.js';
import type { RunResult } from './run/supervise.js';
import { parseConfig } from './settings/config.js';
import { planFrom, resolveSettings } from './settings/layers.js';
import { type Plan, parseSignal } from './settings/plan.js';

// Run options of the library: the config file's keys and JSON types (durations are strings such
// as "2s" or numbers of seconds), plus where xrun's own lines go and a way to cancel.
export interface RunOptions {
  tool?: ToolName;
  retryBusy?: boolean;
  retryConnect?: boolean;
  retryOn?: string | readonly (string | number)[];
  attempts?: number;
  delay?: string | number;
  maxDelay?: string | number;
  timeout?: string | number;
  killAfter?: string | number;
  signal?: string;
  deadline?: string | number;
  normalize?: boolean;
  map?: string | Readonly<Record<string, number>>;
  // ask bazel/buck2 for their own report of each attempt and classify from it (--structured)
  structured?: boolean;
  // --fleet and its settings (docs/fleet.md)
  fleet?: string;
  fleetBudget?: string;
  fleetWindow?: string | number;
  fleetCooldown?: string | number;
  fleetKey?: string;
  fleetTimeout?: string | number;
  // xrun's lines: retries, give-ups, deadlines and warnings. Not given: the informational lines go
  // nowhere and each distinct warning (a fleet that failed open, lost output, no temporary directory)
  // is emitted once per process with process.emitWarning, as an XrunWarning
  log?: (line: string) => void;
  // aborting stops the running attempt (as SIGTERM to xrun would) and ends the run
  abortSignal?: AbortSignal;
  // forward the child's stderr through the library to classify its messages, when the tool's model has
  // message rules (default true; false always inherits it)
  pipeStderr?: boolean;
}

// What run() returns: the CLI's RunResult (attempts with outcome, classification, decision, delay)
// and the exit status the CLI would end with.
export interface RunReport extends RunResult {
  plan: Plan;
  exitStatus: ExitStatus;
}

// Runs a command as the CLI does (same plan, classification, retries), without touching process.exit
// or installing signal handlers. Rejects with a UsageError for bad options.
export async function run(command: readonly string[], options: RunOptions = {}): Promise<RunReport> {
  const { log, abortSignal, pipeStderr, ...settings } = options;
  const config = parseConfig('run() options', settings);
  const parsed = parseCommand(command);
  const planned = planFrom(resolveSettings({}, {}, config, parsed), parsed);
  // no log: quiet (the informational lines dropped where --quiet drops them), the warnings emitted
  const plan = log === undefined ? { ...planned, quiet: true } : planned;
  const interrupts = new Interrupts(false);
  const onAbort = () => interrupts.deliver('SIGTERM');
  if (abortSignal?.aborted) onAbort();
  abortSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { result, status } = await runPlan(plan, interrupts, {
      terminal: false,
      mayReadStderr: pipeStderr ?? true,
      log: log ?? emitWarningOnce,
    });
    return { ...result, plan: planned, exitStatus: status };
  } finally {
    abortSignal?.removeEventListener('abort', onAbort);
  }
}

const warned = new Set<string>();

// A warning of a run given no log: once per process for each distinct line (many runs failing open
// against one fleet say it once), through Node's warnings (--no-warnings, process.on('warning')).
function emitWarningOnce(line: string): void {
  if (warned.has(line)) return;
  warned.add(line);
  process.emitWarning(line, { type: 'XrunWarning', code: 'XRUN' });
}

// Classifies an exit code (with an optional stderr tail) or an Outcome in a tool's model.
export function classify(tool: ToolName, ended: number | Outcome, stderrTail = ''): Classification {
  return typeof ended === 'number'
    ? classifyExitCode(models[tool], ended, stderrTail)
    : classifyOutcome(models[tool], ended, stderrTail);
}

// What `xrun explain` says: an exit code or a signal name ("KILL", "SIGKILL") under the given run options' policy.
export function explain(
  tool: ToolName,
  subject: number | string,
  options: Omit<RunOptions, 'log' | 'abortSignal' | 'pipeStderr'> = {},
): Explanation {
  const config = parseConfig('explain() options', { ...options, tool });
  const plan = planFrom(resolveSettings({}, {}, config, [tool]), [tool]);
  return explainWith(tool, typeof subject === 'number' ? subject : parseSignal(subject), plan.policy);
}
