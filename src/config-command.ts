import { parseConfigLine } from './command-line.js';
import { parseCommand } from './command/parse.js';
import { formatDuration } from './duration.js';
import type { ExitStatus } from './exit-status.js';
import { loadSettings } from './load-settings.js';
import type { Plan, RunSettings } from './plan.js';
import { redactLine } from './redact.js';
import { type Resolved, SETTING_KEYS, planFrom } from './settings.js';
import { writeStdout } from './stdio.js';

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

// The table `xrun config` prints. Pure.
export function configText(resolved: Resolved, plan: Plan, commandGiven: boolean): string {
  const rows = SETTING_KEYS.map((key) => [key, redactLine(valueOf(key, resolved, plan)), originOf(key, resolved, commandGiven)]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length), 7));
  const table = [['setting', 'value', 'from'], ...rows].map(([k, v, o]) => `${k!.padEnd(widths[0]!)}  ${v!.padEnd(widths[1]!)}  ${o}`);
  const retried = [...plan.policy.categories, ...plan.policy.codes].join(', ') || 'nothing';
  return [
    `config file: ${resolved.config?.file ?? 'none found (xrun.config.json, .xrunrc.json, package.json "xrun") from here upwards'}`,
    // what the tool was detected from, its secrets redacted as in the report
    ...(commandGiven ? [`command: ${plan.parsed.redacted.join(' ')}`] : []),
    ...table,
    `retried: ${retried}; ${plan.policy.attempts} attempt${plan.policy.attempts === 1 ? '' : 's'} in all`,
    '',
  ].join('\n');
}

function valueOf(key: keyof RunSettings, resolved: Resolved, plan: Plan): string {
  switch (key) {
    case 'tool':
      return plan.tool;
    case 'attempts':
      return String(plan.policy.attempts);
    case 'delay':
      return formatDuration(plan.policy.backoff.baseDelayMs);
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
    case 'queue':
      return String(resolved.settings.queue ?? true);
    default: {
      const value = resolved.settings[key];
      return value === undefined ? (['retryBusy', 'retryConnect', 'normalize', 'quiet'].includes(key) ? 'false' : 'none') : String(value);
    }
  }
}

function originOf(key: keyof RunSettings, resolved: Resolved, commandGiven: boolean): string {
  const origin = resolved.origins[key];
  if (origin !== undefined) return origin;
  if (key === 'tool') return commandGiven ? 'detected from the command' : 'default (no command given)';
  return 'default';
}
