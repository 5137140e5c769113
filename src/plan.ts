import { type BackoffSettings, DEFAULT_BACKOFF, RATE_LIMIT_BACKOFF } from './backoff.js';
import { type Category, CATEGORIES, isCategory } from './categories.js';
import { asParsed, type CommandInput, type ParsedCommand } from './command/parse.js';
import { parseDuration } from './duration.js';
import { TOOL_NAMES, type ToolName } from './models/index.js';
import { signalName, signalNumber } from './outcome.js';
import { parseSize } from './size.js';
import type { RetryPolicy } from './policy.js';
import { UsageError } from './usage-error.js';

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
}

// --map FROM=TO: FROM is an exit code or a category name.
export interface ExitMapping {
  from: number | Category;
  to: number;
}

// The run options as given: flags, XRUN_* variables and config files all feed this one record.
export interface RunSettings {
  retryBusy?: boolean;
  retryConnect?: boolean;
  retryOn?: string;
  attempts?: string;
  delay?: string;
  maxDelay?: string;
  quiet?: boolean;
  normalize?: boolean;
  map?: string;
  tool?: string;
  timeout?: string;
  killAfter?: string;
  signal?: string;
  deadline?: string;
  stdinBuffer?: string;
  queue?: boolean;
  report?: string;
  profile?: string;
}

const DEFAULT_ATTEMPTS_WITH_RETRY = 5;
const DEFAULT_KILL_AFTER_MS = 10_000;
const DEFAULT_STDIN_BUFFER = '16MiB';

// Validates settings and a command into a plan; throws UsageError naming the first problem.
export function buildPlan(settings: RunSettings, commandInput: CommandInput): Plan {
  const parsed = asParsed(commandInput);
  const command = parsed.argv;
  if (command.length === 0 || command[0] === '') throw new UsageError('no command given (usage: xrun [options] -- command [args...])');
  const categories = new Set<Category>();
  const codes = new Set<number>();
  if (settings.retryBusy) categories.add('busy').add('preempted');
  if (settings.retryConnect) categories.add('connect').add('daemon-died');
  if (settings.retryOn !== undefined) parseRetryOn(settings.retryOn, categories, codes);
  const retrying = categories.size > 0 || codes.size > 0;
  const attempts = settings.attempts === undefined ? (retrying ? DEFAULT_ATTEMPTS_WITH_RETRY : 1) : parseCount('--attempts', settings.attempts);
  const baseDelayMs = settings.delay === undefined ? DEFAULT_BACKOFF.baseDelayMs : parseDurationOption('--delay', settings.delay);
  const maxDelayMs =
    settings.maxDelay === undefined ? Math.max(DEFAULT_BACKOFF.maxDelayMs, baseDelayMs) : parseDurationOption('--max-delay', settings.maxDelay);
  const backoff = { baseDelayMs, maxDelayMs };
  const plan: Plan = {
    command,
    parsed,
    tool: settings.tool === undefined ? parsed.tool : parseTool(settings.tool),
    policy: { attempts, categories, codes, backoff, rateLimitBackoff: rateLimitBackoff(settings, backoff) },
    quiet: settings.quiet ?? false,
    normalize: settings.normalize ?? false,
    map: settings.map === undefined ? [] : parseMap(settings.map),
    killAfterMs: settings.killAfter === undefined ? DEFAULT_KILL_AFTER_MS : parseDurationOption('--kill-after', settings.killAfter),
    stopSignal: settings.signal === undefined ? 'SIGTERM' : parseSignal(settings.signal),
    stdinBuffer: parseStdinBuffer(settings.stdinBuffer ?? DEFAULT_STDIN_BUFFER),
    queue: (settings.queue ?? true) && (categories.has('busy') || categories.has('preempted')),
  };
  const timeoutMs = settings.timeout === undefined ? 0 : parseDurationOption('--timeout', settings.timeout);
  const deadlineMs = settings.deadline === undefined ? 0 : parseDurationOption('--deadline', settings.deadline);
  // 0 is no limit, as GNU timeout reads it (and how a flag or variable lifts a config file's limit)
  if (timeoutMs > 0) plan.timeoutMs = timeoutMs;
  if (deadlineMs > 0) plan.deadlineMs = deadlineMs;
  if (settings.report !== undefined) {
    if (settings.report === '') throw new UsageError('--report: expected a file name, got an empty string', 'report');
    plan.report = settings.report;
  }
  return plan;
}

// A rate limit waits on its own slower schedule unless --delay is given; --max-delay caps it too.
function rateLimitBackoff(settings: RunSettings, backoff: BackoffSettings): BackoffSettings {
  if (settings.delay !== undefined) return backoff;
  if (settings.maxDelay === undefined) return RATE_LIMIT_BACKOFF;
  return { baseDelayMs: Math.min(RATE_LIMIT_BACKOFF.baseDelayMs, backoff.maxDelayMs), maxDelayMs: backoff.maxDelayMs };
}

function parseRetryOn(list: string, categories: Set<Category>, codes: Set<number>): void {
  for (const item of splitList('--retry-on', list)) {
    if (isCategory(item)) {
      if (item === 'success') throw new UsageError('--retry-on: success is never retried', 'retryOn');
      categories.add(item);
    } else if (/^\d+$/.test(item)) {
      const code = Number(item);
      if (code < 1 || code > 255) throw new UsageError(`--retry-on: exit code ${item} is out of range (1-255)`, 'retryOn');
      codes.add(code);
    } else {
      throw new UsageError(`--retry-on: unknown category '${item}' (expected an exit code or one of ${CATEGORIES.filter((c) => c !== 'success').join(', ')})`, 'retryOn');
    }
  }
}

function parseMap(list: string): ExitMapping[] {
  return splitList('--map', list).map((item) => {
    const match = /^([a-z0-9-]+)=(\d+)$/.exec(item);
    if (!match) throw new UsageError(`--map: '${item}' is not FROM=TO (e.g. no-tests=0 or 4=0)`, 'map');
    const [, fromText, toText] = match as unknown as [string, string, string];
    const to = parseExitCode('--map', toText);
    if (isCategory(fromText)) return { from: fromText, to };
    if (/^\d+$/.test(fromText)) return { from: parseExitCode('--map', fromText), to };
    throw new UsageError(`--map: unknown category '${fromText}' (expected an exit code or one of ${CATEGORIES.join(', ')})`, 'map');
  });
}

function splitList(option: string, list: string): string[] {
  const items = list.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`${option}: empty item in '${list}'`, settingOf(option));
  return items;
}

function parseExitCode(option: string, text: string): number {
  const code = Number(text);
  if (!Number.isInteger(code) || code < 0 || code > 255) throw new UsageError(`${option}: exit code ${text} is out of range (0-255)`, settingOf(option));
  return code;
}

function parseCount(option: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${option}: expected a whole number of at least 1, got '${text}'`, settingOf(option));
  return Number(text);
}

function parseDurationOption(option: string, text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UsageError(`${option}: ${parsed.problem}`, settingOf(option));
  return parsed.ms;
}

function parseStdinBuffer(text: string): { bytes: number; text: string } {
  const bytes = parseSize(text);
  if (bytes === undefined) throw new UsageError(`--stdin-buffer: '${text}' is not a size (e.g. 16MiB, 512KiB, 0)`);
  return { bytes, text };
}

// Validates a --tool name.
export function parseTool(name: string): ToolName {
  const tool = TOOL_NAMES.find((t) => t === name);
  if (!tool) throw new UsageError(`--tool: unknown tool '${name}' (expected one of ${TOOL_NAMES.join(', ')})`, 'tool');
  return tool;
}

// Validates a signal name or number: TERM, SIGTERM, int -> SIGINT; 9 -> SIGKILL.
export function parseSignal(text: string): NodeJS.Signals {
  const name = /^\d+$/.test(text) ? signalName(Number(text)) : (/^SIG/i.test(text) ? text : `SIG${text}`).toUpperCase();
  if (name === undefined || signalNumber(name) === undefined) throw new UsageError(`--signal: unknown signal '${text}' (e.g. TERM, INT, KILL)`, 'signal');
  return name as NodeJS.Signals;
}

// The RunSettings key of a flag: --max-delay -> maxDelay.
export function settingOf(flag: string): keyof RunSettings {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof RunSettings;
}

// The flag of a RunSettings key: maxDelay -> --max-delay.
export function flagOf(setting: keyof RunSettings): string {
  if (setting === 'queue') return '--no-queue';
  return `--${setting.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
