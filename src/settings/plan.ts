import { asParsed, type CommandInput, type ParsedCommand } from '../command/parse.js';
import { attemptsAloneRetry } from '../model/attempts-alone.js';
import { type BackoffSettings, DEFAULT_BACKOFF, DEFAULT_JITTER, RATE_LIMIT_BACKOFF } from '../model/backoff.js';
import { CATEGORIES, isCategory } from '../model/categories.js';
import { type Condition, parseConditionList, parseOutputPattern } from '../model/conditions.js';
import { parseDuration } from '../model/duration.js';
import type { FleetPlan } from '../model/fleet-plan.js';
import { signalName, signalNumber } from '../model/outcome.js';
import type { RetryPolicy } from '../model/policy.js';
import { type Deciders, type FlagConditions, retriesAnything } from '../model/rules.js';
import { BACKOFF_KINDS, type BackoffKind, JITTERS, type Jitter } from '../model/schedule.js';
import { parseSize } from '../model/size.js';
import { TOOL_NAMES, type ToolName } from '../model/tools/types.js';
import { fleetSettings } from './fleet-settings.js';
import { parseRules } from './rules-json.js';
import {
  ATTEMPTS_WITH_RETRY,
  MAX_ATTEMPTS,
  MAX_STDIN_BUFFER,
  PATTERN_SEPARATOR,
  RUN_SETTING,
  type RunSettings,
  type SettingKey,
} from './run-table.js';
import { defaultStopSignal } from './stop-defaults.js';
import { unknownToolHint } from './suggest.js';
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
  // what a SIGTERM xrun forwards reaches the command as: the tool's graceful cancel unless --signal is given
  forwardedTermSignal: NodeJS.Signals;
  deadlineMs?: number;
  // how much piped stdin xrun keeps to replay on a retry
  stdinBuffer: { bytes: number; text: string };
  // busy retries take turns through a local wait queue (--no-queue turns it off)
  queue: boolean;
  // --report FILE: where the JSON run report is written when xrun ends
  report?: string;
  // --structured: the tool's own report file is asked for and read (bazel, buck2)
  structured: boolean;
  // --hold-stdout: each attempt's stdout is held; only the one that ends the run reaches stdout
  holdStdout: boolean;
  // --stagger: the longest random wait before the first attempt
  staggerMs?: number;
  // --on-retry: the shell command run before each retry
  onRetry?: string;
  // --color: whether xrun's own lines are coloured (cli/ci-output.ts decides auto)
  color: ColorMode;
  // --fleet: the retry budget and circuit breaker shared through Redis
  fleet?: FleetPlan;
}

export type ColorMode = (typeof RUN_SETTING.color.values)[number];

import type { ExitMapping } from '../model/exit-status.js';

export type { RunSettings } from './run-table.js';

// Where each setting came from (`--attempts`, `XRUN_ATTEMPTS`, `xrun.config.json: tools.buck2.attempts`);
// a setting without one is named by its flag.
export type Origins = Partial<Record<SettingKey, string>>;

// Validates settings and a command into a plan; throws UsageError naming the first problem and where
// the setting came from.
export function buildPlan(settings: RunSettings, commandInput: CommandInput, origins: Origins = {}): Plan {
  const where: Where = (key) => origins[key] ?? RUN_SETTING[key].flag.long;
  const parsed = asParsed(commandInput);
  const command = parsed.argv;
  if (command.length === 0 || command[0] === '')
    throw new UsageError('no command given (usage: xrun [options] -- command [args...]; xrun --help tells more)');
  // settings are read in a fixed order (the policy first): of several problems, the same one is named
  const given = retryPolicy(settings, where);
  const tool = settings.tool === undefined ? parsed.tool : parseTool(settings.tool, where('tool'));
  const policy =
    settings.attempts !== undefined && !retriesAnything(given.deciders)
      ? withAttemptsAlone(given, tool, where('attempts'))
      : given;
  const stopSignal =
    settings.signal === undefined ? defaultStopSignal(tool) : parseSignal(settings.signal, where('signal'));
  return {
    command,
    parsed,
    tool,
    policy,
    quiet: settings.quiet ?? RUN_SETTING.quiet.default.value,
    normalize: settings.normalize ?? RUN_SETTING.normalize.default.value,
    structured: settings.structured ?? RUN_SETTING.structured.default.value,
    holdStdout: settings.holdStdout ?? RUN_SETTING.holdStdout.default.value,
    map: settings.map === undefined ? [] : parseMap(where('map'), settings.map),
    killAfterMs:
      settings.killAfter === undefined
        ? RUN_SETTING.killAfter.default.ms
        : parseDurationAt(where('killAfter'), settings.killAfter),
    stopSignal,
    forwardedTermSignal: settings.signal === undefined ? stopSignal : 'SIGTERM',
    stdinBuffer:
      settings.stdinBuffer === undefined
        ? { bytes: RUN_SETTING.stdinBuffer.default.bytes, text: RUN_SETTING.stdinBuffer.default.value }
        : parseStdinBuffer(where('stdinBuffer'), settings.stdinBuffer),
    color: parseChoice(where('color'), settings.color ?? RUN_SETTING.color.default.value, RUN_SETTING.color.values),
    queue: (settings.queue ?? RUN_SETTING.queue.default.value) && retriesBusy(policy.deciders),
    ...limits(settings, where),
    ...reportFile(settings, where),
    ...betweenRuns(settings, where),
    ...fleetSettings(settings, where),
  };
}

// Names where a setting came from, for the messages of its parser.
type Where = (key: SettingKey) => string;

// What is retried, how often, and how long between attempts.
function retryPolicy(settings: RunSettings, where: Where): RetryPolicy {
  const deciders = parseDeciders(settings, where);
  const attempts =
    settings.attempts === undefined
      ? retriesAnything(deciders)
        ? ATTEMPTS_WITH_RETRY
        : 1
      : parseCount(where('attempts'), settings.attempts);
  const backoff = parseBackoff(settings, where);
  return { attempts, deciders, backoff, rateLimitBackoff: rateLimitBackoff(settings, backoff) };
}

// --attempts with no retry option or rule: retry as `retry` does (model/attempts-alone.ts).
function withAttemptsAlone(policy: RetryPolicy, tool: ToolName, name: string): RetryPolicy {
  return { ...policy, deciders: { ...policy.deciders, retryOn: [attemptsAloneRetry(tool, name)] } };
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

// --stagger (0 is none) and --on-retry.
function betweenRuns(settings: RunSettings, where: Where): Pick<Plan, 'staggerMs' | 'onRetry'> {
  const staggerMs = settings.stagger === undefined ? 0 : parseDurationAt(where('stagger'), settings.stagger);
  if (settings.onRetry !== undefined && settings.onRetry.trim() === '')
    throw new UsageError(`${where('onRetry')}: expected a shell command, got an empty string`);
  return {
    ...(staggerMs > 0 ? { staggerMs } : {}),
    ...(settings.onRetry === undefined ? {} : { onRetry: settings.onRetry }),
  };
}

// The schedule between attempts: --delay (a wait or a list of waits), --max-delay, --backoff, --jitter.
function parseBackoff(settings: RunSettings, where: (key: SettingKey) => string): ChosenBackoff {
  const waits =
    settings.delay === undefined ? [DEFAULT_BACKOFF.baseDelayMs] : parseDelays(where('delay'), settings.delay);
  const baseDelayMs = waits[0]!;
  const longest = Math.max(...waits);
  const maxDelayMs =
    settings.maxDelay === undefined
      ? Math.max(DEFAULT_BACKOFF.maxDelayMs, longest)
      : parseDurationAt(where('maxDelay'), settings.maxDelay);
  const kind = parseChoice<BackoffKind>(
    where('backoff'),
    settings.backoff ?? RUN_SETTING.backoff.default.value,
    BACKOFF_KINDS,
  );
  const list = waits.length > 1 ? { list: waits } : {};
  // a list is the waits the user wrote: no jitter unless asked for
  const jitter = parseChoice<Jitter>(
    where('jitter'),
    settings.jitter ?? (waits.length > 1 ? 'none' : DEFAULT_JITTER),
    JITTERS,
  );
  return { baseDelayMs, maxDelayMs, kind, jitter, ...list };
}

type ChosenBackoff = BackoffSettings & { kind: BackoffKind; jitter: Jitter };

// --delay: one duration, or a comma-separated list of them.
function parseDelays(where: string, text: string): number[] {
  return text.includes(',')
    ? splitList(where, text).map((item) => parseDurationAt(where, item))
    : [parseDurationAt(where, text)];
}

// A rate limit waits on its own slower schedule unless --delay is given; --max-delay caps it too; it
// grows and jitters as --backoff and --jitter say.
function rateLimitBackoff(settings: RunSettings, backoff: ChosenBackoff): BackoffSettings {
  if (settings.delay !== undefined) return backoff;
  const { kind, jitter } = backoff;
  if (settings.maxDelay === undefined) return { ...RATE_LIMIT_BACKOFF, kind, jitter };
  return {
    baseDelayMs: Math.min(RATE_LIMIT_BACKOFF.baseDelayMs, backoff.maxDelayMs),
    maxDelayMs: backoff.maxDelayMs,
    kind,
    jitter,
  };
}

// Each parser below is given `where` the text came from and starts its message with it.
// --stop-on, the rules and the retry flags, each named by where it came from (model/rules.ts orders them).
function parseDeciders(settings: RunSettings, where: (key: SettingKey) => string): Deciders {
  const retryOn: FlagConditions[] = [];
  if (settings.retryBusy)
    retryOn.push({ name: where('retryBusy'), conditions: categoryConditions('busy,preempted'), isSwitch: true });
  if (settings.retryConnect)
    retryOn.push({
      name: where('retryConnect'),
      conditions: categoryConditions('connect,daemon-died'),
      isSwitch: true,
    });
  if (settings.retryOn !== undefined)
    retryOn.push({ name: where('retryOn'), conditions: parseConditions(where('retryOn'), settings.retryOn) });
  if (settings.retryOnOutput !== undefined) retryOn.push(outputFlag(where('retryOnOutput'), settings.retryOnOutput));
  const stopOn: FlagConditions[] = [];
  if (settings.stopOn !== undefined)
    stopOn.push({ name: where('stopOn'), conditions: parseConditions(where('stopOn'), settings.stopOn, false) });
  if (settings.stopOnOutput !== undefined) stopOn.push(outputFlag(where('stopOnOutput'), settings.stopOnOutput));
  return { stopOn, rules: settings.rules === undefined ? [] : parseRules(where('rules'), settings.rules), retryOn };
}

function parseConditions(where: string, list: string, retry = true): Condition[] {
  const parsed = parseConditionList(list);
  if (!parsed.ok) throw new UsageError(`${where}: ${parsed.problem}`);
  if (retry && parsed.value.some((c) => c.kind === 'category' && c.category === 'success'))
    throw new UsageError(`${where}: success is never retried`);
  return parsed.value;
}

function categoryConditions(list: string): Condition[] {
  return parseConditions('', list);
}

// Busy retries take turns through the wait queue: a retry flag or rule that names busy or preempted.
function retriesBusy(deciders: Deciders): boolean {
  const busy = (c: Condition) => c.kind === 'category' && (c.category === 'busy' || c.category === 'preempted');
  return (
    deciders.retryOn.some((f) => f.conditions.some(busy)) ||
    deciders.rules.some((r) => r.action === 'retry' && r.when.some(busy))
  );
}

// --retry-on-output / --stop-on-output: regex sources, one a line.
function outputFlag(where: string, text: string): FlagConditions {
  const conditions = text.split(PATTERN_SEPARATOR).map((source) => {
    const parsed = parseOutputPattern(source, where);
    if (!parsed.ok) throw new UsageError(`${where}: ${parsed.problem}`);
    return parsed.value;
  });
  return { name: where, conditions };
}

function parseChoice<T extends string>(where: string, text: string, values: readonly T[]): T {
  const value = values.find((v) => v === text);
  if (value === undefined)
    throw new UsageError(`${where}: expected ${values.slice(0, -1).join(', ')} or ${values.at(-1)}, got '${text}'`);
  return value;
}

function parseMap(where: string, list: string): ExitMapping[] {
  return splitList(where, list).map((item) => {
    const match = /^([a-z0-9-]+)=(\d+)$/.exec(item);
    if (!match) throw new UsageError(`${where}: '${item}' is not FROM=TO (e.g. no-tests=0 or 4=0)`);
    const [, fromText, toText] = match as unknown as [string, string, string];
    const to = parseExitCode(where, toText);
    if (isCategory(fromText) || fromText === 'flaky') return { from: fromText, to };
    if (/^\d+$/.test(fromText)) return { from: parseExitCode(where, fromText), to };
    throw new UsageError(
      `${where}: unknown category '${fromText}' (expected an exit code, flaky or one of ${CATEGORIES.join(', ')})`,
    );
  });
}

function splitList(where: string, list: string): string[] {
  const items = list.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`${where}: empty item in '${list}'`);
  return items;
}

function parseExitCode(where: string, text: string): number {
  const code = Number(text);
  if (!Number.isInteger(code) || code < 0 || code > 255)
    throw new UsageError(`${where}: exit code ${text} is out of range (0-255)`);
  return code;
}

function parseCount(where: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${where}: expected a whole number of at least 1, got '${text}'`);
  if (Number(text) > MAX_ATTEMPTS) throw new UsageError(`${where}: '${text}' is too many (at most ${MAX_ATTEMPTS})`);
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
  if (bytes > MAX_STDIN_BUFFER.bytes)
    throw new UsageError(`${where}: '${text}' is too large (at most ${MAX_STDIN_BUFFER.shown})`);
  return { bytes, text };
}

// Validates a tool name.
export function parseTool(name: string, where: string = RUN_SETTING.tool.flag.long): ToolName {
  const tool = TOOL_NAMES.find((t) => t === name);
  if (!tool) throw new UsageError(`${where}: unknown tool '${name}' (${unknownToolHint(name)})`);
  return tool;
}

// Validates a signal name or number: TERM, SIGTERM, int -> SIGINT; 9 -> SIGKILL.
export function parseSignal(text: string, where: string = RUN_SETTING.signal.flag.long): NodeJS.Signals {
  const name = /^\d+$/.test(text) ? signalName(Number(text)) : (/^SIG/i.test(text) ? text : `SIG${text}`).toUpperCase();
  if (name === undefined || signalNumber(name) === undefined)
    throw new UsageError(`${where}: unknown signal '${text}' (e.g. TERM, INT, KILL)`);
  return name as NodeJS.Signals;
}
