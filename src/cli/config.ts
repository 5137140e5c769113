import { parseCommand } from '../command/parse.js';
import { safeLine } from '../command/redact.js';
import { shellQuote } from '../command/shell-quote.js';
import { formatDuration } from '../model/duration.js';
import type { ExitStatus } from '../model/exit-status.js';
import { decidersText } from '../model/rules.js';
import { writeStdout } from '../process/stdio.js';
import { planFrom, type Resolved } from '../settings/layers.js';
import { loadSettings } from '../settings/load.js';
import type { Plan } from '../settings/plan.js';
import { PATTERN_SEPARATOR, SETTING, SETTING_KEYS, type SettingKey, type SettingRow } from '../settings/table.js';
import { parseConfigLine } from './argv.js';
import { inertRetriesLine } from './inert-line.js';

// `xrun config [run options] [-- command]`: the effective settings and where each came from.
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  const line = parseConfigLine(argv);
  if (line.kind === 'done') return { kind: 'code', code: 0 };
  // without a command the tool cannot be detected: the generic model (or --tool) it is
  const command = parseCommand(line.command.length > 0 ? line.command : ['generic']);
  const resolved = loadSettings(line.settings, command);
  const plan = planFrom(resolved, command);
  writeStdout(configText(resolved, plan, line.command.length > 0));
  return { kind: 'code', code: 0 };
}

// The tool and the profile first: they choose which parts of the config file apply.
const SHOWN_KEYS: readonly SettingKey[] = [
  'tool',
  'profile',
  ...SETTING_KEYS.filter((key) => key !== 'tool' && key !== 'profile'),
];

// The table `xrun config` prints. Pure.
export function configText(resolved: Resolved, plan: Plan, commandGiven: boolean): string {
  // every value and origin may quote the user's text (a config file's path, a flag's value): one line each, redacted
  const rows = SHOWN_KEYS.map((key) => [
    key,
    safeLine(shownValue(key, resolved, plan)),
    safeLine(originOf(key, resolved, commandGiven)),
  ]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length), 7));
  const table = [['setting', 'value', 'from'], ...rows].map(
    ([k, v, o]) => `${k!.padEnd(widths[0]!)}  ${v!.padEnd(widths[1]!)}  ${o}`,
  );
  const retried = safeLine(decidersText(plan.policy.deciders));
  return [
    `config file: ${resolved.config ? safeLine(resolved.config.file) : 'none found (xrun.config.json, .xrunrc.json, package.json "xrun") from here upwards'}`,
    // what the tool was detected from, its secrets redacted as in the report
    ...(commandGiven ? [`command: ${safeLine(shellQuote(plan.parsed.redacted))}`] : []),
    ...table,
    `retried: ${retried}; ${plan.policy.attempts} attempt${plan.policy.attempts === 1 ? '' : 's'} in all`,
    ...(commandGiven ? inertRetriesLine(plan) : []),
    '',
  ].join('\n');
}

// The parsed value where parsing shows it plainer (a duration, SIGTERM), else the setting as given.
function shownValue(key: SettingKey, resolved: Resolved, plan: Plan): string {
  switch (key) {
    case 'tool':
      return plan.tool;
    case 'fleet':
      // the URL's password never shows
      return plan.fleet?.address.shown ?? 'none';
    case 'attempts':
      return String(plan.policy.attempts);
    case 'delay':
      return (plan.policy.backoff.list ?? [plan.policy.backoff.baseDelayMs]).map(formatDuration).join(',');
    // its default depends on --delay (none for a list)
    case 'jitter':
      return plan.policy.backoff.jitter ?? 'full';
    case 'stagger':
      return plan.staggerMs === undefined ? 'none' : formatDuration(plan.staggerMs);
    case 'maxDelay':
      return formatDuration(plan.policy.backoff.maxDelayMs);
    case 'killAfter':
      return formatDuration(plan.killAfterMs);
    case 'signal':
      return plan.stopSignal;
    case 'timeout':
      return plan.timeoutMs === undefined ? 'none' : formatDuration(plan.timeoutMs);
    case 'deadline':
      return plan.deadlineMs === undefined ? 'none' : formatDuration(plan.deadlineMs);
    case 'stdinBuffer':
      return plan.stdinBuffer.text;
    case 'retryOnOutput':
    case 'stopOnOutput': {
      const text = resolved.settings[key];
      return text === undefined
        ? 'none'
        : text
            .split(PATTERN_SEPARATOR)
            .map((source) => JSON.stringify(source))
            .join(', ');
    }
    default: {
      const row: SettingRow = SETTING[key];
      const value = resolved.settings[key] ?? row.default.value;
      return value === undefined ? 'none' : String(value);
    }
  }
}

function originOf(key: SettingKey, resolved: Resolved, commandGiven: boolean): string {
  const origin = resolved.origins[key];
  if (origin !== undefined) return origin;
  if (key === 'tool') return commandGiven ? 'detected from the command' : 'default (no command given)';
  return 'default';
}
