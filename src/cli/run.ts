import { appendFileSync } from 'node:fs';
import { parseCommand } from '../command/parse.js';
import { xrunLine } from '../command/redact.js';
import type { ExitStatus } from '../model/exit-status.js';
import { outputConditions } from '../model/rules.js';
import { takeCallerState } from '../process/caller-state.js';
import { isTerminal, writeStderr } from '../process/stdio.js';
import { flakyLine, informational } from '../run/messages.js';
import { type PlanRun, type RunIo, runPlan } from '../run/run-plan.js';
import { isFlaky, survivedFailures } from '../run/run-result.js';
import type { RunResult } from '../run/supervise.js';
import { planFrom } from '../settings/layers.js';
import { loadSettings } from '../settings/load.js';
import type { Plan } from '../settings/plan.js';
import { UsageError } from '../settings/usage-error.js';
import {
  attemptEndLine,
  attemptStartLine,
  flakyAnnotation,
  giveUpAnnotation,
  retryAnnotation,
  stepSummary,
} from './ci-output.js';
import { classificationRead } from './classification-read.js';
import { askCi, ciRendersColour, colourChoice, paint } from './colour.js';
import { plainCommandLine } from './plain-argv.js';
import { guardRun } from './run-guards.js';
import { spawnErrorLine } from './spawn-error-line.js';

// The run path of the CLI: `xrun [options] -- command ...`. Throws UsageError for bad input.
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  // commander is loaded only for what the plain reader leaves to it: help, the version, errors
  const commandLine = plainCommandLine(argv) ?? (await import('./argv.js')).parseCommandLine(argv);
  if (commandLine.kind === 'done') return { kind: 'code', code: 0 };
  const command = parseCommand(commandLine.command);
  const resolved = loadSettings(commandLine.settings, command);
  const plan = planFrom(resolved, command);
  // before anything starts: a report that could not be written at the end is bad input
  const reportProblem =
    plan.report === undefined ? undefined : (await import('../process/output-file.js')).outputFileProblem(plan.report);
  if (reportProblem !== undefined)
    throw new UsageError(
      `${resolved.origins.report ?? '--report'}: cannot write ${JSON.stringify(plan.report)}: ${reportProblem}`,
    );
  // held, the output would be written at the end to a stdout the caller closed (Node reopens it on /dev/null)
  if (plan.holdStdout && takeCallerState().closedFds.includes(1))
    throw new UsageError(
      `${resolved.origins.holdStdout ?? '--hold-stdout'}: stdout is closed: there is nowhere to write the held output`,
    );
  return run(plan);
}

async function run(plan: Plan): Promise<ExitStatus> {
  // with a terminal the child shares xrun's foreground process group, so Ctrl-C reaches it once
  const stderrTerminal = isTerminal(2);
  const terminal = isTerminal(0) || isTerminal(1) || stderrTerminal;
  const guards = guardRun(terminal);
  const colourByEnv = colourChoice(plan.color, stderrTerminal, process.env);
  const ci = await ciOutput(plan, colourByEnv === 'ci');
  const colour = colourByEnv === 'ci' ? ci.rendersColour : colourByEnv;
  const log = (line: string) => writeStderr(`${paint(line, colour)}\n`);
  const classified = classificationRead(plan, process.env['GITHUB_STEP_SUMMARY'] !== undefined);
  // output rules read stderr also on a terminal: a rule that silently never matched would surprise more
  const ran = await runPlan(plan, guards.interrupts, {
    terminal,
    mayReadStderr: (!stderrTerminal || outputConditions(plan.policy.deciders).length > 0) && classified,
    mayAskRelease: classified,
    log,
    ...ci.hooks,
  });
  ci.flaky(ran.result, log);
  guards.release();
  const notStarted = spawnErrorLine(plan.parsed.argv, ran.result.last.outcome);
  if (notStarted !== undefined) writeStderr(`${notStarted}\n`);
  // written before xrun ends, also before it re-raises a signal on itself
  await writeReports(plan, ran, ci.summaryFile);
  return ran.status;
}

interface CiOutput {
  // fold markers around attempts, an annotation for each retry and for giving up (each instead of its plain line)
  hooks: Pick<RunIo, 'beforeAttempt' | 'afterAttempt' | 'onRetry' | 'onGiveUp'>;
  // the end line of a flaky run: plain, or GitHub's warning instead
  flaky(result: RunResult, log: (line: string) => void): void;
  // GitHub's step summary, to append the report to
  summaryFile: string | undefined;
  // its log renders ANSI colours (asked only when that decides the colour)
  rendersColour: boolean;
}

// What the CI the run is in gets to see. The CI is asked only when its answer is used: a run that can
// retry (fold lines, annotations), one with a GitHub step summary, or whose colour it decides: ci-info
// (which reads the environment when it loads) is loaded only then.
async function ciOutput(plan: Plan, decidesColour: boolean): Promise<CiOutput> {
  const summaryWanted = process.env['GITHUB_STEP_SUMMARY'] !== undefined;
  const outputWanted = plan.policy.attempts > 1 || summaryWanted;
  const asked = await askCi(outputWanted || decidesColour, process.env);
  // asked for the colour alone, the CI gets no folds or annotations it did not get before
  const kind = outputWanted ? asked : 'none';
  const { name } = plan.parsed;
  const id = String(process.pid);
  // workflow commands and section markers go to stderr, never into the command's stdout (docs/ci.md)
  const ciLine = informational(plan, (line) => writeStderr(`${line}\n`));
  // says the line if there is one; whether there was
  const say = (line: string | undefined) => {
    if (line !== undefined) ciLine(line);
    return line !== undefined;
  };
  const { attempts } = plan.policy;
  return {
    hooks: {
      beforeAttempt: (attempt) => say(attemptStartLine(kind, attempt, attempts, id, Date.now())),
      afterAttempt: (attempt) => say(attemptEndLine(kind, attempt, attempts, id, Date.now())),
      onRetry: (_record, line) => say(retryAnnotation(kind, line)),
      onGiveUp: (record) => say(giveUpAnnotation(kind, name, record)),
    },
    flaky: (result, log) => {
      if (!isFlaky(result)) return;
      const line = flakyLine(name, result.last.attempt, attempts, survivedFailures(result));
      if (!say(flakyAnnotation(kind, line))) informational(plan, log)(line);
    },
    summaryFile: summaryWanted && kind === 'github' ? process.env['GITHUB_STEP_SUMMARY'] : undefined,
    rendersColour: ciRendersColour(asked),
  };
}

// --report's file and GitHub's step summary; the report is built (and its code loaded) only for whoever reads it.
async function writeReports(
  plan: Plan,
  { result, status, startedAt }: PlanRun,
  summaryFile: string | undefined,
): Promise<void> {
  if (plan.report === undefined && !summaryFile) return;
  const endedAt = Date.now();
  const [{ buildReport }, { writeFileAtomic }] = await Promise.all([
    import('../run/report.js'),
    import('../process/atomic-write.js'),
  ]);
  const report = buildReport(plan, result, status, startedAt, endedAt);
  if (plan.report !== undefined) {
    const file = plan.report;
    writeOrWarn(`--report: cannot write ${file}`, () => writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`));
  }
  if (summaryFile)
    writeOrWarn(`cannot append to GITHUB_STEP_SUMMARY ${summaryFile}`, () =>
      appendFileSync(summaryFile, stepSummary(report)),
    );
}

// A report that cannot be written is said in one line; it does not change the exit status.
function writeOrWarn(what: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    writeStderr(`${xrunLine(`${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)}\n`);
  }
}
