import { appendFileSync } from 'node:fs';
import { constants } from 'node:os';
import { onExit } from 'signal-exit';
import { writeFileAtomic } from '../process/atomic-write.js';
import { attemptEndLine, attemptStartLine, ciKind, colourEnabled, paint, retryAnnotation, stepSummary } from './ci-output.js';
import { parseCommandLine } from './argv.js';
import { parseCommand } from '../command/parse.js';
import type { ExitStatus } from '../model/exit-status.js';
import { Interrupts } from '../process/interrupts.js';
import { loadSettings } from '../settings/load.js';
import { informational, xrunLine } from '../run/messages.js';
import type { Plan } from '../settings/plan.js';
import { buildReport } from '../run/report.js';
import { runPlan } from '../run/run-plan.js';
import { planFrom } from '../settings/layers.js';
import { startupParent } from './startup.js';
import { isTerminal, writeStderr } from '../process/stdio.js';

// The run path of the CLI: `xrun [options] -- command ...`. Throws UsageError for bad input.
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  const commandLine = parseCommandLine(argv);
  if (commandLine.kind === 'done') return { kind: 'code', code: 0 };
  const command = parseCommand(commandLine.command);
  const plan = planFrom(loadSettings(commandLine.settings, command), command);
  return run(plan);
}

async function run(plan: Plan): Promise<ExitStatus> {
  // with a terminal the child shares xrun's foreground process group, so Ctrl-C reaches it once
  const stderrTerminal = isTerminal(2);
  const terminal = isTerminal(0) || isTerminal(1) || stderrTerminal;
  const interrupts = new Interrupts(terminal).install(startupParent());
  const removeExitHook = onExit(() => interrupts.killRunning());
  const removeUsr1 = endOnUsr1();
  // The CI is asked only when its answer is used: a run that can retry (fold lines, annotations) or
  // one with a GitHub step summary. ci-info reads the environment when it loads: load it now, not
  // when a startup snapshot is built.
  const summaryWanted = process.env['GITHUB_STEP_SUMMARY'] !== undefined;
  const kind = plan.policy.attempts > 1 || summaryWanted ? ciKind((await import('ci-info')).default) : 'none';
  const colour = colourEnabled(stderrTerminal, process.env);
  const name = plan.parsed.name;
  const id = String(process.pid);
  // workflow commands and section markers go to stderr, never into the command's stdout (README: CI)
  const ciLine = informational(plan, (line) => writeStderr(`${line}\n`));
  const say = (line: string | undefined) => {
    if (line !== undefined) ciLine(line);
  };
  const { result, status, startedAt } = await runPlan(plan, interrupts, {
    terminal,
    pipeStderr: !stderrTerminal,
    log: (line) => writeStderr(`${paint(line, colour)}\n`),
    beforeAttempt: (attempt) => say(attemptStartLine(kind, attempt, plan.policy.attempts, id, Date.now())),
    afterAttempt: (attempt) => say(attemptEndLine(kind, attempt, id, Date.now())),
    onRetry: (record) => say(retryAnnotation(kind, name, record, plan.policy.attempts)),
  });
  interrupts.uninstall();
  removeExitHook();
  removeUsr1();
  const { outcome } = result.last;
  if (outcome.kind === 'spawn-error') {
    const reason = outcome.errno === 'ENOENT' ? 'command not found' : `cannot execute (${outcome.errno})`;
    // redacted as a word first: xrunLine's redaction would end a value at a space within the word
    writeStderr(`${xrunLine(`${plan.parsed.redacted[0]}: ${reason}`)}\n`);
  }
  // written before xrun ends, also before it re-raises a signal on itself
  const summaryFile = summaryWanted && kind === 'github' ? process.env['GITHUB_STEP_SUMMARY'] : undefined;
  // the report is built only for whoever reads it: --report, or GitHub's step summary
  const report = plan.report !== undefined || summaryFile ? buildReport(plan, result, status, startedAt, Date.now()) : undefined;
  if (report && plan.report !== undefined)
    writeOrWarn(`--report: cannot write ${plan.report}`, () => writeFileAtomic(plan.report!, `${JSON.stringify(report, null, 2)}\n`));
  if (report && summaryFile) writeOrWarn(`cannot append to GITHUB_STEP_SUMMARY ${summaryFile}`, () => appendFileSync(summaryFile, stepSummary(report)));
  return status;
}

// Node opens its inspector on SIGUSR1 (a debugger on 127.0.0.1:9229 that any local user can drive);
// xrun ends instead, as on any terminating signal it does not forward: the exit hook kills the command.
// 128+N, since Node cannot re-raise SIGUSR1.
function endOnUsr1(): () => void {
  const end = () => process.exit(128 + constants.signals.SIGUSR1);
  process.on('SIGUSR1', end);
  return () => process.removeListener('SIGUSR1', end);
}

// A report that cannot be written is said in one line; it does not change the exit status.
function writeOrWarn(what: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    writeStderr(`${xrunLine(`${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)}\n`);
  }
}
