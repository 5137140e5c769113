import { describe, expect, it } from 'vitest';
import {
  configKeysMarkdown,
  environmentHelp,
  environmentMarkdown,
  optionHelp,
  optionsMarkdown,
} from '../../../src/settings/docs.js';
import { SETTING, SETTINGS, type SettingKey } from '../../../src/settings/table.js';

// docs/options.md's sections are compared whole with these generators in test/unit/readme.test.ts; here, how
// each part of a row is shown.

describe("optionHelp: an option's --help line, its default and an example", () => {
  it.each<[SettingKey, string]>([
    // a switch shows no default
    [
      'retryBusy',
      'retry when the daemon is busy or preempted (buck2 4/5, bazel 9), e.g. xrun --retry-busy -- buck2 build //...',
    ],
    [
      'queue',
      'busy retries poll the daemon on their own instead of taking turns with other xruns, e.g. xrun --retry-busy --no-queue -- buck2 build',
    ],
    // a default of its own for --help, or the default value
    [
      'attempts',
      'total attempts; alone it retries transient failures (with no model: any), never an interrupt (default 5 with a retry option, else 1; at most 1000000), e.g. 3',
    ],
    [
      'delay',
      'least wait before a retry (jitter only adds), or a list of waits (1s,2s,5s, the last repeating) (default 500ms; at most 104249991d), e.g. 250ms',
    ],
    ['maxDelay', 'cap of every wait between attempts (default 30s; at most 104249991d), e.g. 1m'],
    ['signal', 'signal sent on --timeout (default TERM; INT for bazel and buck2), e.g. INT'],
    [
      'stdinBuffer',
      'piped stdin kept to replay on a retry; past it, no retry (default 16MiB; at most 64GiB), e.g. 64MiB',
    ],
    // none
    ['timeout', 'stop an attempt after this long (then 124, normalized 6) (at most 104249991d), e.g. 10m'],
    ['profile', 'use this named profile of the config file, e.g. ci'],
  ])('%s', (key, help) => {
    expect(optionHelp(SETTING[key])).toBe(help);
  });
});

describe("environmentHelp: --help's paragraph on the variables", () => {
  const text =
    'Environment: XRUN_RETRY_BUSY, XRUN_RETRY_CONNECT, XRUN_RETRY_ON, XRUN_RETRY_ON_OUTPUT, XRUN_STOP_ON, XRUN_STOP_ON_OUTPUT, XRUN_RULES, XRUN_ATTEMPTS, XRUN_DELAY, XRUN_MAX_DELAY, XRUN_BACKOFF, XRUN_JITTER, XRUN_STAGGER, XRUN_ON_RETRY, ' +
    'XRUN_TIMEOUT, XRUN_KILL_AFTER, XRUN_SIGNAL, XRUN_DEADLINE, XRUN_NORMALIZE, XRUN_MAP, XRUN_TOOL, XRUN_QUIET, ' +
    'XRUN_REPORT, XRUN_STRUCTURED, XRUN_HOLD_STDOUT, XRUN_STDIN_BUFFER, XRUN_QUEUE (0 is --no-queue), XRUN_COLOR, XRUN_FLEET, XRUN_FLEET_BUDGET, XRUN_FLEET_WINDOW, XRUN_FLEET_COOLDOWN, XRUN_FLEET_KEY, XRUN_FLEET_TIMEOUT, XRUN_PROFILE (each as its flag); ' +
    'the launcher reads XRUN_CACHE_DIR and XRUN_CALLER_STATE.';

  it('names every variable, the settings in the table order, then the launcher', () => {
    expect(environmentHelp().replaceAll('\n', ' ')).toBe(text);
  });

  it('is wrapped at 110 columns, each line as full as the next word allows', () => {
    const lines = environmentHelp().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(110);
    for (let i = 0; i + 1 < lines.length; i++)
      expect(lines[i]!.length + 1 + lines[i + 1]!.split(' ')[0]!.length).toBeGreaterThan(110);
  });
});

describe("optionsMarkdown: docs/options.md's options table", () => {
  const lines = optionsMarkdown().split('\n');

  it('has a header, a row per setting, then --version and --help with no default', () => {
    expect(lines.slice(0, 2)).toEqual(['| option | meaning | default |', '| --- | --- | --- |']);
    expect(lines).toHaveLength(2 + SETTINGS.length + 2);
    expect(lines.slice(-2)).toEqual([
      '| `-V`, `--version` | print the version | |',
      '| `-h`, `--help` | list every option with a one-line meaning and an example | |',
    ]);
  });

  it.each([
    // the value's name in capitals, or the row's own; no default: none
    '| `--retry-on LIST` | retry on these conditions, comma-separated: categories (`busy`, `network`, `timeout`), raw exit codes (`2`), ranges of them (`129-192`) and signals (`SIGKILL`, `KILL`, `kill`: a death by it or an exit code the model reads as it), e.g. `busy,2,129-192`; see [Rules](configuration.md#rules) for the order | none |',
    '| `--map FROM=TO[,...]` | remap the final code afterwards; FROM is an exit code, a category, or `flaky` (a success after a failed attempt), e.g. `--map no-tests=0` or `--map flaky=3` | none |',
    // a default of its own for the docs, or the value in code
    "| `--attempts N` | total attempts including the first; alone, without a retry option (`--retry-on`, `--retry-on-output`, `--retry-busy`, `--retry-connect`) or a retry rule, it retries what the tool's model calls transient (`busy`, `preempted`, `connect`, `daemon-died`, `network`, `rate-limit`, `infra`, `timeout`) and, for a command with no model, any failure, as Debian's `retry` does; never an interrupt (a death by SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGPIPE, or an exit code read as one: 130, 143, ...); `xrun config` and `xrun explain` say what it retries; at most 1000000 | 5 once any retry option is given, else 1 |",
    '| `--max-delay DURATION` | cap of every wait between attempts (before jitter); at most 104249991d | `30s` (or `--delay` if larger; `5m` after a rate limit) |',
    '| `--tool NAME` | use this exit-code model (`buck2`, `docker`, `podman`, `bazel`, `generic`) instead of detecting it | detected |',
    '| `--signal NAME` | the stop signal for `--timeout`, a name or a number (`TERM`, `SIGINT`, `kill`, `9`, ...); bazel and buck2 get `INT` by default, their graceful cancel, and a SIGTERM xrun forwards to them goes as SIGINT too unless `--signal` is given (see [Tool-aware stop](behaviour.md#tool-aware-stop)) | `TERM`; `INT` for bazel and buck2 |',
    // a switch: off, or its own text; the short flag first
    "| `-q`, `--quiet` | print none of xrun's retry, give-up and deadline lines, nor its CI annotations and folds (errors that stop xrun are still printed) | off |",
    '| `--no-queue` | busy retries (`busy`, `preempted`) poll the daemon on their own instead of taking turns with the other xruns waiting for the same tool and project through the local wait queue | queue on |',
  ])('%s', (row) => {
    expect(lines).toContain(row);
  });
});

describe("configKeysMarkdown: docs/options.md's config-key table", () => {
  const lines = configKeysMarkdown().split('\n');

  it.each([
    // the keys that share a JSON form share a row, in the table order
    '| `retryBusy`, `retryConnect`, `normalize`, `quiet`, `structured`, `holdStdout` | `true` or `false` | `--retry-busy`, `--retry-connect`, `--normalize`, `--quiet`, `--structured`, `--hold-stdout` |',
    '| `delay`, `maxDelay`, `stagger`, `timeout`, `killAfter`, `deadline`, `fleetWindow`, `fleetCooldown`, `fleetTimeout` | a duration string (`"2s"`) or a number of seconds | `--delay`, `--max-delay`, `--stagger`, `--timeout`, `--kill-after`, `--deadline`, `--fleet-window`, `--fleet-cooldown`, `--fleet-timeout` |',
    '| `backoff`, `jitter`, `onRetry`, `signal`, `tool`, `report`, `color`, `fleet`, `fleetBudget`, `fleetKey` | a string | `--backoff`, `--jitter`, `--on-retry`, `--signal`, `--tool`, `--report`, `--color`, `--fleet`, `--fleet-budget`, `--fleet-key` |',
    // a negated switch has a row of its own
    '| `queue` | `true` or `false` (`false` is `--no-queue`) | `--no-queue` |',
    // then the sections: tools take every key but the tool itself
    '| `tools` | `{ "<tool>": { ...the keys above but tool } }` | per-tool settings |',
    '| `profiles` | `{ "<name>": { ...the keys above, tools } }` | named profiles for `--profile` |',
  ])('%s', (row) => {
    expect(lines).toContain(row);
  });

  it('has no row for profile, which no config file sets', () => {
    expect(lines.slice(0, 2)).toEqual(['| key | JSON | same as |', '| --- | --- | --- |']);
    expect(lines.filter((line) => line.includes('`profile`'))).toEqual([]);
    expect(lines.at(-1)).toMatch(/^\| `profiles` /);
  });
});

describe("environmentMarkdown: docs/options.md's environment paragraph", () => {
  it("the settings' variables, then the launcher's on a line of their own, at most 110 columns a line", () => {
    const text = environmentMarkdown();
    const [settings, launcher] = text.split('\nThe launcher also reads ') as [string, string];
    expect(settings.replaceAll('\n', ' ')).toMatch(
      /^\*\*Environment\.\*\* Each setting has a variable: `XRUN_RETRY_BUSY`, .*, `XRUN_QUEUE` \(`0` is `--no-queue`\), `XRUN_COLOR`, `XRUN_FLEET`, .*, `XRUN_FLEET_TIMEOUT`, `XRUN_PROFILE`\.$/,
    );
    expect(launcher.replaceAll('\n', ' ')).toMatch(
      /^`XRUN_CACHE_DIR` \(xrun's cache: .*\) and `XRUN_CALLER_STATE` .*; see \[Startup and speed\]\(performance\.md\)\.$/,
    );
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(110);
  });
});
