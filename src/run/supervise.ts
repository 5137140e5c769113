import { type Classification, classifyOutcome } from '../model/classify.js';
import { deadlineAheadLine, deadlineLine, informational, notRetryingLine, queuedRetryLine, retryLine } from './messages.js';
import { models } from '../model/tools/index.js';
import type { Outcome } from '../model/outcome.js';
import type { Plan } from '../settings/plan.js';
import { decideRetry, type RetryDecision, retryDelay } from '../model/policy.js';
import { attemptTimeout, deadlineDecision, endLines, nextStep, replayableDecision } from './next-step.js';

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
  runAttempt(attempt: number, timeoutMs: number | undefined): Promise<{ outcome: Outcome; stderrTail: string; killEscalated: boolean }>;
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
  // told of each attempt that is followed by another (its delayMs is set); true when it said the retry
  // itself (GitHub's annotation), so the plain retry line is not said as well
  onRetry?(record: AttemptRecord): boolean;
  // told of the attempt after which xrun gives up; true when it said so itself (GitHub's ::error)
  onGiveUp?(record: AttemptRecord): boolean;
  // --fleet: told of each attempt as it ends (the fleet counts first attempts and failures), and asked
  // just before each retry the policy wants; a refusal ends the run as when the attempts run out
  recordAttempt?(record: AttemptRecord): void;
  mayRetry?(record: AttemptRecord): Promise<FleetAnswer>;
}

export type FleetAnswer = { granted: true } | { granted: false; reason: string };

// The attempt loop: attempt -> classify -> decide -> back off -> attempt ... Touches no process state.
export async function supervise(plan: Plan, name: string, effects: LoopEffects): Promise<RunResult> {
  const start = effects.now();
  const loop: Loop = {
    plan,
    name,
    effects,
    attempts: [],
    // every line of the loop is informational
    log: informational(plan, effects.log),
    deadlineLeft: () => (plan.deadlineMs === undefined ? Infinity : plan.deadlineMs - (effects.now() - start)),
  };
  for (let attempt = 1; ; attempt += 1) {
    const record = await attemptOnce(loop, attempt);
    loop.attempts.push(record);
    effects.recordAttempt?.(record);
    const ending = await betweenAttempts(loop, record);
    if (ending !== undefined) return finish(loop, record, ending);
  }
}

// One run of the loop, shared by the steps below.
interface Loop {
  plan: Plan;
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
  const { outcome, stderrTail, killEscalated } = await effects.runAttempt(attempt, timeoutMs);
  const classification = classifyOutcome(models[plan.tool], outcome, stderrTail);
  const wanted = decideRetry(outcome, classification, attempt, plan.policy);
  const decision = replayableDecision(wanted, wanted.retry ? effects.retryBlocker() : undefined);
  return { attempt, startedAt, durationMs: effects.now() - startedAt, outcome, classification, decision, killEscalated };
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
async function afterTurn(loop: Loop, record: AttemptRecord, turn: 'free' | 'stopped' | { waitedMs: number }): Promise<Ending | undefined> {
  if (turn === 'stopped') return loop.effects.interrupted() ? 'as-decided' : 'deadline';
  if (turn === 'free') return backOff(loop, record);
  if (!(await fleetGrants(loop, record))) return 'as-decided';
  announceRetry(loop, record, turn.waitedMs, queuedRetryLine);
  return undefined;
}

// Sleeps the backoff before the next attempt (cut to the deadline); an interrupt ends the run.
async function backOff(loop: Loop, record: AttemptRecord): Promise<Ending | undefined> {
  const { effects, plan } = loop;
  const delayMs = retryDelay(record.attempt, record.classification, plan.policy, effects.random);
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
  record.decision = { retry: false, stop: 'fleet', reason: answer.reason };
  loop.log(notRetryingLine(loop.name, record.outcome, record.classification, answer.reason));
  return false;
}

// Records the wait before the next attempt, says it, and tells onRetry.
function announceRetry(loop: Loop, record: AttemptRecord, delayMs: number, line: typeof retryLine): void {
  record.delayMs = delayMs;
  if (loop.effects.onRetry?.(record) === true) return;
  loop.log(line(loop.name, record.outcome, record.classification, record.attempt + 1, loop.plan.policy.attempts, delayMs));
}

function giveUpSaid(loop: Loop, record: AttemptRecord): boolean {
  return record.decision.retry === false && record.decision.stop === 'exhausted' && loop.effects.onGiveUp?.(record) === true;
}

// The run's result; a spent deadline replaces the last decision and is said.
function finish(loop: Loop, last: AttemptRecord, ending: Ending): RunResult {
  const { plan, effects } = loop;
  if (ending !== 'as-decided') {
    last.decision = deadlineDecision(plan.deadlineMs);
    const line = ending === 'deadline' ? deadlineLine : deadlineAheadLine;
    loop.log(line(loop.name, last.outcome, last.classification, plan.deadlineMs ?? 0, last.attempt));
  }
  const interrupted = effects.interrupted();
  return { attempts: loop.attempts, last, deadlineSpent: ending !== 'as-decided', ...(interrupted ? { interrupted } : {}) };
}
