import { xrunLine } from '../command/redact.js';
import type { ExitStatus } from '../model/exit-status.js';
import { disableOwnCoreDumps } from '../process/core-limit.js';
import { stdoutWriteFailure, whenOutputFlushed, writeStderr } from '../process/stdio.js';
import { type ExitPlan, exitPlan } from './exit-plan.js';

const INTERNAL_ERROR_CODE = 125;
const SIGNAL_FALLBACK_DELAY_MS = 1000;

// Ends the process as `work` decides: a code, or the same signal re-raised on itself (128+N if that cannot
// be); an error thrown is xrun's own, a line and 125. The one place that ends xrun, for the CLI
// (cli/main.ts) and the default run's own part of the bundle (cli/default-part.ts) alike.
export function endProcessWith(work: Promise<ExitStatus>): void {
  work.then(exitWith, (error: unknown) => {
    writeStderr(`${xrunLine(`internal error: ${error instanceof Error ? error.message : String(error)}`)}\n`);
    process.exitCode = INTERNAL_ERROR_CODE;
  });
}

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
