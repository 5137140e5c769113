import { setTimeout as sleepFor } from 'node:timers/promises';
import { runAttempt } from './attempt.js';
import { effectiveCommand } from './detect-tool.js';
import { decideExitStatus, type ExitStatus } from './exit-status.js';
import type { Interrupts } from './interrupts.js';
import type { Plan } from './plan.js';
import { type AttemptRecord, type RunResult, supervise } from './supervise.js';

export interface RunIo {
  // the child shares xrun's terminal and process group
  terminal: boolean;
  // pipe the child's stderr through (to classify its messages) instead of inheriting it
  pipeStderr: boolean;
  log(line: string): void;
  beforeAttempt?(attempt: number): void;
  afterAttempt?(attempt: number): void;
  onRetry?(record: AttemptRecord): void;
}

export interface PlanRun {
  result: RunResult;
  status: ExitStatus;
  startedAt: number;
}

// Runs a plan with the real effects (processes, timers) and decides the exit status; touches no
// process-wide state besides what `interrupts` was installed on. Shared by the CLI and the library.
export async function runPlan(plan: Plan, interrupts: Interrupts, io: RunIo): Promise<PlanRun> {
  const startedAt = Date.now();
  const result = await supervise(plan, commandName(plan.command), {
    runAttempt: async (attempt, timeoutMs) => {
      io.beforeAttempt?.(attempt);
      const options = { command: plan.command, terminal: io.terminal, pipeStderr: io.pipeStderr, killAfterMs: plan.killAfterMs, stopSignal: plan.stopSignal };
      const ended = await runAttempt(timeoutMs === undefined ? options : { ...options, timeoutMs }, interrupts);
      io.afterAttempt?.(attempt);
      return ended;
    },
    sleep: async (ms) => {
      try {
        await sleepFor(ms, undefined, { signal: interrupts.signal });
        return true;
      } catch {
        return false;
      }
    },
    interrupted: () => interrupts.received,
    now: () => Date.now(),
    random: Math.random,
    log: io.log,
    ...(io.onRetry ? { onRetry: io.onRetry } : {}),
  });
  const { outcome, classification } = result.last;
  const status = decideExitStatus({
    outcome,
    classification,
    normalize: plan.normalize,
    map: plan.map,
    ...(result.interrupted ? { interrupted: result.interrupted } : {}),
  });
  return { result, status, startedAt };
}

// The name xrun's lines use for the command: the basename of what really runs (through env, sudo, ...).
export function commandName(command: readonly string[]): string {
  const path = effectiveCommand(command) ?? command[0]!;
  return path.slice(path.lastIndexOf('/') + 1);
}
