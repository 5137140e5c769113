// The one table of xrun's run settings: each is declared once, its run part (key, kind, flag, variable,
// config placement, default) in settings/run-table.ts, which a run reads alone, and what is said of it here,
// joined into SETTINGS. Everything else derives from them: the commander options and --help (cli/argv.ts),
// the flag and XRUN_* layers (settings/layers.ts), config validation (settings/config.ts), `xrun config`
// (cli/config.ts), buildPlan's defaults and the origin its errors name (settings/plan.ts), and the options,
// config-key and environment tables of docs/options.md (settings/docs.ts; test/unit/readme.test.ts keeps
// them identical).
//
// To add a setting:
//   1. add a row to RUN_SETTINGS in settings/run-table.ts (RunSettings gains its field) and its text to TEXT
//      here; a new kind of value also needs a KIND_JSON entry there and a KINDS entry here;
//   2. parse it in buildPlan (settings/plan.ts) into a Plan field, with a parser that takes `where` (the
//      flag, XRUN_* variable or config key it came from) and starts its message with it;
//   3. if `xrun config` should show the parsed value rather than the given text, add it to shownValue in
//      cli/config.ts;
//   4. regenerate the docs' tables: node scripts/readme-tables.mjs.
// test/unit/settings/table.test.ts checks every row has what the consumers need.
// Data only: no effects, and imports of pure modules only.
import { DEFAULT_BACKOFF, RATE_LIMIT_BACKOFF } from '../model/backoff.js';
import { formatDuration, LONGEST_DURATION_SHOWN } from '../model/duration.js';
import { TOOL_NAMES } from '../model/tools/types.js';
import {
  ATTEMPTS_WITH_RETRY,
  type Kind,
  MAX_ATTEMPTS,
  MAX_FLEET_FLOOR,
  MAX_FLEET_RATIO,
  MAX_STDIN_BUFFER,
  RUN_SETTINGS,
  type RunSettingRow,
  type SettingKey,
} from './run-table.js';

export {
  isNegated,
  type Kind,
  PATTERN_SEPARATOR,
  type RunSettings,
  SETTING_KEYS,
  type SettingKey,
} from './run-table.js';

// How docs/options.md's config-key table shows each kind's JSON form, and the bound all its values have.
export const KINDS: { readonly [K in Kind]: { readonly shown: string; readonly limit?: string } } = {
  boolean: { shown: '`true` or `false`' },
  count: { shown: 'a number (or a string)' },
  // every duration has the bound parseDuration keeps (model/duration.ts)
  duration: {
    shown: 'a duration string (`"2s"`) or a number of seconds',
    limit: `at most ${LONGEST_DURATION_SHOWN}`,
  },
  size: { shown: 'a size string (`"64MiB"`)' },
  signal: { shown: 'a string' },
  tool: { shown: 'a string' },
  file: { shown: 'a string' },
  name: { shown: 'a string' },
  list: { shown: '`"busy,2"` or `["busy", 2]`' },
  map: { shown: '`"no-tests=0"` or `{"no-tests": 0}`' },
  patterns: { shown: '`"regex"` or `["regex", ...]`' },
  rules: { shown: 'an array of `{"when": {...}, "then": ...}` (see [Rules](configuration.md#rules))' },
  choice: { shown: 'a string' },
};

// What is said of a setting.
interface SettingText {
  // `doc` docs/options.md's default column (else the default's `value`, 'off' or 'none'); `help` what --help
  // says after "default" (else a text `value`)
  readonly default?: { readonly doc?: string; readonly help?: string };
  // how docs/options.md names the flag's value, if not the flag's `value` in capitals
  readonly docValue?: string;
  // one line for --help (the default and the example are added to it)
  readonly help: string;
  readonly example: string;
  // docs/options.md's meaning column (markdown)
  readonly meaning: string;
  // the largest value buildPlan accepts, as --help and docs/options.md say it (a number's setting has one,
  // its own or its kind's: past it a value is a typo, or more than a machine holds)
  readonly limit?: string;
}

// A row of the one table: the run's part and what is said of it.
export interface SettingRow extends RunSettingRow {
  readonly key: SettingKey;
  readonly flag: RunSettingRow['flag'] & { readonly docValue?: string };
  readonly default: RunSettingRow['default'] & { readonly doc?: string; readonly help?: string };
  readonly help: string;
  readonly example: string;
  readonly meaning: string;
  readonly limit?: string;
}

const TOOLS = TOOL_NAMES.join(', ');
const shownDuration = (ms: number) => `\`${formatDuration(ms)}\``;

const TEXT: { readonly [K in SettingKey]: SettingText } = {
  retryBusy: {
    help: 'retry when the daemon is busy or preempted (buck2 4/5, bazel 9)',
    example: 'xrun --retry-busy -- buck2 build //...',
    meaning:
      'retry when the daemon reports busy or preempted: categories `busy` and `preempted` (buck2 4 and 5, bazel 9)',
  },
  retryConnect: {
    help: 'retry when the daemon cannot be reached (buck2 11, docker "Cannot connect")',
    example: 'xrun --retry-connect -- docker pull x',
    meaning:
      'retry when the daemon cannot be reached: categories `connect` and `daemon-died` (buck2 11, buck2\'s lifecycle-lock and "event bus" messages, docker\'s "Cannot connect to the Docker daemon" / "failed to connect to the docker API" with exit 1, 125 or 127)',
  },
  retryOn: {
    help: 'retry on these categories, exit codes, code ranges or signals',
    example: 'busy,connect,2,129-192,KILL,timeout',
    meaning:
      'retry on these conditions, comma-separated: categories (`busy`, `network`, `timeout`), raw exit codes (`2`), ranges of them (`129-192`) and signals (`SIGKILL`, `KILL`, `kill`: a death by it or an exit code the model reads as it), e.g. `busy,2,129-192`; see [Rules](configuration.md#rules) for the order',
  },
  retryOnOutput: {
    help: 'retry a failure whose last 64 KiB of stdout or stderr match this regex (repeatable)',
    example: "'connection reset|ECONNRESET'",
    meaning:
      'retry a failure (never a success or an interrupt) when the last 64 KiB of its stdout or stderr match this JavaScript-style regex; repeatable (one pattern a line in `XRUN_RETRY_ON_OUTPUT`); matched in linear time',
  },
  stopOn: {
    help: 'never retry these (same words as --retry-on); a stop wins over any retry',
    example: 'user,3',
    meaning:
      'never retry these conditions (the words of `--retry-on`), whatever `--retry-on`, the retry switches or the rules say',
  },
  stopOnOutput: {
    help: 'never retry an attempt whose last 64 KiB of stdout or stderr match this regex (repeatable)',
    example: "'no space left on device'",
    meaning:
      'never retry an attempt whose last 64 KiB of stdout or stderr match this regex, whatever else says to retry; repeatable',
  },
  rules: {
    help: 'ordered retry rules as JSON, first match wins (see docs/configuration.md "Rules")',
    example: '[{"when":{"code":"1-5"},"then":"retry"}]',
    meaning:
      'an ordered list of `{"when": {...}, "then": "retry" | "stop" | {"map": N}}`, first match wins (see [Rules](configuration.md#rules)); on the command line and in `XRUN_RULES` the same list as JSON text',
  },
  attempts: {
    default: {
      doc: `${ATTEMPTS_WITH_RETRY} once any retry option is given, else 1`,
      help: `${ATTEMPTS_WITH_RETRY} with a retry option, else 1`,
    },
    help: 'total attempts; alone it retries transient failures (with no model: any), never an interrupt',
    example: '3',
    limit: `at most ${MAX_ATTEMPTS}`,
    meaning:
      "total attempts including the first; alone, without a retry option (`--retry-on`, `--retry-on-output`, `--retry-busy`, `--retry-connect`) or a retry rule, it retries what the tool's model calls transient (`busy`, `preempted`, `connect`, `daemon-died`, `network`, `rate-limit`, `infra`, `timeout`) and, for a command with no model, any failure, as Debian's `retry` does; never an interrupt (a death by SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGPIPE, or an exit code read as one: 130, 143, ...); `xrun config` and `xrun explain` say what it retries",
  },
  delay: {
    default: {
      doc: `${shownDuration(DEFAULT_BACKOFF.baseDelayMs)} (${shownDuration(RATE_LIMIT_BACKOFF.baseDelayMs)} after a rate limit)`,
      help: formatDuration(DEFAULT_BACKOFF.baseDelayMs),
    },
    help: 'least wait before a retry (jitter only adds), or a list of waits (1s,2s,5s, the last repeating)',
    example: '250ms',
    meaning:
      'least wait before a retry, grown per `--backoff`, to which jitter only adds (a wait is never shorter); or a comma-separated list of waits, the last repeating (`1s,2s,5s`; a list is waited as written unless `--jitter` is given); `0`: retries follow at once, unless a registry states a wait',
  },
  maxDelay: {
    default: {
      doc: `${shownDuration(DEFAULT_BACKOFF.maxDelayMs)} (or \`--delay\` if larger; ${shownDuration(RATE_LIMIT_BACKOFF.maxDelayMs)} after a rate limit)`,
      help: formatDuration(DEFAULT_BACKOFF.maxDelayMs),
    },
    help: 'cap of every wait between attempts',
    example: '1m',
    meaning: 'cap of every wait between attempts (before jitter)',
  },
  backoff: {
    help: 'how the wait grows: exponential (doubles), linear (adds --delay), fixed',
    example: 'fixed',
    meaning:
      'how the wait grows per retry: `exponential` (`--delay` doubling), `linear` (`--delay` times the retry number) or `fixed` (`--delay` each time); a `--delay` list replaces it',
  },
  jitter: {
    default: { doc: '`equal` (`none` for a `--delay` list)', help: 'equal, none for a --delay list' },
    help: 'randomness added to each wait: equal (up to half more), full (up to twice), decorrelated, none',
    example: 'none',
    meaning:
      'randomness added to each wait W of the schedule, which is never shortened (so no wait is below `--delay`): `equal` (between W and 1.5 W), `full` (between W and 2 W), `decorrelated` (between `--delay` and three times the previous wait, capped by `--max-delay`), `none` (W exactly)',
  },
  stagger: {
    help: 'wait a random time up to this before the first attempt',
    example: '10s',
    meaning:
      'wait a random time between 0 and this before the first attempt, so a fleet started together does not reach the daemon or registry at once; counts toward `--deadline`',
  },
  onRetry: {
    help: 'run this shell command before each retry (after the wait)',
    example: "'docker system prune -f'",
    meaning:
      'run this command through `sh -c` before each retry, after the wait, with `XRUN_ATTEMPT` (the attempt about to start), `XRUN_LAST_CODE` or `XRUN_LAST_SIGNAL`, and `XRUN_LAST_CATEGORY`; its output goes to stderr; a failing hook is one line and the retry goes on; `--deadline` and interrupts stop it',
  },
  timeout: {
    help: 'stop an attempt after this long (then 124, normalized 6)',
    example: '10m',
    meaning:
      'stop an attempt that runs longer: send `--signal` to the command\'s process group, then SIGKILL after `--kill-after`; the outcome is "timed out" (exit 124, normalized 6), retried only if the policy names `timeout`; `0` is no timeout, as in GNU `timeout`',
  },
  killAfter: {
    help: 'after a stop signal xrun sends (--timeout, or a forwarded TERM/INT/HUP/QUIT), SIGKILL the command after this long',
    example: '5s',
    meaning:
      'grace period between a stop signal xrun sends (the `--timeout` signal, or a SIGTERM, SIGINT, SIGHUP or SIGQUIT it forwards) and SIGKILL; `0` is SIGKILL at once (unlike GNU `timeout -k 0`, which never sends it)',
  },
  signal: {
    default: { doc: '`TERM`; `INT` for bazel and buck2', help: 'TERM; INT for bazel and buck2' },
    help: 'signal sent on --timeout',
    example: 'INT',
    meaning:
      'the stop signal for `--timeout`, a name or a number (`TERM`, `SIGINT`, `kill`, `9`, ...); bazel and buck2 get `INT` by default, their graceful cancel, and a SIGTERM xrun forwards to them goes as SIGINT too unless `--signal` is given (see [Tool-aware stop](behaviour.md#tool-aware-stop))',
  },
  deadline: {
    help: 'limit on the whole run, all attempts and sleeps together',
    example: '30m',
    meaning:
      "limit on the whole run, attempts and sleeps together: an attempt's timeout is clamped to what is left, a retry whose backoff would end past it is not made (nor announced), and xrun stops with the last status and says so in one line; `0` is no deadline",
  },
  normalize: {
    help: "exit with the model's unified code (buck2's numbers)",
    example: 'buck2 141 -> 130',
    meaning: "exit with the model's unified code instead of the raw one (see [Categories](models.md#categories))",
  },
  map: {
    docValue: 'FROM=TO[,...]',
    help: 'remap the final exit code, FROM a code, a category or flaky (a success after a failed attempt)',
    example: 'no-tests=0,4=75',
    meaning:
      'remap the final code afterwards; FROM is an exit code, a category, or `flaky` (a success after a failed attempt), e.g. `--map no-tests=0` or `--map flaky=3`',
  },
  tool: {
    default: { doc: 'detected' },
    help: `exit-code model instead of detecting it (${TOOLS})`,
    example: 'buck2',
    meaning: `use this exit-code model (${TOOL_NAMES.map((t) => `\`${t}\``).join(', ')}) instead of detecting it`,
  },
  quiet: {
    help: "print none of xrun's own lines",
    example: 'xrun -q --retry-busy -- buck2 build',
    meaning:
      "print none of xrun's retry, give-up and deadline lines, nor its CI annotations and folds (errors that stop xrun are still printed)",
  },
  report: {
    help: 'write a JSON report of the run (attempts, classifications, decisions) when xrun ends',
    example: 'xrun-report.json',
    meaning: 'write a JSON report of the run when xrun ends (see [Run report](report.md))',
  },
  structured: {
    help: "classify from the tool's own report (bazel's build event file, buck2's command report and build report) before its exit code",
    example: 'xrun --structured -- bazel build //...',
    meaning:
      "add the tool's report option to the command (bazel: `--build_event_json_file`, buck2: `--command-report-path`, and `--build-report` for build, install and bxl, whose error tags split exit 2 into environment and internal; to temporary files) and classify from what the report says before the exit code (see [Structured reports](behaviour.md#structured-reports)); other tools are unchanged",
  },
  holdStdout: {
    help: "hold each attempt's stdout; pass on only the last attempt's, the failed ones' going to stderr",
    example: 'xrun --hold-stdout --attempts 3 -- curl -fsS https://x | jq .',
    meaning:
      "hold each attempt's stdout (in memory up to 1 MiB, past it in an unlinked file of the temporary directory) and write only the attempt that ends the run (its success, or the last failure) to stdout when it ends; a failed attempt's goes to stderr under one line `xrun: stdout of failed attempt N (B bytes):` when the next attempt starts (see [Held stdout](behaviour.md#held-stdout))",
  },
  stdinBuffer: {
    help: 'piped stdin kept to replay on a retry; past it, no retry',
    example: '64MiB',
    limit: `at most ${MAX_STDIN_BUFFER.shown}`,
    meaning:
      'with retries and a piped stdin, how much of it xrun keeps to replay on the next attempt (`16MiB`, `512KiB`, `1g`; powers of 1024); past it xrun does not retry and says why',
  },
  queue: {
    default: { doc: 'queue on' },
    help: 'busy retries poll the daemon on their own instead of taking turns with other xruns',
    example: 'xrun --retry-busy --no-queue -- buck2 build',
    meaning:
      'busy retries (`busy`, `preempted`) poll the daemon on their own instead of taking turns with the other xruns waiting for the same tool and project through the local wait queue',
  },
  color: {
    help: "colour xrun's own lines: auto (a terminal, GitHub Actions, GitLab CI; NO_COLOR, FORCE_COLOR), always, never",
    example: 'always',
    meaning:
      "colour xrun's own lines (yellow): `always`, `never`, or `auto`: `NO_COLOR` turns it off, else `FORCE_COLOR` (on unless `0` or `false`), else on when stderr is a terminal or in GitHub Actions or GitLab CI (see [CI](ci.md)); the command's output is never touched",
  },
  fleet: {
    help: "share a retry budget and a circuit breaker with the fleet's other xruns through this Redis",
    example: 'redis://ci-redis:6379',
    meaning:
      "share a retry budget and a circuit breaker with every xrun of the fleet through this Redis or Valkey: `redis://[user:password@]host[:port][/db]`, `rediss://` for TLS, `unix:///path/redis.sock`, `redis://host1:port1,host2:port2` for a cluster's seeds, `redis+sentinel://sentinel1:port1,sentinel2:port2/master-name` behind Sentinel; fails open (see [Fleet](fleet.md))",
  },
  fleetBudget: {
    help: "with --fleet: the fleet's retries stay within RATIO of its first attempts, plus a floor",
    example: '10%+5',
    limit: `a ratio of at most ${MAX_FLEET_RATIO}, a floor of at most ${MAX_FLEET_FLOOR}`,
    meaning:
      'with `--fleet`: retries in the window stay within this share of the first attempts plus a floor per window: `0.2`, `20%`, `20%+10`',
  },
  fleetWindow: {
    help: 'with --fleet: the window the budget and the circuit count over',
    example: '5m',
    meaning: 'with `--fleet`: the sliding window the budget and the circuit breaker count over (at least 1s)',
  },
  fleetCooldown: {
    help: 'with --fleet: how long an open circuit refuses retries before one probe may go',
    example: '1m',
    meaning: 'with `--fleet`: how long an open circuit refuses every retry before one probe run may retry (half-open)',
  },
  fleetKey: {
    default: { doc: 'from the command' },
    help: 'with --fleet: the service the budget and circuit are kept for',
    example: 'registry',
    meaning:
      "with `--fleet`: the service the budget and the circuit are kept for; by default the tool and the registry host of the image or the daemon host (docker, podman), else the tool and the project directory's name",
  },
  fleetTimeout: {
    help: "with --fleet: the bound of each call to the fleet's Redis, past which xrun fails open",
    example: '250ms',
    meaning:
      "with `--fleet`: the bound of each call to the fleet's Redis; past it (or when Redis cannot be reached or answers an error) xrun retries as without `--fleet` and says so once",
  },
  profile: {
    help: 'use this named profile of the config file',
    example: 'ci',
    meaning: 'use the named profile of the config file (see [Configuration](configuration.md))',
  },
};

// Every setting, in RUN_SETTINGS' order, with what is said of it.
export const SETTINGS: readonly SettingRow[] = RUN_SETTINGS.map((row: RunSettingRow) => {
  const key = row.key as SettingKey;
  const { docValue, default: shownDefault, ...said } = TEXT[key];
  return {
    ...row,
    key,
    flag: docValue === undefined ? row.flag : { ...row.flag, docValue },
    default: { ...row.default, ...shownDefault },
    ...said,
  };
});

// Each row by its key.
export const SETTING = Object.fromEntries(SETTINGS.map((row) => [row.key, row])) as Readonly<
  Record<SettingKey, SettingRow>
>;

// The variables of xrun's own machinery (bin/xrun, the loader of dist/cli.cjs): no setting, no flag, no config key.
export const LAUNCHER_VARIABLES = [
  {
    name: 'XRUN_CACHE_DIR',
    meaning: "xrun's cache: V8's code cache of the CLI, Node's compile cache and the tools' releases",
  },
  // written by the launcher, not the user: what it saw of xrun's caller, read once and removed
  {
    name: 'XRUN_CALLER_STATE',
    meaning:
      "set by the launcher for xrun alone: descriptors 0-2 closed and signals ignored by xrun's caller; xrun removes it from the command's environment",
  },
] as const;

// The bound of a setting's values, its own or its kind's; undefined for a setting with none.
export function limitOf(row: SettingRow): string | undefined {
  return row.limit ?? KINDS[row.kind].limit;
}
