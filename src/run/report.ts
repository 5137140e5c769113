import { mapStrings, redactLine } from '../command/redact.js';
import type { Classification } from '../model/classify.js';
import { type ExitStatus, rawStatus } from '../model/exit-status.js';
import type { OomEvidence } from '../model/oom.js';
import type { Outcome } from '../model/outcome.js';
import type { OutputError } from '../model/output-error.js';
import type { RetryDecision } from '../model/policy.js';
import type { StructuredNote } from '../model/structured/index.js';
import { VERSION } from '../model/version.js';
import type { HeldSize } from '../process/relay/held-stdout.js';
import type { Plan } from '../settings/plan.js';
import { isFlaky, type SurvivedFailure, survivedFailures } from './run-result.js';
import type { AttemptRecord, RunResult } from './supervise.js';

// The report's format version; schema/report.schema.json describes it.
export const REPORT_SCHEMA_VERSION = 1;

interface ReportAttempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  outcome: Outcome;
  classification: Pick<Classification, 'category' | 'name' | 'meaning' | 'normalizedCode' | 'rawCode'> & {
    rule: string | null;
    signal: string | null;
    via: string | null;
  };
  // decider: the flag or rule that chose (`--stop-on 3`, `rule 2 of xrun.config.json`), null for the model's own stops
  decision: { retry: boolean; stop: string | null; reason: string; decider: string | null; mapTo: number | null };
  delayMs: number | null;
  killEscalated: boolean;
  // writes of the command's output to xrun's stdout or stderr that failed
  outputErrors: readonly OutputError[];
  // --hold-stdout: the bytes of stdout held, and whether they went past memory into a temporary file
  heldStdout?: HeldSize;
  // with --structured: what the tool's own report said (absent when there was none to read)
  structured?: StructuredNote;
  // a container's exit 137 looked into: oom only when confirmed, and what said so
  oom?: OomEvidence;
  // a code whose meaning depends on the tool's release: the release found and the range read
  release?: { version: string | null; range: string | null };
}

export interface Report {
  schemaVersion: number;
  xrunVersion: string;
  command: string[];
  tool: string;
  startedAt: string;
  durationMs: number;
  // the most attempts the policy allowed (--attempts): attempt N of maxAttempts
  maxAttempts: number;
  attempts: ReportAttempt[];
  interrupted: string | null;
  deadlineSpent: boolean;
  // the run succeeded after a failed attempt; `survived` lists the failed attempts
  flaky: boolean;
  survived: SurvivedFailure[];
  // rawCode: what a shell would have seen from the last attempt; code: what xrun exits with
  // (128+N when it re-raises signal N, which `signal` names)
  exit: { rawCode: number; code: number; signal: string | null };
}

// The JSON report of a finished run. Every string in it is redacted (the command, a spawn error's
// message, a tool report's failure detail, a field added later): the one pass over it all. Pure.
export function buildReport(
  plan: Plan,
  result: RunResult,
  status: ExitStatus,
  startedAt: number,
  endedAt: number,
): Report {
  return mapStrings(reportOf(plan, result, status, startedAt, endedAt), redactLine);
}

function reportOf(plan: Plan, result: RunResult, status: ExitStatus, startedAt: number, endedAt: number): Report {
  const last = result.last;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    xrunVersion: VERSION,
    command: [...plan.parsed.redacted],
    tool: plan.tool,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: endedAt - startedAt,
    maxAttempts: plan.policy.attempts,
    attempts: result.attempts.map(reportAttempt),
    interrupted: result.interrupted ?? null,
    deadlineSpent: result.deadlineSpent,
    flaky: isFlaky(result),
    survived: survivedFailures(result),
    exit: {
      rawCode: rawStatus(last.outcome, last.classification),
      code: status.kind === 'code' ? status.code : status.fallbackCode,
      signal: status.kind === 'signal' ? status.signal : null,
    },
  };
}

function reportAttempt(record: AttemptRecord): ReportAttempt {
  const c = record.classification;
  return {
    attempt: record.attempt,
    startedAt: new Date(record.startedAt).toISOString(),
    durationMs: record.durationMs,
    outcome: record.outcome,
    classification: {
      category: c.category,
      name: c.name,
      meaning: c.meaning,
      normalizedCode: c.normalizedCode,
      rawCode: c.rawCode,
      rule: c.ruleId ?? null,
      signal: c.signal ?? null,
      via: c.via ?? null,
    },
    decision: reportDecision(record.decision),
    delayMs: record.delayMs ?? null,
    killEscalated: record.killEscalated,
    outputErrors: record.outputErrors ?? [],
    ...(record.heldStdout ? { heldStdout: record.heldStdout } : {}),
    ...(c.structured ? { structured: c.structured } : {}),
    ...(c.oom ? { oom: c.oom } : {}),
    ...(c.release ? { release: c.release } : {}),
  };
}

function reportDecision(decision: RetryDecision): ReportAttempt['decision'] {
  return {
    retry: decision.retry,
    stop: decision.retry ? null : decision.stop,
    reason: decision.reason,
    decider: decision.decider ?? null,
    mapTo: decision.retry ? null : (decision.mapTo ?? null),
  };
}
