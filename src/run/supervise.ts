import { xrunLine } from '../command/redact.js';
import { subcommandWords } from '../command/tools.js';
import { type Classification, classifyOutcome } from '../model/classify.js';
import { formatDuration } from '../model/duration.js';
import type { Pattern } from '../model/linear-regex.js';
import { type OomEvidence, withOomEvidence } from '../model/oom.js';
import type { Outcome } from '../model/outcome.js';
import { lostOutput, type OutputError } from '../model/output-error.js';
import { matchedPatterns } from '../model/output-rules.js';
import { type RetryDecision, retryDelay } from '../model/policy.js';
import { staggerDelay } from '../model/schedule.js';
import type { StructuredReading } from '../model/structured/index.js';
import { loadToolReading, type ToolReading } from '../model/tools/load.js';
import type { HeldSize } from '../process/relay/held-stdout.js';
import type { Plan } from '../settings/plan.js';
import { deadlineDecision, decideAttempt, fleetRefusal } from './decision.js';
import {
  deadlineAheadLine,
  deadlineLine,
  informational,
  notRetryingLine,
  outputLostLine,
  queuedRetryLine,
  retryLine,
} from './messages.js';
import { attemptTimeout, endLines, nextStep } from './next-step.js';

export interface AttemptRecord {
  attempt: number;
  startedAt: number;
  durationMs: number;
  outcome: Outcome;
  classification: Classification;
  decision: RetryDecision;
  // the backoff chosen before the next attempt
  delayMs?: number;
  killEscalated: boolean;
  // writes of the command's output to xrun's stdout or stderr that failed (absent: none)
  outputErrors?: readonly OutputError[];
  // --hold-stdout: the bytes of stdout held (absent without it)
  heldStdout?: HeldSize;
}

export interface RunResult {
  attempts: AttemptRecord[];
  last: AttemptRecord;
  // the signal xrun received, if the run was interrupted (also during a backoff sleep)
  interrupted?: NodeJS.Signals;
  deadlineSpent: boolean;
}

// The effects the attempt loop needs; tests inject scripted ones.
export interface LoopEffects {
  runAttempt(
    attempt: number,
    timeoutMs: number | undefined,
  ): Promise<{
    outcome: Outcome;
    stderrTail: string;
    stdoutTail?: string;
    killEscalated: boolean;
    structured?: StructuredReading;
    oom?: OomEvidence;
    outputErrors?: readonly OutputError[];
    heldStdout?: HeldSize;
  }>;
  // resolves false when an interrupt ended the sleep early
  sleep(ms: number): Promise<boolean>;
  interrupted(): NodeJS.Signals | undefined;
  // why a retry would not see the same stdin, if it would not
  retryBlocker(): string | undefined;
  // the local wait queue for busy retries (absent with --no-queue): waits until no other xrun's
  // command holds the daemon and this xrun is first in line
  waitForTurn?(timeoutMs: number): Promise<'waited' | 'free' | 'stopped'>;
  now(): number;
  random(): number;
  log(line: string): void;
  // told of each attempt that is followed by another (its delayMs is set) and the retry line; true when
  // it said the retry itself (GitHub's annotation of that line), so the plain line is not said as well
  onRetry?(record: AttemptRecord, line: string): boolean;
  // told of the attempt after which xrun gives up; true when it said so itself (GitHub's ::error)
  onGiveUp?(record: AttemptRecord): boolean;
  // runs the --on-retry hook before attempt number `attempt` (after the wait), stopped after
  // `timeoutMs`; resolves false when an interrupt stopped it
  beforeRetry?(attempt: number, last: AttemptRecord, timeoutMs: number): Promise<boolean>;
  // --fleet: told of each attempt as it ends (the fleet counts first attempts and failures), and asked
  // just before each retry the policy wants; a refusal ends the run as when the attempts run out
  recordAttempt?(record: AttemptRecord): void;
  mayRetry?(record: AttemptRecord): Promise<FleetAnswer>;
  // the tool's release (undefined: unknown), asked only for a code whose meaning depends on it
  toolRelease?(): Promise<string | undefined>;
}

export type FleetAnswer = { granted: true } | { granted: false; reason: string };

// The attempt loop: attempt -> classify -> decide -> back off -> attempt ... Touches no process state.
export async function supervise(
  plan: Plan,
  name: string,
  effects: LoopEffects,
  outputPatterns: readonly Pattern[] = [],
): Promise<RunResult> {
  const start = effects.now();
  const loop: Loop = {
    plan,
    // the run's tool's model alone (a chunk of its own), before the first attempt
    tool: await loadToolReading(plan.tool),
    outputPatterns,
    subcommand: subcommandWords(plan.tool, plan.parsed.effectiveArgv),
    name,
    effects,
    attempts: [],
    // every line of the loop is informational
    log: informational(plan, effects.log),
    deadlineLeft: () => (plan.deadlineMs === undefined ? Infinity : plan.deadlineMs - (effects.now() - start)),
  };
  if (!(await stagger(loop))) return cancelledBeforeStart(loop);
  for (let attempt = 1; ; attempt += 1) {
    const record = await attemptOnce(loop, attempt);
    loop.attempts.push(record);
    effects.recordAttempt?.(record);
    const ending = (await betweenAttempts(loop, record)) ?? (await beforeRetry(loop, lastRecord(loop)));
    if (ending !== undefined) return finish(loop, ending);
  }
}

// --stagger: a random wait before the first attempt (cut to the deadline); false when interrupted.
async function stagger(loop: Loop): Promise<boolean> {
  const { plan, effects } = loop;
  if (plan.staggerMs === undefined) return true;
  const ms = Math.min(staggerDelay(plan.staggerMs, effects.random), loop.deadlineLeft());
  loop.log(xrunLine(`starting ${loop.name} in ${formatDuration(ms)} (--stagger ${formatDuration(plan.staggerMs)})`));
  return effects.sleep(ms);
}

// Interrupted before the first attempt started: nothing ran; the run ends as for that interrupt.
function cancelledBeforeStart(loop: Loop): RunResult {
  const signal = loop.effects.interrupted() ?? 'SIGINT';
  const outcome: Outcome = { kind: 'cancelled', signal, ended: { kind: 'signaled', signal } };
  const classification = classifyOutcome(loop.tool.model, outcome, '');
  const decision: RetryDecision = {
    retry: false,
    stop: 'interrupted',
    reason: `xrun received ${signal} before the first attempt started`,
  };
  const last: AttemptRecord = {
    attempt: 0,
    startedAt: loop.effects.now(),
    durationMs: 0,
    outcome,
    classification,
    decision,
    killEscalated: false,
  };
  return { attempts: [], last, deadlineSpent: false, interrupted: signal };
}

// --on-retry: the hook runs after the wait, before the next attempt; the deadline and interrupts stop it.
async function beforeRetry(loop: Loop, record: AttemptRecord): Promise<Ending | undefined> {
  const { beforeRetry: runHook } = loop.effects;
  if (runHook === undefined || loop.plan.onRetry === undefined) return undefined;
  if (!(await runHook(record.attempt + 1, record, loop.deadlineLeft()))) return 'as-decided';
  return loop.deadlineLeft() <= 0 ? 'deadline' : undefined;
}

// One run of the loop, shared by the steps below.
interface Loop {
  plan: Plan;
  tool: ToolReading;
  // the output patterns of the flags and rules, compiled
  outputPatterns: readonly Pattern[];
  // the words that pick the model's subcommand refinement (`query`, `compose run`), read once
  subcommand: readonly string[];
  name: string;
  effects: LoopEffects;
  attempts: AttemptRecord[];
  log(line: string): void;
  // what is left of --deadline (Infinity without one)
  deadlineLeft(): number;
}

// How the run ends: as the last attempt decided, because the deadline is spent, or because the
// retry's backoff would end past it.
type Ending = 'as-decided' | 'deadline' | 'deadline-ahead';

// Runs attempt number `attempt`, classifies how it ended and decides whether another follows.
async function attemptOnce(loop: Loop, attempt: number): Promise<AttemptRecord> {
  const { plan, effects } = loop;
  const startedAt = effects.now();
  const timeoutMs = attemptTimeout(plan.timeoutMs, plan.deadlineMs === undefined ? undefined : loop.deadlineLeft());
  const {
    outcome,
    stderrTail,
    stdoutTail = '',
    killEscalated,
    structured,
    oom,
    outputErrors = [],
    heldStdout,
  } = await effects.runAttempt(attempt, timeoutMs);
  const classification = await classifyAttempt(loop, outcome, stderrTail, structured, oom);
  const matchedOutput = matchedPatterns(loop.outputPatterns, { stdout: stdoutTail, stderr: stderrTail });
  const lost = lostOutput(outputErrors);
  // not informational: it alone says why the run will not end 0
  if (lost) effects.log(outputLostLine(lost));
  const decision = decideAttempt(
    { outcome, classification, attempt, matchedOutput, stdinBlocker: () => effects.retryBlocker(), lost },
    plan.policy,
  );
  const record: AttemptRecord = {
    attempt,
    startedAt,
    durationMs: effects.now() - startedAt,
    outcome,
    classification,
    decision,
    killEscalated,
  };
  return { ...record, ...(outputErrors.length > 0 ? { outputErrors } : {}), ...(heldStdout ? { heldStdout } : {}) };
}

// How an attempt ended, read through the tool's model.
async function classifyAttempt(
  loop: Loop,
  outcome: Outcome,
  stderrTail: string,
  structured: StructuredReading | undefined,
  oom: OomEvidence | undefined,
): Promise<Classification> {
  const { model, releases } = loop.tool;
  // the tool's own report (--structured, whose reader is loaded with it) is read before the exit code
  const byModel =
    structured === undefined
      ? classifyOutcome(model, outcome, stderrTail, loop.subcommand)
      : (await import('../model/structured/index.js')).classifyWithReport(
          model,
          outcome,
          stderrTail,
          structured,
          loop.subcommand,
        );
  // a container's 137 is oom only when confirmed
  const classified = withOomEvidence(byModel, oom);
  // a code that changed meaning between releases is read as the tool's release reads it
  const { toolRelease } = loop.effects;
  return releases?.needsRelease(classified) && toolRelease
    ? releases.withRelease(classified, await toolRelease())
    : classified;
}

// After an attempt: says why the run ends, or waits (queue or backoff) for the next attempt.
// Resolves how the run ends, or undefined to attempt again.
async function betweenAttempts(loop: Loop, record: AttemptRecord): Promise<Ending | undefined> {
  const left = loop.deadlineLeft();
  const { waitForTurn } = loop.effects;
  switch (nextStep(record.decision, record.classification.category, left, waitForTurn !== undefined)) {
    case 'end': {
      const lines = endLines(loop.plan, loop.name, record);
      // the give-up line is the last; a CI that said it its own way replaces it
      for (const line of giveUpSaid(loop, record) ? lines.slice(0, -1) : lines) loop.log(line);
      return 'as-decided';
    }
    case 'deadline':
      return 'deadline';
    case 'wait-for-turn':
      return afterTurn(loop, record, await timedTurn(loop.effects, waitForTurn!, left));
    case 'back-off':
      return backOff(loop, record);
  }
}

// Busy: waits until the other xruns holding the daemon are done, and how long that took.
async function timedTurn(effects: LoopEffects, waitForTurn: NonNullable<LoopEffects['waitForTurn']>, left: number) {
  const waitStart = effects.now();
  const turn = await waitForTurn(left);
  return turn === 'waited' ? { waitedMs: effects.now() - waitStart } : turn;
}

// After waiting in the queue the retry goes at once; with nobody to wait for it backs off.
async function afterTurn(
  loop: Loop,
  record: AttemptRecord,
  turn: 'free' | 'stopped' | { waitedMs: number },
): Promise<Ending | undefined> {
  if (turn === 'stopped') return loop.effects.interrupted() ? 'as-decided' : 'deadline';
  if (turn === 'free') return backOff(loop, record);
  if (!(await fleetGrants(loop, record))) return 'as-decided';
  announceRetry(loop, record, turn.waitedMs, queuedRetryLine);
  return undefined;
}

// Sleeps the backoff before the next attempt (cut to the deadline); an interrupt ends the run.
async function backOff(loop: Loop, record: AttemptRecord): Promise<Ending | undefined> {
  const { effects, plan } = loop;
  const previousMs = loop.attempts.at(-2)?.delayMs;
  const delayMs = retryDelay(record.attempt, record.classification, plan.policy, effects.random, previousMs);
  // a retry the deadline would not allow is not announced: the run ends now, not at the deadline
  if (delayMs >= loop.deadlineLeft()) return 'deadline-ahead';
  if (!(await fleetGrants(loop, record))) return 'as-decided';
  announceRetry(loop, record, delayMs, retryLine);
  if (!(await effects.sleep(delayMs))) return 'as-decided';
  return loop.deadlineLeft() <= 0 ? 'deadline' : undefined;
}

// Asks the fleet (--fleet) whether the retry may go; a refusal replaces the decision and is said.
async function fleetGrants(loop: Loop, record: AttemptRecord): Promise<boolean> {
  const answer = await loop.effects.mayRetry?.(record);
  if (answer === undefined || answer.granted) return true;
  replaceLast(loop, { ...record, decision: fleetRefusal(answer.reason) });
  loop.log(notRetryingLine(loop.name, record.outcome, record.classification, answer.reason));
  return false;
}

// Records the wait before the next attempt, says it, and tells onRetry.
function announceRetry(loop: Loop, record: AttemptRecord, delayMs: number, line: typeof retryLine): void {
  const waited = replaceLast(loop, { ...record, delayMs });
  const text = line(
    loop.name,
    record.outcome,
    record.classification,
    record.attempt + 1,
    loop.plan.policy.attempts,
    delayMs,
  );
  if (loop.effects.onRetry?.(waited, text) === true) return;
  loop.log(text);
}

// The loop's records are values: what is learnt after an attempt (its wait, an override of its
// decision) makes a new record in its place.
function replaceLast(loop: Loop, record: AttemptRecord): AttemptRecord {
  loop.attempts[loop.attempts.length - 1] = record;
  return record;
}

function lastRecord(loop: Loop): AttemptRecord {
  return loop.attempts[loop.attempts.length - 1]!;
}

function giveUpSaid(loop: Loop, record: AttemptRecord): boolean {
  return (
    record.decision.retry === false && record.decision.stop === 'exhausted' && loop.effects.onGiveUp?.(record) === true
  );
}

// The run's result; a spent deadline replaces the last decision and is said.
function finish(loop: Loop, ending: Ending): RunResult {
  const { plan, effects } = loop;
  const last =
    ending === 'as-decided'
      ? lastRecord(loop)
      : replaceLast(loop, { ...lastRecord(loop), decision: deadlineDecision(plan.deadlineMs) });
  if (ending !== 'as-decided') {
    const line = ending === 'deadline' ? deadlineLine : deadlineAheadLine;
    loop.log(line(loop.name, last.outcome, last.classification, plan.deadlineMs ?? 0, last.attempt));
  }
  const interrupted = effects.interrupted();
  return {
    attempts: loop.attempts,
    last,
    deadlineSpent: ending !== 'as-decided',
    ...(interrupted ? { interrupted } : {}),
  };
}
