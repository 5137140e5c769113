import { xrunLine } from '../command/redact.js';
import type { ExitStatus } from '../model/exit-status.js';
import { disableOwnCoreDumps } from '../process/core-limit.js';
import { claimStderr, stdoutWriteFailure, whenOutputFlushed, writeStderr } from '../process/stdio.js';
import { UsageError } from '../settings/usage-error.js';
import { type ExitPlan, exitPlan } from './exit-plan.js';
import { defaultRunCommand } from './run-kind.js';
import { startupParent } from './startup.js';
import { SUBCOMMANDS, type Subcommand } from './subcommands.js';

const USAGE_ERROR_CODE = 125;
const SIGNAL_FALLBACK_DELAY_MS = 1000;

type Entry = { main(argv: readonly string[]): Promise<ExitStatus> };

// Each path is its own chunk: the run paths never load explain's text, the subcommands never load the spawner;
// a default run (cli/default-run.ts) loads neither the settings nor the retry loop of the full run (cli/run.ts).
const SUBCOMMAND_ENTRIES: Readonly<Record<Subcommand, () => Promise<Entry>>> = {
  explain: () => import('./explain.js'),
  codes: () => import('./codes.js'),
  config: () => import('./config.js'),
  completion: () => import('./completion/main.js'),
  fleet: () => import('./fleet.js'),
};

async function main(argv: readonly string[]): Promise<ExitStatus> {
  const subcommand = SUBCOMMANDS.find((s) => s === argv[0]);
  try {
    if (subcommand) return await (await SUBCOMMAND_ENTRIES[subcommand]()).main(argv.slice(1));
    const defaultRun = defaultRunCommand(argv, process.env);
    const ended = defaultRun && (await (await import('./default-run.js')).runDefault(defaultRun));
    return ended ?? (await (await import('./run.js')).main(argv));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeStderr(`${xrunLine(error.message)}\n`);
    return { kind: 'code', code: USAGE_ERROR_CODE };
  }
}

// Ends the process: a code, or the same signal re-raised on itself (128+N if that cannot be).
function exitWith(status: ExitStatus): void {
  const plan = exitPlan(status, process.pid);
  if (plan.kind === 'code') {
    process.exitCode = plan.code;
    // a failed write's error comes a tick after it (also on a file, written at once)
    if (plan.code === 0) whenOutputFlushed(() => setImmediate(failOnLostStdout));
    return;
  }
  process.exitCode = plan.fallbackCode;
  // what the child wrote to stderr (and stdout, under output rules) is handed on before xrun dies
  whenOutputFlushed(() => raise(plan));
}

// What xrun printed on stdout (a subcommand's text, --help) was lost to a full disk or EIO: not success,
// as for `cat`; EPIPE (the reader went away, `xrun codes | head -1`) is none.
function failOnLostStdout(): void {
  const failure = stdoutWriteFailure();
  if (failure === undefined) return;
  writeStderr(`${xrunLine(`writing stdout failed: ${failure.errno} (${failure.message})`)}\n`);
  process.exitCode = 1;
}

function raise(plan: Extract<ExitPlan, { kind: 'raise' }>): void {
  // xrun's core would be its whole heap (hundreds of MB) and replace the command's own core file
  if (plan.dumpsCore && !disableOwnCoreDumps()) return;
  // if the signal does not end the process after all, the fallback code does
  setTimeout(() => process.exit(plan.fallbackCode), SIGNAL_FALLBACK_DELAY_MS);
  process.kill(process.pid, plan.signal);
}

// Runs xrun on its arguments and ends the process as decided; the one place that does.
export function runCli(argv: readonly string[]): void {
  startupParent();
  claimStderr();
  main(argv).then(exitWith, (error: unknown) => {
    writeStderr(`${xrunLine(`internal error: ${error instanceof Error ? error.message : String(error)}`)}\n`);
    process.exitCode = USAGE_ERROR_CODE;
  });
}
