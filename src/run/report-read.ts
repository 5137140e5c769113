import type { Outcome } from '../model/outcome.js';
import type { OutputError } from '../model/output-error.js';
import { REPORT_SCHEMA_VERSION } from './report.js';

// What `xrun explain FILE` shows of xrun's own report: the fields it reads, each checked for its shape.
export interface ReportView {
  command: string[];
  tool: string;
  maxAttempts: number;
  attempts: AttemptView[];
  interrupted: string | null;
  deadlineSpent: boolean;
  flaky: boolean;
  survived: { name: string }[];
  exit: { rawCode: number; code: number; signal: string | null };
}

export interface AttemptView {
  attempt: number;
  durationMs: number;
  outcome: Outcome;
  classification: { category: string; name: string; meaning: string };
  decision: { retry: boolean; reason: string };
  delayMs: number | null;
  killEscalated: boolean;
  outputErrors: OutputError[];
}

export type XrunReportReading =
  | { kind: 'not-xrun' }
  | { kind: 'other-version'; version: unknown }
  | { kind: 'malformed'; problem: string }
  | { kind: 'read'; report: ReportView };

// A field whose shape is not the schema's: where, and what was expected there.
class ShapeProblem extends Error {}

type Fields = Record<string, unknown>;

// xrun's report is told by its schemaVersion and xrunVersion (schema/report.schema.json); only the
// fields explain shows are read, each checked, into a new value (nothing else of the file is kept). Pure.
export function readXrunReport(value: unknown): XrunReportReading {
  if (!isObject(value) || !Object.hasOwn(value, 'schemaVersion') || !Object.hasOwn(value, 'xrunVersion'))
    return { kind: 'not-xrun' };
  if (value['schemaVersion'] !== REPORT_SCHEMA_VERSION)
    return { kind: 'other-version', version: value['schemaVersion'] };
  try {
    return { kind: 'read', report: reportView(value) };
  } catch (error) {
    if (error instanceof ShapeProblem) return { kind: 'malformed', problem: error.message };
    throw error;
  }
}

function reportView(r: Fields): ReportView {
  const command = list(r, 'command', (w, at) => text(w, at));
  if (command.length === 0) throw new ShapeProblem('command: expected at least one word');
  const exit = object(r, 'exit');
  return {
    command,
    tool: string(r, 'tool'),
    maxAttempts: count(r, 'maxAttempts'),
    attempts: list(r, 'attempts', attemptView),
    interrupted: nullable(r, 'interrupted', string),
    deadlineSpent: boolean(r, 'deadlineSpent'),
    flaky: boolean(r, 'flaky'),
    survived: list(r, 'survived', (f, at) => ({ name: string(fields(f, at), 'name', at) })),
    exit: {
      rawCode: count(exit, 'rawCode', 'exit'),
      code: count(exit, 'code', 'exit'),
      signal: nullable(exit, 'signal', string, 'exit'),
    },
  };
}

function attemptView(value: unknown, at: string): AttemptView {
  const a = fields(value, at);
  const c = object(a, 'classification', at);
  const d = object(a, 'decision', at);
  const where = (key: string) => `${at}.${key}`;
  return {
    attempt: count(a, 'attempt', at),
    durationMs: count(a, 'durationMs', at),
    outcome: outcome(a['outcome'], where('outcome')),
    classification: {
      category: string(c, 'category', where('classification')),
      name: string(c, 'name', where('classification')),
      meaning: string(c, 'meaning', where('classification')),
    },
    decision: { retry: boolean(d, 'retry', where('decision')), reason: string(d, 'reason', where('decision')) },
    delayMs: nullable(a, 'delayMs', count, at),
    killEscalated: boolean(a, 'killEscalated', at),
    outputErrors: list(
      a,
      'outputErrors',
      (e, inner) => {
        const o = fields(e, inner);
        return {
          stream: string(o, 'stream', inner) as OutputError['stream'],
          errno: string(o, 'errno', inner),
          message: string(o, 'message', inner),
        };
      },
      at,
    ),
  };
}

// An outcome of the schema's five kinds, an ending (exited or signaled) inside the last two.
function outcome(value: unknown, at: string): Outcome {
  const o = fields(value, at);
  const kind = o['kind'];
  if (kind === 'exited' || kind === 'signaled') return ending(o, at);
  if (kind === 'spawn-error') return { kind, errno: string(o, 'errno', at), message: string(o, 'message', at) };
  if (kind === 'timed-out')
    return { kind, timeoutMs: count(o, 'timeoutMs', at), ended: ending(object(o, 'ended', at), `${at}.ended`) };
  if (kind === 'cancelled')
    return {
      kind,
      signal: string(o, 'signal', at) as NodeJS.Signals,
      ended: ending(object(o, 'ended', at), `${at}.ended`),
    };
  throw new ShapeProblem(`${at}.kind: expected exited, signaled, spawn-error, timed-out or cancelled`);
}

function ending(o: Fields, at: string): Extract<Outcome, { kind: 'exited' | 'signaled' }> {
  if (o['kind'] === 'exited') return { kind: 'exited', code: count(o, 'code', at) };
  if (o['kind'] === 'signaled') return { kind: 'signaled', signal: string(o, 'signal', at) as NodeJS.Signals };
  throw new ShapeProblem(`${at}.kind: expected exited or signaled`);
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fields(value: unknown, at: string): Fields {
  if (!isObject(value)) throw new ShapeProblem(`${at}: expected an object`);
  return value;
}

// The field `key` of `o` (at `at`, for the problem's path), checked by `check`.
function field<T>(o: Fields, key: string, at: string | undefined, check: (value: unknown, path: string) => T): T {
  return check(o[key], at === undefined ? key : `${at}.${key}`);
}

function object(o: Fields, key: string, at?: string): Fields {
  return field(o, key, at, fields);
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new ShapeProblem(`${at}: expected a string`);
  return value;
}

function string(o: Fields, key: string, at?: string): string {
  return field(o, key, at, text);
}

function count(o: Fields, key: string, at?: string): number {
  return field(o, key, at, (value, path) => {
    if (!Number.isSafeInteger(value) || (value as number) < 0)
      throw new ShapeProblem(`${path}: expected a whole number`);
    return value as number;
  });
}

function boolean(o: Fields, key: string, at?: string): boolean {
  return field(o, key, at, (value, path) => {
    if (typeof value !== 'boolean') throw new ShapeProblem(`${path}: expected true or false`);
    return value;
  });
}

function nullable<T>(o: Fields, key: string, read: (o: Fields, key: string, at?: string) => T, at?: string): T | null {
  return o[key] === null ? null : read(o, key, at);
}

function list<T>(o: Fields, key: string, item: (value: unknown, path: string) => T, at?: string): T[] {
  return field(o, key, at, (value, path) => {
    if (!Array.isArray(value)) throw new ShapeProblem(`${path}: expected a list`);
    return value.map((v, i) => item(v, `${path}[${i}]`));
  });
}
