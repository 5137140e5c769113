import { type ParsedCommand, parseCommand } from '../command/parse.js';
import { classifyOutcome } from '../model/classify.js';
import { decideExitStatus, type ExitStatus } from '../model/exit-status.js';
import type { Outcome } from '../model/outcome.js';
import { generic } from '../model/tools/generic.js';
import { runAttempt } from '../process/attempt.js';
import { jobserverPassthrough } from '../process/jobserver.js';
import { INHERITED_STDIN } from '../process/stdin-inherit.js';
import { isTerminal, writeStderr } from '../process/stdio.js';
import { noProcessListOnce } from '../process/stop-target.js';
import { findConfig } from '../settings/config-find.js';
import { DEFAULT_KILL_AFTER_SECONDS, DEFAULT_STOP_SIGNAL, defaultStopSignal } from '../settings/stop-defaults.js';
import { askCi, ciRendersColour, colourChoice, paint } from './colour.js';
import { guardRun } from './run-guards.js';
import { spawnErrorLine } from './spawn-error-line.js';

// What the full run's plan holds for a default run (settings/plan.ts, every setting at its default, a
// generic command; a tool's stop signal is settings/stop-defaults.ts's defaultStopSignal); test/unit/cli/default-run.test.ts holds
// the two equal.
export const DEFAULT_PLAN = {
  attempts: 1,
  killAfterMs: DEFAULT_KILL_AFTER_SECONDS * 1000,
  stopSignal: `SIG${DEFAULT_STOP_SIGNAL}`,
  normalize: false,
  color: 'auto',
} as const;

// A run with nothing to decide (cli/run-kind.ts: no option, no setting variable; here: no config file,
// no jobserver warning to give, a command whose tool the full run would treat as this one does) runs
// here, on a fraction of the full run's code: one attempt, the command's own streams, its status passed
// on. The settings, the retry loop, the CI's lines and the reports are never loaded
// (test/e2e/startup-graph.test.ts), and the full path would do the same (test/e2e/default-run.test.ts).
// Undefined, before anything started, for a run that is not one.
export async function runDefault(words: readonly string[]): Promise<ExitStatus | undefined> {
  const run = defaultRunOf(words);
  return run && executeDefaultRun(run);
}

// A default run, decided: the command, read as the full run reads it, and the jobserver's descriptors.
export interface DefaultRun {
  words: readonly string[];
  parsed: ParsedCommand;
  jobserverFds: readonly number[];
}

// Whether `words` (cli/run-kind.ts's default run command) run as a default run, decided with nothing
// started and nothing changed: a config file found is only read, never applied.
export function defaultRunOf(words: readonly string[]): DefaultRun | undefined {
  const parsed = parseCommand(words);
  if (!runsAsDefault(parsed) || hasConfig()) return undefined;
  const jobserver = jobserverPassthrough(process.env['MAKEFLAGS'], parsed.effectiveArgv?.[0]);
  // the full run says it, as an informational line
  if (jobserver.warning !== undefined) return undefined;
  return { words, parsed, jobserverFds: jobserver.fds };
}

// Runs a decided default run: one attempt, its exit status.
export async function executeDefaultRun({ words, parsed, jobserverFds }: DefaultRun): Promise<ExitStatus> {
  const stopSignal = defaultStopSignal(parsed.tool);
  const stderrTerminal = isTerminal(2);
  // with a terminal the child shares xrun's foreground process group, so Ctrl-C reaches it once
  const terminal = isTerminal(0) || isTerminal(1) || stderrTerminal;
  const guards = guardRun(terminal);
  const log = await lineWriter(stderrTerminal);
  // set in xrun's own environment, which the command then gets as it is: no copy of it is made (each
  // variable a copy holds costs the young generation; a CI runner's hundred of them pushed a run into a collection)
  Object.assign(process.env, { XRUN_ATTEMPT: '1', XRUN_ATTEMPTS: String(DEFAULT_PLAN.attempts) });
  const { outcome } = await runAttempt(
    {
      command: words,
      terminal,
      readStderr: false,
      readStdout: false,
      killAfterMs: DEFAULT_PLAN.killAfterMs,
      stopSignal: stopSignal,
      forwardedTermSignal: stopSignal,
      stdin: INHERITED_STDIN.forAttempt(1),
      extraFds: jobserverFds,
      noProcessList: noProcessListOnce(log),
    },
    guards.interrupts,
  );
  guards.release();
  return endOf(words, outcome, guards.interrupts.received);
}

// Whether the full run would run this command as a default run does. With one attempt and nothing that
// reads what a model makes of the messages, the full run leaves a tool's stderr unread
// (cli/classification-read.ts) and its exit status raw, so only the tools' own effects set a run apart: a
// `docker run`'s container removed when xrun stops it, and the bazel server stopped after a SIGKILL.
function runsAsDefault({ tool, container }: ParsedCommand): boolean {
  return tool !== 'bazel' && container === undefined;
}

// The exit status, as the full run decides it for one attempt with no --normalize and no --map, and the
// line for a command that could not be started.
function endOf(command: readonly string[], outcome: Outcome, interrupted: NodeJS.Signals | undefined): ExitStatus {
  const notStarted = spawnErrorLine(command, outcome);
  if (notStarted !== undefined) writeStderr(`${notStarted}\n`);
  return decideExitStatus({
    outcome,
    classification: classifyOutcome(generic, outcome),
    normalize: DEFAULT_PLAN.normalize,
    map: [],
    ...(interrupted ? { interrupted } : {}),
  });
}

// A config file (or one that cannot be read, which the full run names) makes it the full run's.
function hasConfig(): boolean {
  try {
    return findConfig(process.cwd()) !== undefined;
  } catch {
    return true;
  }
}

// xrun's own lines, coloured as the full run colours them (cli/run.ts).
async function lineWriter(stderrTerminal: boolean): Promise<(line: string) => void> {
  const byEnv = colourChoice(DEFAULT_PLAN.color, stderrTerminal, process.env);
  const colour = byEnv === 'ci' ? ciRendersColour(await askCi(true, process.env)) : byEnv;
  return (line) => writeStderr(`${paint(line, colour)}\n`);
}
