import { xrunLine } from '../command/redact.js';
import { decideExitStatus, type ExitStatus, notZeroWhenOutputLost } from '../model/exit-status.js';
import { compilePatterns, type Pattern } from '../model/linear-regex.js';
import { lostOutput } from '../model/output-error.js';
import { type Deciders, outputConditions } from '../model/rules.js';
import { loadToolReading } from '../model/tools/load.js';
import { type AttemptResult, runAttempt } from '../process/attempt.js';
import type { HookResult } from '../process/hook.js';
import type { Interrupts } from '../process/interrupts.js';
import { jobserverPassthrough } from '../process/jobserver.js';
import type { WaitQueue } from '../process/queue/wait-queue.js';
import { releaseSpareFifos } from '../process/relay/fifo-pool.js';
import { type ScratchSpace, scratchSpace } from '../process/scratch-dir.js';
import { INHERITED_STDIN } from '../process/stdin-inherit.js';
import type { StdinSource } from '../process/stdin-replay.js';
import { noProcessListOnce } from '../process/stop-target.js';
import { sleep } from '../process/timer.js';
import type { CleanupOutput, AttemptRunner as ContainerAttempt } from '../process/tools/container-cleanup.js';
import type { Plan } from '../settings/plan.js';
import { UsageError } from '../settings/usage-error.js';
import type { FleetEffects } from './fleet-run.js';
import type { HeldRun } from './held-output.js';
import { informational, queueWaitingLine } from './messages.js';
import { isFlaky, runOutputErrors } from './run-result.js';
import { type AttemptRecord, type LoopEffects, type RunResult, supervise } from './supervise.js';

export interface RunIo {
  // the child shares xrun's terminal and process group
  terminal: boolean;
  // xrun may read the child's stderr (to classify its messages) instead of leaving it inherited; it
  // does only when the tool's model has message rules (stderrRead) or output rules exist
  mayReadStderr: boolean;
  // xrun may ask the tool for its release when a code's meaning depends on it (false: nothing reads the
  // classification, cli/classification-read.ts); the library always may
  mayAskRelease?: boolean;
  log(line: string): void;
  beforeAttempt?(attempt: number): void;
  afterAttempt?(attempt: number): void;
  // true when the hook said the retry (or the give-up) itself: the plain line is then not said
  onRetry?(record: AttemptRecord, line: string): boolean;
  onGiveUp?(record: AttemptRecord): boolean;
}

export interface PlanRun {
  result: RunResult;
  status: ExitStatus;
  startedAt: number;
}

// Whether classifying the tool's outcomes reads its stderr (the model has message rules). For any
// other tool xrun leaves stderr alone: the command writes to xrun's own descriptor, unread.
async function stderrRead(plan: Plan): Promise<boolean> {
  return (await loadToolReading(plan.tool)).model.rules.length > 0;
}

// Runs a plan with the real effects (processes, timers) and decides the exit status; touches no
// process-wide state besides what `interrupts` was installed on. Shared by the CLI and the library.
export async function runPlan(plan: Plan, interrupts: Interrupts, io: RunIo): Promise<PlanRun> {
  const startedAt = Date.now();
  // before anything starts: a pattern the linear-time engine refuses is bad input
  const outputPatterns = await compiledOutputPatterns(plan.policy.deciders);
  const info = informational(plan, io.log);
  const stdin = await stdinSource(plan);
  // --hold-stdout: its own chunk, loaded only with the option
  const held = plan.holdStdout ? new (await import('./held-output.js')).HeldRun(info, io.log) : undefined;
  const runOnce = await attemptRunner(plan, interrupts, io, info, stdin, outputPatterns.length > 0, held);
  const queue = plan.queue ? await openQueue(plan, info) : undefined;
  const fleet = plan.fleet ? await openFleet(plan, io.log) : undefined;
  let result: RunResult;
  try {
    // the tool's release, asked only when a code whose meaning depends on it is seen
    const release = io.mayAskRelease === false ? {} : { toolRelease: lazyToolRelease(plan) };
    const effects = { ...loopEffects(interrupts, io, stdin, queue, runOnce, held), ...fleet?.loop, ...release };
    if (plan.onRetry !== undefined) effects.beforeRetry = retryHook(plan, plan.onRetry, interrupts, io.log);
    result = await supervise(plan, plan.parsed.name, effects, outputPatterns);
    // also after an interrupt: what the interrupted attempt wrote is written before xrun re-raises it
    await held?.passOnLast(result);
  } finally {
    held?.discard();
    // a live process's ticket would hold up every other xrun: leave also when the run throws
    queue?.leave();
    // the FIFOs kept for a next attempt (relay/fifo-relay.ts): back to the user's FIFO directory, or removed
    releaseSpareFifos();
    await fleet?.close();
  }
  return { result, status: exitStatusOf(plan, result), startedAt };
}

type AttemptRunner = (attempt: number, timeoutMs: number | undefined) => Promise<AttemptResult>;

// Each optional part below is loaded (import()) only when the plan uses it: a plain run's module graph
// holds none of them (test/e2e/startup-graph.test.ts).

// stdin for the attempts: replayed (stdin-replay.ts) only when there can be a retry.
async function stdinSource(plan: Plan): Promise<StdinSource> {
  if (plan.policy.attempts <= 1) return INHERITED_STDIN;
  const { createStdinSource } = await import('../process/stdin-replay.js');
  return createStdinSource(true, plan.stdinBuffer.bytes, plan.stdinBuffer.text);
}

// The tool's release finder (tools/tool-release.ts), loaded when a code whose meaning depends on it is seen.
function lazyToolRelease(plan: Plan): () => Promise<string | undefined> {
  let finder: Promise<() => Promise<string | undefined>> | undefined;
  return async () => {
    finder ??= import('../process/tools/tool-release.js').then((m) => m.toolReleaseFinder(plan.tool, plan.parsed.argv));
    return (await finder)();
  };
}

type ContainerWrap = (attempt: number, run: ContainerAttempt) => Promise<AttemptResult>;

// A `docker run` / `podman run` gets its container removed when xrun stops it (tools/container-cleanup.ts).
async function containerWrap(plan: Plan, output: CleanupOutput, scratch: ScratchSpace): Promise<ContainerWrap> {
  if (plan.parsed.container === undefined) return (_attempt, run) => run(plan.parsed.argv, () => {});
  return (await import('../process/tools/container-cleanup.js')).containerCleanup(plan.parsed, output, scratch);
}

// One real attempt: the command with this attempt's stdin and the jobserver's descriptors, its
// container (if it runs one attached) removed when xrun stops it.
async function attemptRunner(
  plan: Plan,
  interrupts: Interrupts,
  io: RunIo,
  info: (line: string) => void,
  stdin: StdinSource,
  readOutput: boolean,
  held: HeldRun | undefined,
): Promise<AttemptRunner> {
  const jobserver = jobserverPassthrough(process.env['MAKEFLAGS'], plan.parsed.effectiveArgv?.[0]);
  if (jobserver.warning) info(xrunLine(jobserver.warning));
  // one place for the attempts' temporary directories, and one line if TMPDIR cannot be used
  const scratch = scratchSpace({ info, warn: io.log });
  const withContainerCleanup = await containerWrap(plan, { info, warn: io.log }, scratch);
  const fixed = {
    extraFds: jobserver.fds,
    terminal: io.terminal,
    readStderr: io.mayReadStderr && (readOutput || (await stderrRead(plan))),
    readStdout: readOutput,
    killAfterMs: plan.killAfterMs,
    stopSignal: plan.stopSignal,
    forwardedTermSignal: plan.forwardedTermSignal,
    noProcessList: noProcessListOnce(io.log),
  };
  // the command knows which attempt it is (XRUN_ATTEMPT) and how many there may be (XRUN_ATTEMPTS)
  const envFor = (attempt: number) => ({ XRUN_ATTEMPT: String(attempt), XRUN_ATTEMPTS: String(plan.policy.attempts) });
  const structured = plan.structured
    ? (await import('../process/tools/structured-file.js')).structuredAttempts(plan.tool, info, scratch)
    : undefined;
  return async (attempt, timeoutMs) => {
    const result = await withContainerCleanup(attempt, (command, onStop) => {
      const run = (words: readonly string[]) =>
        runAttempt(
          {
            ...fixed,
            command: words,
            env: envFor(attempt),
            stdin: stdin.forAttempt(attempt),
            onStop,
            ...(timeoutMs === undefined ? {} : { timeoutMs }),
            ...(held ? { holdStdout: held.next(attempt) } : {}),
          },
          interrupts,
        );
      return structured ? structured(command, run) : run(command);
    });
    if (result.killEscalated && plan.tool === 'bazel') await freeBazelServer(plan, info);
    return result;
  };
}

// A bazel client xrun had to SIGKILL leaves its server running the command: stop it (docs/tool-stop.md).
async function freeBazelServer(plan: Plan, info: (line: string) => void): Promise<void> {
  // its own chunk: node:crypto is loaded for this alone
  const { bazelServerStoppedLine, stopBazelServer } = await import('../process/tools/bazel-server.js');
  const pid = await stopBazelServer(plan.parsed, process.cwd(), process.env, plan.killAfterMs);
  if (pid !== undefined) info(xrunLine(bazelServerStoppedLine(pid)));
}

// The flags' and rules' output patterns on the linear-time engine; one it cannot run is bad input, named.
async function compiledOutputPatterns(deciders: Deciders): Promise<Pattern[]> {
  const conditions = outputConditions(deciders);
  if (conditions.length === 0) return [];
  const result = await compilePatterns([...new Set(conditions.map((c) => c.pattern))]);
  if (result.ok) return result.patterns;
  const where = conditions.find((c) => c.pattern === result.source)?.where;
  throw new UsageError(
    `${where}: regex ${JSON.stringify(result.source)} is not supported by the linear-time engine (${result.problem})`,
  );
}

// The --on-retry hook as the loop runs it: a failure is one line and the retry goes on.
function retryHook(
  plan: Plan,
  command: string,
  interrupts: Interrupts,
  log: (line: string) => void,
): NonNullable<LoopEffects['beforeRetry']> {
  return async (attempt, last, timeoutMs) => {
    const { hookEnvironment, runHook } = await import('../process/hook.js');
    const env = hookEnvironment(process.env, attempt, plan.policy.attempts, last.outcome, last.classification.category);
    const result = await runHook({ command, env, timeoutMs, killAfterMs: plan.killAfterMs }, interrupts);
    if (result.interrupted) return false;
    const line = hookLine(result);
    if (line !== undefined) log(xrunLine(line));
    return true;
  };
}

// The line about a hook that failed, or undefined when it succeeded.
function hookLine({ end, timedOut }: HookResult): string | undefined {
  // the deadline line follows: the retry will not happen
  if (timedOut) return '--on-retry hook was stopped: the deadline is spent';
  const failure = hookFailure(end);
  return failure === undefined ? undefined : `--on-retry hook ${failure}; retrying anyway`;
}

function hookFailure(end: HookResult['end']): string | undefined {
  if (end.kind === 'exited') return end.code === 0 ? undefined : `exited ${end.code}`;
  if (end.kind === 'signaled') return `was killed by ${end.signal}`;
  return `could not be started (${end.errno})`;
}

// The wait queue of the xruns that talk to the same daemon (tool, project, daemon).
async function openQueue(plan: Plan, info: (line: string) => void): Promise<WaitQueue> {
  const [{ daemonOf, projectRoot }, { queueDirectory, WaitQueue }] = await Promise.all([
    import('../process/daemon.js'),
    import('../process/queue/wait-queue.js'),
  ]);
  const dir = queueDirectory(
    plan.tool,
    projectRoot(plan.tool, process.cwd()),
    daemonOf(plan.tool, plan.parsed, process.env),
  );
  return new WaitQueue(dir, { log: info, maxDelayMs: plan.policy.backoff.maxDelayMs, waitingLine: queueWaitingLine });
}

// --fleet: the Redis client is loaded only here, in its own chunk.
async function openFleet(
  plan: Plan,
  log: (line: string) => void,
): Promise<{ loop: Pick<FleetEffects, 'recordAttempt' | 'mayRetry'>; close(): Promise<void> }> {
  const fleet = plan.fleet!;
  const service = fleet.key ?? (await fleetService(plan));
  const { fleetEffects } = await import('./fleet-run.js');
  const { recordAttempt, mayRetry, close } = fleetEffects(fleet, service, (line) => log(xrunLine(line)));
  return { loop: { recordAttempt, mayRetry }, close };
}

// The fleet's key for this command's service, when --fleet-key does not name it.
async function fleetService(plan: Plan): Promise<string> {
  const [{ fleetKeyOf }, { projectRoot }] = await Promise.all([
    import('../command/fleet-key.js'),
    import('../process/daemon.js'),
  ]);
  return fleetKeyOf(plan.tool, plan.parsed, projectRoot(plan.tool, process.cwd()), process.env);
}

// The attempt loop's effects, real: processes, the wait queue, timers, the clock.
function loopEffects(
  interrupts: Interrupts,
  io: RunIo,
  stdin: StdinSource,
  queue: WaitQueue | undefined,
  runOnce: AttemptRunner,
  held: HeldRun | undefined,
): LoopEffects {
  return {
    runAttempt: async (attempt, timeoutMs) => {
      // the retry is under way: the failed attempt's held stdout goes to stderr, before this attempt's fold
      await held?.releaseFailed();
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

// xrun's exit status: the last attempt's, read through --normalize and --map, or the interrupt's; never
// 0 when the command's output was lost.
function exitStatusOf(plan: Plan, result: RunResult): ExitStatus {
  return notZeroWhenOutputLost(commandStatusOf(plan, result), lostOutput(runOutputErrors(result)) !== undefined);
}

function commandStatusOf(plan: Plan, result: RunResult): ExitStatus {
  const { outcome, classification, decision } = result.last;
  // a rule's { "map": N } chose the status (an interrupt still ends xrun with its signal)
  if (!decision.retry && decision.mapTo !== undefined && !result.interrupted)
    return { kind: 'code', code: decision.mapTo };
  return decideExitStatus({
    outcome,
    classification,
    normalize: plan.normalize,
    map: plan.map,
    flaky: isFlaky(result),
    ...(result.interrupted ? { interrupted: result.interrupted } : {}),
  });
}
