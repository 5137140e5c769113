import type { ToolName } from '../model/tools/types.js';

// How xrun stops a command unless a setting says otherwise: the signal (--signal) and the grace before
// SIGKILL (--kill-after). The settings' table reads them here, and so does the default run
// (cli/default-run.ts), which never loads the table.
export const DEFAULT_STOP_SIGNAL = 'TERM';
export const DEFAULT_KILL_AFTER_SECONDS = 10;

// The tools whose graceful cancel is SIGINT (bazel: a first and second SIGINT cancel the command on the
// server; buck2: SIGINT cancels the command, SIGTERM kills the client outright); see docs/tool-stop.md.
const GRACEFUL_STOP: Readonly<Partial<Record<ToolName, NodeJS.Signals>>> = { bazel: 'SIGINT', buck2: 'SIGINT' };

// The signal that stops a tool's command when --signal is not given, and that a SIGTERM to xrun reaches
// it as: its graceful cancel. The plan (settings/plan.ts) and the default run (cli/default-run.ts) read it.
export function defaultStopSignal(tool: ToolName): NodeJS.Signals {
  return GRACEFUL_STOP[tool] ?? `SIG${DEFAULT_STOP_SIGNAL}`;
}
