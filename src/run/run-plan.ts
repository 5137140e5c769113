import { type AttemptResult, runAttempt } from '../process/attempt.js';
import { containerCleanup } from '../process/container-cleanup.js';
import { jobserverPassthrough } from '../process/jobserver.js';
import { informational, queueWaitingLine, xrunLine } from './messages.js';
import { createStdinSource, type StdinSource } from '../process/stdin-replay.js';
import { noProcessListOnce } from '../process/stop-target.js';
import { daemonOf, projectRoot, queueDirectory, WaitQueue } from '../process/wait-queue.js';
import { decideExitStatus, type ExitStatus } from '../model/exit-status.js';
import type { Interrupts } from '../process/interrupts.js';
import { models, type ToolName } from '../model/tools/index.js';
import type { Plan } from '../settings/plan.js';
import { type AttemptRecord, type LoopEffects, type RunResult, supervise } from './supervise.js';
import { isFlaky } from './report.js';
import { sleep } from '../process/timer.js';
import { fleetKeyOf } from '../command/fleet-key.js';
import type { FleetEffects } from './fleet-run.js';

export interface RunIo {
  // the child shares xrun's terminal and process group
  terminal: boolean;
  // pipe the child's stderr through (to classify its messages) instead of inheriting it; done only
  // when the tool's model has message rules (stderrRead)
  pipeStderr: boolean;
  log(line: string): void;
  beforeAttempt?(attempt: number): void;
  afterAttempt?(attempt: number): void;
  // true when the hook said the retry (or the give-up) itself: the plain line is then not said
  onRetry?(record: AttemptRecord): boolean;
  onGiveUp?(record: AttemptRecord): boolean;
}

export interface PlanRun {
  result: RunResult;
  status: ExitStatus;
  startedAt: number;
}

// Whether classifying the tool's outcomes reads its stderr (the model has message rules). For any
// other tool xrun leaves stderr alone: the command writes to xrun's own descriptor, unread.
function stderrRead(tool: ToolName): boolean {
  return models[tool].rules.length > 0;
}

// Runs a plan with the real effects (processes, timers) and decides the exit status; touches no
// process-wide state besides what `interrupts` was installed on. Shared by the CLI and the library.
export async function runPlan(plan: Plan, interrupts: Interrupts, io: RunIo): Promise<PlanRun> {
  const startedAt = Date.now();
  const info = informational(plan, io.log);
  const stdin = createStdinSource(plan.policy.attempts > 1, plan.stdinBuffer.bytes, plan.stdinBuffer.text);
  const runOnce = attemptRunner(plan, interrupts, io, info, stdin);
  const queue = plan.queue ? openQueue(plan, info) : undefined;
  const fleet = plan.fleet ? await openFleet(plan, io.log) : undefined;
  let result: RunResult;
  try {
    result = await supervise(plan, plan.parsed.name, { ...loopEffects(interrupts, io, stdin, queue, runOnce), ...fleet?.loop });
  } finally {
    // a live process's ticket would hold up every other xrun: leave also when the run throws
    queue?.leave();
    await fleet?.close();
  }
  return { result, status: exitStatusOf(plan, result), startedAt };
}

type AttemptRunner = (attempt: number, timeoutMs: number | undefined) => Promise<AttemptResult>;

// One real attempt: the command with this attempt's stdin and the jobserver's descriptors, its
// container (if it runs one attached) removed when xrun stops it.
function attemptRunner(plan: Plan, interrupts: Interrupts, io: RunIo, info: (line: string) => void, stdin: StdinSource): AttemptRunner {
  const jobserver = jobserverPassthrough(process.env['MAKEFLAGS']);
  if (jobserver.warning) info(xrunLine(jobserver.warning));
  const withContainerCleanup = containerCleanup(plan.parsed, { info, warn: io.log });
  const fixed = {
    extraFds: jobserver.fds,
    terminal: io.terminal,
    pipeStderr: io.pipeStderr && stderrRead(plan.tool),
    killAfterMs: plan.killAfterMs,
    stopSignal: plan.stopSignal,
    noProcessList: noProcessListOnce(io.log),
  };
  return (attempt, timeoutMs) =>
    withContainerCleanup(attempt, (command, onStop) =>
      runAttempt({ ...fixed, command, stdin: stdin.forAttempt(attempt), onStop, ...(timeoutMs === undefined ? {} : { timeoutMs }) }, interrupts),
    );
}

// The wait queue of the xruns that talk to the same daemon (tool, project, daemon).
function openQueue(plan: Plan, info: (line: string) => void): WaitQueue {
  const dir = queueDirectory(plan.tool, projectRoot(plan.tool, process.cwd()), daemonOf(plan.tool, plan.parsed, process.env));
  return new WaitQueue(dir, { log: info, maxDelayMs: plan.policy.backoff.maxDelayMs, waitingLine: queueWaitingLine });
}

// --fleet: the Redis client is loaded only here, in its own chunk.
async function openFleet(plan: Plan, log: (line: string) => void): Promise<{ loop: Pick<FleetEffects, 'recordAttempt' | 'mayRetry'>; close(): Promise<void> }> {
  const fleet = plan.fleet!;
  const service = fleet.key ?? fleetKeyOf(plan.tool, plan.parsed, projectRoot(plan.tool, process.cwd()), process.env);
  const { fleetEffects } = await import('./fleet-run.js');
  const { recordAttempt, mayRetry, close } = fleetEffects(fleet, service, (line) => log(xrunLine(line)));
  return { loop: { recordAttempt, mayRetry }, close };
}

// The attempt loop's effects, real: processes, the wait queue, timers, the clock.
function loopEffects(interrupts: Interrupts, io: RunIo, stdin: StdinSource, queue: WaitQueue | undefined, runOnce: AttemptRunner): LoopEffects {
  return {
    runAttempt: async (attempt, timeoutMs) => {
      io.beforeAttempt?.(attempt);
      // while the command runs, other xruns waiting for the same daemon wait for it
      queue?.markActive();
      try {
        return await runOnce(attempt, timeoutMs);
      } finally {
        queue?.clearActive();
        io.afterAttempt?.(attempt);
      }
    },
    ...(queue ? { waitForTurn: (timeoutMs: number) => queue.waitForTurn(interrupts.signal, timeoutMs) } : {}),
    retryBlocker: () => stdin.replayBlocker(),
    sleep: (ms) => sleep(ms, interrupts.signal),
    interrupted: () => interrupts.received,
    now: () => Date.now(),
    random: Math.random,
    log: io.log,
    ...(io.onRetry ? { onRetry: io.onRetry } : {}),
    ...(io.onGiveUp ? { onGiveUp: io.onGiveUp } : {}),
  };
}

// xrun's exit status: the last attempt's, read through --normalize and --map, or the interrupt's.
function exitStatusOf(plan: Plan, result: RunResult): ExitStatus {
  const { outcome, classification } = result.last;
  return decideExitStatus({
    outcome,
    classification,
    normalize: plan.normalize,
    map: plan.map,
    flaky: isFlaky(result),
    ...(result.interrupted ? { interrupted: result.interrupted } : {}),
  });
}
