import { setTimeout as sleepFor } from 'node:timers/promises';
import { onExit } from 'signal-exit';
import { runAttempt } from './attempt.js';
import { parseCommandLine } from './command-line.js';
import { type CleanupOutput, withContainerCleanup } from './container-cleanup.js';
import { basename, effectiveCommand } from './detect-tool.js';
import { decideExitStatus, type ExitStatus } from './exit-status.js';
import { Interrupts } from './interrupts.js';
import { jobserverPassthrough } from './jobserver.js';
import { xrunLine } from './log.js';
import { buildPlan, type Plan } from './plan.js';
import { createStdinSource } from './stdin-replay.js';
import { supervise } from './supervise.js';
import { projectRoot, queueDirectory, WaitQueue } from './wait-queue.js';
import { UsageError } from './usage-error.js';

const USAGE_ERROR_CODE = 125;
const SIGNAL_FALLBACK_DELAY_MS = 1000;
// Node ignores SIGPIPE and starts its inspector on SIGUSR1: neither can end xrun, so 128+N it is.
const NOT_RERAISABLE: ReadonlySet<string> = new Set(['SIGPIPE', 'SIGUSR1']);

// read first thing: if the parent dies while xrun starts up, the change is still seen
const startupParent = process.ppid;

// The only module that reads process.argv and decides how the process ends.
async function main(argv: readonly string[]): Promise<ExitStatus> {
  let plan: Plan;
  try {
    const commandLine = parseCommandLine(argv);
    if (commandLine.kind === 'done') return { kind: 'code', code: 0 };
    plan = buildPlan(commandLine.settings, commandLine.command);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${xrunLine(error.message)}\n`);
    return { kind: 'code', code: USAGE_ERROR_CODE };
  }
  return run(plan);
}

async function run(plan: Plan): Promise<ExitStatus> {
  // with a terminal the child shares xrun's foreground process group, so Ctrl-C reaches it once
  const terminal = Boolean(process.stdin.isTTY || process.stdout.isTTY || process.stderr.isTTY);
  const interrupts = new Interrupts(terminal).install(startupParent);
  const name = basename(effectiveCommand(plan.command) ?? plan.command[0]!);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const jobserver = jobserverPassthrough(process.env.MAKEFLAGS);
  if (jobserver.warning && !plan.quiet) log(xrunLine(jobserver.warning));
  const stdin = createStdinSource(plan.policy.attempts > 1, plan.stdinBuffer.bytes, plan.stdinBuffer.text);
  const queue = plan.queue ? new WaitQueue(queueDirectory(plan.tool, projectRoot(plan.tool, process.cwd()))) : undefined;
  const removeExitHook = onExit(() => {
    interrupts.killRunning();
    queue?.leave();
  });
  const result = await supervise(plan, name, {
    runAttempt: async (attempt, timeoutMs) => {
      queue?.markActive();
      try {
        return await withContainerCleanup(plan.command, containerOutput(plan.quiet), (command, onStop) =>
          runAttempt(
            {
              command,
              stdin: stdin.forAttempt(attempt),
              extraFds: jobserver.fds,
              terminal,
              pipeStderr: !process.stderr.isTTY,
              killAfterMs: plan.killAfterMs,
              stopSignal: plan.stopSignal,
              onStop,
              ...(timeoutMs === undefined ? {} : { timeoutMs }),
            },
            interrupts,
          ),
        );
      } finally {
        queue?.clearActive();
      }
    },
    ...(queue ? { waitForTurn: (timeoutMs: number) => queue.waitForTurn(interrupts.signal, timeoutMs) } : {}),
    sleep: async (ms) => {
      try {
        await sleepFor(ms, undefined, { signal: interrupts.signal });
        return true;
      } catch {
        return false;
      }
    },
    interrupted: () => interrupts.received,
    retryBlocker: () => stdin.replayBlocker(),
    now: () => Date.now(),
    random: Math.random,
    log,
  });
  interrupts.uninstall();
  queue?.leave();
  removeExitHook();
  const { outcome, classification } = result.last;
  if (outcome.kind === 'spawn-error') {
    const reason = outcome.errno === 'ENOENT' ? 'command not found' : `cannot execute (${outcome.errno})`;
    process.stderr.write(`${xrunLine(`${plan.command[0]}: ${reason}`)}\n`);
  }
  return decideExitStatus({
    outcome,
    classification,
    normalize: plan.normalize,
    map: plan.map,
    ...(result.interrupted ? { interrupted: result.interrupted } : {}),
  });
}

function containerOutput(quiet: boolean): CleanupOutput {
  const write = (line: string) => process.stderr.write(`${line}\n`);
  return { info: quiet ? () => {} : write, warn: write };
}

// Ends the process: a code, or the same signal re-raised on itself (128+N if that fails).
function exitWith(status: ExitStatus): void {
  if (status.kind === 'code' || NOT_RERAISABLE.has(status.signal)) {
    process.exitCode = status.kind === 'code' ? status.code : status.fallbackCode;
    return;
  }
  process.exitCode = status.fallbackCode;
  // if the signal does not end the process after all, the fallback code does
  setTimeout(() => process.exit(status.fallbackCode), SIGNAL_FALLBACK_DELAY_MS);
  process.kill(process.pid, status.signal);
}

main(process.argv.slice(2)).then(exitWith, (error: unknown) => {
  process.stderr.write(`${xrunLine(`internal error: ${error instanceof Error ? error.message : String(error)}`)}\n`);
  process.exitCode = USAGE_ERROR_CODE;
});
