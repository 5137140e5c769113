import { type BackoffSettings, DEFAULT_BACKOFF, RATE_LIMIT_BACKOFF } from '../model/backoff.js';
import { type Category, CATEGORIES, isCategory } from '../model/categories.js';
import { asParsed, type CommandInput, type ParsedCommand } from '../command/parse.js';
import { parseDuration } from '../model/duration.js';
import { TOOL_NAMES, type ToolName } from '../model/tools/index.js';
import { signalName, signalNumber } from '../model/outcome.js';
import { parseSize } from '../model/size.js';
import type { RetryPolicy } from '../model/policy.js';
import { ATTEMPTS_WITH_RETRY, type RunSettings, SETTING, type SettingKey } from './table.js';
import { UsageError } from './usage-error.js';
import type { FleetPlan } from '../model/fleet-plan.js';
import { fleetSettings } from './fleet-settings.js';

// Everything a run needs, validated.
export interface Plan {
  command: readonly string[];
  // the command read once: the tool detected, container run, daemon key inputs, display name, redacted form
  parsed: ParsedCommand;
  tool: ToolName;
  policy: RetryPolicy;
  quiet: boolean;
  normalize: boolean;
  map: readonly ExitMapping[];
  timeoutMs?: number;
  killAfterMs: number;
  stopSignal: NodeJS.Signals;
  deadlineMs?: number;
  // how much piped stdin xrun keeps to replay on a retry
  stdinBuffer: { bytes: number; text: string };
  // busy retries take turns through a local wait queue (--no-queue turns it off)
  queue: boolean;
  // --report FILE: where the JSON run report is written when xrun ends
  report?: string;
  // --fleet: the retry budget and circuit breaker shared through Redis
  fleet?: FleetPlan;
}

import type { ExitMapping } from '../model/exit-status.js';

export type { RunSettings } from './table.js';

// Where each setting came from (`--attempts`, `XRUN_ATTEMPTS`, `xrun.config.json: tools.buck2.attempts`);
// a setting without one is named by its flag.
export type Origins = Partial<Record<SettingKey, string>>;

// Validates settings and a command into a plan; throws UsageError naming the first problem and where
// the setting came from.
export function buildPlan(settings: RunSettings, commandInput: CommandInput, origins: Origins = {}): Plan {
  const where: Where = (key) => origins[key] ?? SETTING[key].flag.long;
  const parsed = asParsed(commandInput);
  const command = parsed.argv;
  if (command.length === 0 || command[0] === '') throw new UsageError('no command given (usage: xrun [options] -- command [args...])');
  // settings are read in a fixed order (the policy first): of several problems, the same one is named
  const policy = retryPolicy(settings, where);
  return {
    command,
    parsed,
    tool: settings.tool === undefined ? parsed.tool : parseTool(settings.tool, where('tool')),
    policy,
    quiet: settings.quiet ?? SETTING.quiet.default.value,
    normalize: settings.normalize ?? SETTING.normalize.default.value,
    map: settings.map === undefined ? [] : parseMap(where('map'), settings.map),
    killAfterMs: parseDurationAt(where('killAfter'), settings.killAfter ?? SETTING.killAfter.default.value),
    stopSignal: parseSignal(settings.signal ?? SETTING.signal.default.value, where('signal')),
    stdinBuffer: parseStdinBuffer(where('stdinBuffer'), settings.stdinBuffer ?? SETTING.stdinBuffer.default.value),
    queue: (settings.queue ?? SETTING.queue.default.value) && (policy.categories.has('busy') || policy.categories.has('preempted')),
    ...limits(settings, where),
    ...reportFile(settings, where),
    ...fleetSettings(settings, where),
  };
}

// Names where a setting came from, for the messages of its parser.
type Where = (key: SettingKey) => string;

// What is retried, how often, and how long between attempts.
function retryPolicy(settings: RunSettings, where: Where): RetryPolicy {
  const categories = new Set<Category>();
  const codes = new Set<number>();
  if (settings.retryBusy) categories.add('busy').add('preempted');
  if (settings.retryConnect) categories.add('connect').add('daemon-died');
  if (settings.retryOn !== undefined) parseRetryOn(where('retryOn'), settings.retryOn, categories, codes);
  const retrying = categories.size > 0 || codes.size > 0;
  const attempts = settings.attempts === undefined ? (retrying ? ATTEMPTS_WITH_RETRY : 1) : parseCount(where('attempts'), settings.attempts);
  const baseDelayMs = settings.delay === undefined ? DEFAULT_BACKOFF.baseDelayMs : parseDurationAt(where('delay'), settings.delay);
  const maxDelayMs =
    settings.maxDelay === undefined ? Math.max(DEFAULT_BACKOFF.maxDelayMs, baseDelayMs) : parseDurationAt(where('maxDelay'), settings.maxDelay);
  const backoff = { baseDelayMs, maxDelayMs };
  return { attempts, categories, codes, backoff, rateLimitBackoff: rateLimitBackoff(settings, backoff) };
}

// --timeout and --deadline, set only when positive: 0 is no limit, as GNU timeout reads it (and how a
// flag or variable lifts a config file's limit).
function limits(settings: RunSettings, where: Where): Pick<Plan, 'timeoutMs' | 'deadlineMs'> {
  const timeoutMs = settings.timeout === undefined ? 0 : parseDurationAt(where('timeout'), settings.timeout);
  const deadlineMs = settings.deadline === undefined ? 0 : parseDurationAt(where('deadline'), settings.deadline);
  return { ...(timeoutMs > 0 ? { timeoutMs } : {}), ...(deadlineMs > 0 ? { deadlineMs } : {}) };
}

function reportFile(settings: RunSettings, where: Where): Pick<Plan, 'report'> {
  if (settings.report === undefined) return {};
  if (settings.report === '') throw new UsageError(`${where('report')}: expected a file name, got an empty string`);
  return { report: settings.report };
}

// A rate limit waits on its own slower schedule unless --delay is given; --max-delay caps it too.
function rateLimitBackoff(settings: RunSettings, backoff: BackoffSettings): BackoffSettings {
  if (settings.delay !== undefined) return backoff;
  if (settings.maxDelay === undefined) return RATE_LIMIT_BACKOFF;
  return { baseDelayMs: Math.min(RATE_LIMIT_BACKOFF.baseDelayMs, backoff.maxDelayMs), maxDelayMs: backoff.maxDelayMs };
}

// Each parser below is given `where` the text came from and starts its message with it.
function parseRetryOn(where: string, list: string, categories: Set<Category>, codes: Set<number>): void {
  for (const item of splitList(where, list)) {
    if (isCategory(item)) {
      if (item === 'success') throw new UsageError(`${where}: success is never retried`);
      categories.add(item);
    } else if (/^\d+$/.test(item)) {
      const code = Number(item);
      if (code < 1 || code > 255) throw new UsageError(`${where}: exit code ${item} is out of range (1-255)`);
      codes.add(code);
    } else {
      throw new UsageError(`${where}: unknown category '${item}' (expected an exit code or one of ${CATEGORIES.filter((c) => c !== 'success').join(', ')})`);
    }
  }
}

function parseMap(where: string, list: string): ExitMapping[] {
  return splitList(where, list).map((item) => {
    const match = /^([a-z0-9-]+)=(\d+)$/.exec(item);
    if (!match) throw new UsageError(`${where}: '${item}' is not FROM=TO (e.g. no-tests=0 or 4=0)`);
    const [, fromText, toText] = match as unknown as [string, string, string];
    const to = parseExitCode(where, toText);
    if (isCategory(fromText) || fromText === 'flaky') return { from: fromText, to };
    if (/^\d+$/.test(fromText)) return { from: parseExitCode(where, fromText), to };
    throw new UsageError(`${where}: unknown category '${fromText}' (expected an exit code, flaky or one of ${CATEGORIES.join(', ')})`);
  });
}

function splitList(where: string, list: string): string[] {
  const items = list.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`${where}: empty item in '${list}'`);
  return items;
}

function parseExitCode(where: string, text: string): number {
  const code = Number(text);
  if (!Number.isInteger(code) || code < 0 || code > 255) throw new UsageError(`${where}: exit code ${text} is out of range (0-255)`);
  return code;
}

function parseCount(where: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${where}: expected a whole number of at least 1, got '${text}'`);
  return Number(text);
}

function parseDurationAt(where: string, text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UsageError(`${where}: ${parsed.problem}`);
  return parsed.ms;
}

function parseStdinBuffer(where: string, text: string): { bytes: number; text: string } {
  const bytes = parseSize(text);
  if (bytes === undefined) throw new UsageError(`${where}: '${text}' is not a size (e.g. 16MiB, 512KiB, 0)`);
  return { bytes, text };
}

// Validates a tool name.
export function parseTool(name: string, where: string = SETTING.tool.flag.long): ToolName {
  const tool = TOOL_NAMES.find((t) => t === name);
  if (!tool) throw new UsageError(`${where}: unknown tool '${name}' (expected one of ${TOOL_NAMES.join(', ')})`);
  return tool;
}

// Validates a signal name or number: TERM, SIGTERM, int -> SIGINT; 9 -> SIGKILL.
export function parseSignal(text: string, where: string = SETTING.signal.flag.long): NodeJS.Signals {
  const name = /^\d+$/.test(text) ? signalName(Number(text)) : (/^SIG/i.test(text) ? text : `SIG${text}`).toUpperCase();
  if (name === undefined || signalNumber(name) === undefined) throw new UsageError(`${where}: unknown signal '${text}' (e.g. TERM, INT, KILL)`);
  return name as NodeJS.Signals;
}
