// The settings table as a run reads it: each run setting's key, kind, flag, XRUN_* variable, where a config
// file may set it, its default and a choice's words. What is said of each (--help, docs/options.md, the man
// page, `xrun config`) is in settings/table.ts, which joins it to these rows: a run never loads that text
// (test/unit/bundle.test.ts). How to add a setting: settings/table.ts.
// Data only: no effects, and imports of pure modules only.
import { BACKOFF_KINDS, JITTERS } from '../model/schedule.js';
import { DEFAULT_KILL_AFTER_SECONDS, DEFAULT_STOP_SIGNAL } from './stop-defaults.js';

// Each kind of value and its JSON form in a config file (settings/config.ts converts it to the settings' text).
export const KIND_JSON = {
  boolean: 'boolean',
  count: 'count',
  duration: 'duration',
  size: 'string',
  signal: 'string',
  tool: 'string',
  file: 'string',
  name: 'string',
  list: 'list',
  map: 'map',
  // repeatable; the settings' text holds one pattern a line (PATTERN_SEPARATOR)
  patterns: 'patterns',
  rules: 'rules',
  // one of the row's `values`
  choice: 'string',
} as const;
export type Kind = keyof typeof KIND_JSON;
export type JsonForm = (typeof KIND_JSON)[Kind];

export interface RunSettingRow {
  // the RunSettings field, also the config key
  readonly key: string;
  readonly kind: Kind;
  // `long` is commander's (`--no-queue` is a negation: the setting is true unless given); `value` names
  // the flag's value in --help (`<n>`): a flag with one takes a value
  readonly flag: { readonly long: string; readonly short?: string; readonly value?: string };
  readonly env: string;
  // where a config file may set it: anywhere, not in a per-tool section, or nowhere
  readonly config: 'anywhere' | 'not-per-tool' | 'none';
  // `value`: the text (or on/off) the setting has when unset, as `xrun config` shows it; `ms` or `bytes`: that
  // text read, which buildPlan takes instead of parsing it again (both made from the number: defaultOf*)
  readonly default: { readonly value?: string | boolean; readonly ms?: number; readonly bytes?: number };
  // a choice's words: buildPlan accepts these alone, shell completion offers them
  readonly values?: readonly string[];
}

// How a repeatable setting's patterns are held in its text (and in its XRUN_* variable): one a line.
export const PATTERN_SEPARATOR = '\n';

// Attempts in all once any retry option is given (buildPlan; docs/options.md's default column).
export const ATTEMPTS_WITH_RETRY = 5;

// The largest numbers buildPlan accepts (each row's `limit` says it).
export const MAX_ATTEMPTS = 1_000_000;
// piped stdin is kept in memory to be replayed: past this no CI machine could hold it
export const MAX_STDIN_BUFFER = { bytes: 64 * 1024 ** 3, shown: '64GiB' } as const;
// the retries a fleet's window allows whatever its first attempts
export const MAX_FLEET_FLOOR = 1_000_000;
export const MAX_FLEET_RATIO = 10;

// --fleet-budget's default: retries within 20% of the first attempts, plus 10 a window.
export const DEFAULT_FLEET_BUDGET = { percent: 20, floor: 10 } as const;

// A default duration or size: its number, and its text as parseDuration or parseSize reads it back.
const defaultOfSeconds = (seconds: number) => ({ value: `${seconds}s`, ms: seconds * 1000 });
const defaultOfMs = (ms: number) => ({ value: `${ms}ms`, ms });
const defaultOfMiB = (mebibytes: number) => ({ value: `${mebibytes}MiB`, bytes: mebibytes * 1024 ** 2 });

// In the order config errors list the keys and --help lists the flags (`xrun config` puts tool and profile first).
export const RUN_SETTINGS = [
  {
    key: 'retryBusy',
    kind: 'boolean',
    flag: { long: '--retry-busy' },
    env: 'XRUN_RETRY_BUSY',
    config: 'anywhere',
    default: { value: false },
  },
  {
    key: 'retryConnect',
    kind: 'boolean',
    flag: { long: '--retry-connect' },
    env: 'XRUN_RETRY_CONNECT',
    config: 'anywhere',
    default: { value: false },
  },
  // policy conditions and rules (issue 13: --retry-on words, --stop-on, rules)
  {
    key: 'retryOn',
    kind: 'list',
    flag: { long: '--retry-on', value: 'list' },
    env: 'XRUN_RETRY_ON',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'retryOnOutput',
    kind: 'patterns',
    flag: { long: '--retry-on-output', value: 'regex' },
    env: 'XRUN_RETRY_ON_OUTPUT',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'stopOn',
    kind: 'list',
    flag: { long: '--stop-on', value: 'list' },
    env: 'XRUN_STOP_ON',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'stopOnOutput',
    kind: 'patterns',
    flag: { long: '--stop-on-output', value: 'regex' },
    env: 'XRUN_STOP_ON_OUTPUT',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'rules',
    kind: 'rules',
    flag: { long: '--rules', value: 'json' },
    env: 'XRUN_RULES',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'attempts',
    kind: 'count',
    flag: { long: '--attempts', value: 'n' },
    env: 'XRUN_ATTEMPTS',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'delay',
    kind: 'duration',
    flag: { long: '--delay', value: 'duration' },
    env: 'XRUN_DELAY',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'maxDelay',
    kind: 'duration',
    flag: { long: '--max-delay', value: 'duration' },
    env: 'XRUN_MAX_DELAY',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'backoff',
    kind: 'choice',
    flag: { long: '--backoff', value: 'kind' },
    env: 'XRUN_BACKOFF',
    config: 'anywhere',
    values: BACKOFF_KINDS,
    default: { value: 'exponential' },
  },
  {
    key: 'jitter',
    kind: 'choice',
    flag: { long: '--jitter', value: 'kind' },
    env: 'XRUN_JITTER',
    config: 'anywhere',
    values: JITTERS,
    default: {},
  },
  {
    key: 'stagger',
    kind: 'duration',
    flag: { long: '--stagger', value: 'duration' },
    env: 'XRUN_STAGGER',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'onRetry',
    kind: 'name',
    flag: { long: '--on-retry', value: 'cmd' },
    env: 'XRUN_ON_RETRY',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'timeout',
    kind: 'duration',
    flag: { long: '--timeout', value: 'duration' },
    env: 'XRUN_TIMEOUT',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'killAfter',
    kind: 'duration',
    flag: { long: '--kill-after', value: 'duration' },
    env: 'XRUN_KILL_AFTER',
    config: 'anywhere',
    default: defaultOfSeconds(DEFAULT_KILL_AFTER_SECONDS),
  },
  {
    key: 'signal',
    kind: 'signal',
    flag: { long: '--signal', value: 'name' },
    env: 'XRUN_SIGNAL',
    config: 'anywhere',
    default: { value: DEFAULT_STOP_SIGNAL },
  },
  {
    key: 'deadline',
    kind: 'duration',
    flag: { long: '--deadline', value: 'duration' },
    env: 'XRUN_DEADLINE',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'normalize',
    kind: 'boolean',
    flag: { long: '--normalize' },
    env: 'XRUN_NORMALIZE',
    config: 'anywhere',
    default: { value: false },
  },
  {
    key: 'map',
    kind: 'map',
    flag: { long: '--map', value: 'list' },
    env: 'XRUN_MAP',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'tool',
    kind: 'tool',
    flag: { long: '--tool', value: 'name' },
    env: 'XRUN_TOOL',
    // a per-tool section is chosen by the tool: it cannot choose another
    config: 'not-per-tool',
    default: {},
  },
  {
    key: 'quiet',
    kind: 'boolean',
    flag: { long: '--quiet', short: '-q' },
    env: 'XRUN_QUIET',
    config: 'anywhere',
    default: { value: false },
  },
  {
    key: 'report',
    kind: 'file',
    flag: { long: '--report', value: 'file' },
    env: 'XRUN_REPORT',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'structured',
    kind: 'boolean',
    flag: { long: '--structured' },
    env: 'XRUN_STRUCTURED',
    config: 'anywhere',
    default: { value: false },
  },
  {
    key: 'holdStdout',
    kind: 'boolean',
    flag: { long: '--hold-stdout' },
    env: 'XRUN_HOLD_STDOUT',
    config: 'anywhere',
    default: { value: false },
  },
  {
    key: 'stdinBuffer',
    kind: 'size',
    flag: { long: '--stdin-buffer', value: 'size' },
    env: 'XRUN_STDIN_BUFFER',
    config: 'anywhere',
    default: defaultOfMiB(16),
  },
  {
    key: 'queue',
    kind: 'boolean',
    flag: { long: '--no-queue' },
    env: 'XRUN_QUEUE',
    config: 'anywhere',
    default: { value: true },
  },
  {
    key: 'color',
    kind: 'choice',
    flag: { long: '--color', value: 'when' },
    env: 'XRUN_COLOR',
    config: 'anywhere',
    values: ['auto', 'always', 'never'],
    default: { value: 'auto' },
  },
  {
    key: 'fleet',
    kind: 'name',
    flag: { long: '--fleet', value: 'url' },
    env: 'XRUN_FLEET',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'fleetBudget',
    kind: 'name',
    flag: { long: '--fleet-budget', value: 'ratio' },
    env: 'XRUN_FLEET_BUDGET',
    config: 'anywhere',
    default: { value: `${DEFAULT_FLEET_BUDGET.percent}%+${DEFAULT_FLEET_BUDGET.floor}` },
  },
  {
    key: 'fleetWindow',
    kind: 'duration',
    flag: { long: '--fleet-window', value: 'duration' },
    env: 'XRUN_FLEET_WINDOW',
    config: 'anywhere',
    default: defaultOfSeconds(60),
  },
  {
    key: 'fleetCooldown',
    kind: 'duration',
    flag: { long: '--fleet-cooldown', value: 'duration' },
    env: 'XRUN_FLEET_COOLDOWN',
    config: 'anywhere',
    default: defaultOfSeconds(30),
  },
  {
    key: 'fleetKey',
    kind: 'name',
    flag: { long: '--fleet-key', value: 'name' },
    env: 'XRUN_FLEET_KEY',
    config: 'anywhere',
    default: {},
  },
  {
    key: 'fleetTimeout',
    kind: 'duration',
    flag: { long: '--fleet-timeout', value: 'duration' },
    env: 'XRUN_FLEET_TIMEOUT',
    config: 'anywhere',
    default: defaultOfMs(100),
  },
  {
    key: 'profile',
    kind: 'name',
    flag: { long: '--profile', value: 'name' },
    env: 'XRUN_PROFILE',
    // it selects a section of the config file, so it cannot be set inside one
    config: 'none',
    default: {},
  },
] as const satisfies readonly RunSettingRow[];

type Row = (typeof RUN_SETTINGS)[number];
export type SettingKey = Row['key'];

// The run options as given: flags, XRUN_* variables and config files all feed this one record.
export type RunSettings = { [R in Row as R['key']]?: R['kind'] extends 'boolean' ? boolean : string };

// Each row by its key, with its literal types (RUN_SETTING.signal.default.value is 'TERM').
export const RUN_SETTING = Object.fromEntries(RUN_SETTINGS.map((row) => [row.key, row])) as unknown as {
  readonly [R in Row as R['key']]: R;
};

export const SETTING_KEYS: readonly SettingKey[] = RUN_SETTINGS.map((row) => row.key);

// A flag like `--no-queue`: the setting is on unless the flag is given.
export function isNegated(row: RunSettingRow): boolean {
  return row.flag.long.startsWith('--no-');
}
