import { Argument, Command, CommanderError } from 'commander';
import { VERSION } from '../model/version.js';
import { writeStdout } from '../process/stdio.js';
import { environmentHelp, optionHelp } from '../settings/docs.js';
import { isNegated, PATTERN_SEPARATOR, type RunSettings, SETTINGS, type SettingRow } from '../settings/table.js';
import { UsageError } from '../settings/usage-error.js';
import { misshapenFlag } from './flag-shape.js';
import type { Subcommand } from './subcommands.js';

export type CommandLine = { kind: 'run'; settings: RunSettings; command: string[] } | { kind: 'done' };

// The shells `xrun completion` writes a script for.
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

// --help's epilogue, also the man page's (cli/man-page.ts): examples, subcommands, config files, exit status.
export const HELP_EXAMPLES = [
  'xrun --retry-busy -- buck2 build //...',
  'xrun --retry-connect --attempts 3 -- docker pull busybox',
  'xrun --retry-on busy,connect,2 --delay 250ms --max-delay 10s -- buck2 test //...',
  'xrun --normalize --map no-tests=0 -- buck2 test //...',
  'xrun --timeout 10m --kill-after 30s -- bazel build //...',
  'xrun --report xrun-report.json --profile ci -- buck2 build //...',
];
export const HELP_SUBCOMMANDS: readonly (readonly [usage: string, meaning: string])[] = [
  ['xrun explain CODE [--tool NAME] [run options]', 'what an exit code means and what the policy would do'],
  ['xrun explain --signal NAME [--tool NAME]', 'the same for a signal death'],
  ['xrun explain FILE', "what each attempt did and why, from xrun's --report (or a tool's own report)"],
  ['xrun codes [--tool NAME] [--json]', 'the whole exit-code model'],
  ['xrun config [run options] [-- command]', 'the effective configuration and where each value came from'],
  ['xrun completion bash|zsh|fish', 'a shell completion script (docs/subcommands.md)'],
  ['xrun fleet [--fleet URL] [--json]', "each service's fleet window: first attempts, retries, refusals, circuit"],
];
export const HELP_CONFIG =
  'xrun.config.json, .xrunrc.json or package.json "xrun", from the working directory upwards.\nPrecedence: flags, environment, config, defaults.';
export const HELP_EXIT_STATUS =
  "the command's own (a signal death is re-raised on xrun); 125 for xrun's usage errors,\n126 when the command cannot be executed, 127 when it is not found, 124 when --timeout stopped it.";

const EXAMPLES = `
Examples:
${HELP_EXAMPLES.map((line) => `  ${line}`).join('\n')}

Subcommands (a command named like one runs with xrun -- NAME):
${HELP_SUBCOMMANDS.map(([usage, meaning]) => `  ${usage.padEnd(48)}${meaning}`).join('\n')}

${environmentHelp()}
Config: ${HELP_CONFIG}

Exit status: ${HELP_EXIT_STATUS}`;

type Out = { write(text: string): void };

// xrun's stdout, built only if help or the version is printed (process/stdio.ts).
const STDOUT: Out = { write: (text) => writeStdout(text) };

// The run options (the settings table's rows), shared by the run path, `explain` (whose own --signal
// names the signal to explain) and `config`.
function addRunOptions(cli: Command, { stopSignal }: { stopSignal: boolean }): Command {
  for (const row of SETTINGS) {
    if (!stopSignal && row.key === 'signal') continue;
    if (row.kind === 'patterns') cli.option(commanderFlags(row), optionHelp(row), collectPattern);
    else cli.option(commanderFlags(row), optionHelp(row));
  }
  return cli;
}

// A repeatable flag's patterns, one a line as the settings hold them.
function collectPattern(value: string, previous: string | undefined): string {
  return previous === undefined ? value : `${previous}${PATTERN_SEPARATOR}${value}`;
}

// `-q, --quiet`, `--attempts <n>`
function commanderFlags({ flag }: SettingRow): string {
  return `${flag.short === undefined ? '' : `${flag.short}, `}${flag.long}${flag.value === undefined ? '' : ` <${flag.value}>`}`;
}

// A commander program that reports into `out` and throws instead of exiting.
function quietProgram(name: string, out: Out): Command {
  return new Command(name)
    .configureHelp({ helpWidth: 200 })
    .exitOverride()
    .configureOutput({ writeOut: (text) => out.write(text), writeErr: () => {}, outputError: () => {} })
    .helpOption('-h, --help', `show this help, e.g. ${name} --help`)
    .action(() => {});
}

// Builds the commander program: every option with a one-line meaning and an example.
function program(out: Out): Command {
  return addRunOptions(quietProgram('xrun', out), { stopSignal: true })
    .usage('[options] [--] <command> [args...]')
    .description('Run a build or CI tool exactly as it is, classify how it ended, and retry per policy.')
    .version(VERSION, '-V, --version', 'print the version, e.g. xrun --version')
    .argument('[command...]', 'the command to run and its arguments')
    .addHelpText('after', EXAMPLES)
    .passThroughOptions();
}

function explainProgram(out: Out): Command {
  return addRunOptions(quietProgram('xrun explain', out), { stopSignal: false })
    .usage('CODE [--tool NAME] [run options] [-- command] | --signal NAME [--tool NAME] | FILE [--tool NAME]')
    .description(
      "What an exit code (or a signal death) means in the tool's model, and what the policy would do with it.",
    )
    .option('--signal <name>', 'explain a death by this signal instead of an exit code, e.g. KILL')
    .argument(
      '[code]',
      "the exit code, 0-255, or a tool's report file (bazel's build event file, buck2's command report)",
    );
}

function codesProgram(out: Out): Command {
  return quietProgram('xrun codes', out)
    .description('Print the exit-code model: the categories and every tool (markdown tables, or JSON).')
    .option('--tool <name>', 'only this tool, e.g. buck2')
    .option('--json', 'print JSON (patterns as their source strings), e.g. xrun codes --json');
}

function configProgram(out: Out): Command {
  return addRunOptions(quietProgram('xrun config', out), { stopSignal: true })
    .usage('[run options] [-- command [args...]]')
    .description(
      'Print the effective configuration (flags, XRUN_* variables, config file, defaults) and where each value came from.',
    )
    .argument('[command...]', 'the command, to detect its tool')
    .passThroughOptions();
}

function completionProgram(out: Out): Command {
  return quietProgram('xrun completion', out)
    .usage(SHELLS.join('|'))
    .description(
      'Print a completion script for the shell: every option, the values of those that take a set, and the subcommands.',
    )
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS));
}

// Every program, the run path's ('') and each subcommand's, as commander describes them (cli/completion-spec.ts).
export function programs(): Readonly<Record<'' | Subcommand, Command>> {
  const sink = { write: () => {} };
  return {
    '': program(sink),
    explain: explainProgram(sink),
    codes: codesProgram(sink),
    config: configProgram(sink),
    completion: completionProgram(sink),
    fleet: fleetProgram(sink),
  };
}

function fleetProgram(out: Out): Command {
  return quietProgram('xrun fleet', out)
    .description(
      "Print each service's fleet window (--fleet): first attempts, retries granted and refused, the circuit's state.",
    )
    .option('--fleet <url>', "the fleet's Redis (else XRUN_FLEET or the config's fleet), e.g. redis://ci-redis:6379")
    .option('--json', 'print JSON, e.g. xrun fleet --json');
}

// The long names of every option of the run path, for docs and tests.
export function optionNames(): string[] {
  return longNames(program({ write: () => {} }));
}

// The long names of every subcommand's own options (those the run path lacks).
export function subcommandOptionNames(): string[] {
  const run = new Set(optionNames());
  const all = [explainProgram, codesProgram, configProgram, completionProgram, fleetProgram].flatMap((p) =>
    longNames(p({ write: () => {} })),
  );
  return [...new Set(all.filter((name) => !run.has(name)))];
}

function longNames(cli: Command): string[] {
  return [...cli.options.map((o) => o.long!), '--help'];
}

// Parses xrun's argv (without node and script); throws UsageError for bad input.
export function parseCommandLine(argv: readonly string[], out: Out = STDOUT): CommandLine {
  const cli = parseWith(program(out), argv, { commandFollows: true });
  return cli ? { kind: 'run', settings: settingsOf(cli), command: cli.args } : { kind: 'done' };
}

export type ExplainLine = { kind: 'explain'; settings: RunSettings; code?: string; signal?: string } | { kind: 'done' };

// Parses `xrun explain ...` (argv after `explain`).
export function parseExplainLine(argv: readonly string[], out: Out = STDOUT): ExplainLine {
  const cli = parseWith(explainProgram(out), argv, { subcommand: 'explain', commandFollows: false });
  if (!cli) return { kind: 'done' };
  const { signal, ...settings } = settingsOf(cli) as RunSettings & { signal?: string };
  return {
    kind: 'explain',
    settings,
    ...(cli.args[0] === undefined ? {} : { code: cli.args[0] }),
    ...(signal === undefined ? {} : { signal }),
  };
}

export type CodesLine = { kind: 'codes'; tool?: string; json: boolean } | { kind: 'done' };

// Parses `xrun codes ...` (argv after `codes`).
export function parseCodesLine(argv: readonly string[], out: Out = STDOUT): CodesLine {
  const cli = parseWith(codesProgram(out), argv, { subcommand: 'codes', commandFollows: false });
  if (!cli) return { kind: 'done' };
  const { tool, json } = cli.opts<{ tool?: string; json?: boolean }>();
  return { kind: 'codes', json: json ?? false, ...(tool === undefined ? {} : { tool }) };
}

// Parses `xrun completion SHELL` (argv after `completion`).
export function parseCompletionLine(
  argv: readonly string[],
  out: Out = STDOUT,
): { kind: 'completion'; shell: Shell } | { kind: 'done' } {
  const cli = parseWith(completionProgram(out), argv, { subcommand: 'completion', commandFollows: false });
  return cli ? { kind: 'completion', shell: cli.args[0] as Shell } : { kind: 'done' };
}

export type FleetLine = { kind: 'fleet'; fleet?: string; json: boolean } | { kind: 'done' };

// Parses `xrun fleet ...` (argv after `fleet`).
export function parseFleetLine(argv: readonly string[], out: Out = STDOUT): FleetLine {
  const cli = parseWith(fleetProgram(out), argv, { subcommand: 'fleet', commandFollows: false });
  if (!cli) return { kind: 'done' };
  const { fleet, json } = cli.opts<{ fleet?: string; json?: boolean }>();
  return { kind: 'fleet', json: json ?? false, ...(fleet === undefined ? {} : { fleet }) };
}

// Parses `xrun config ...` (argv after `config`).
export function parseConfigLine(argv: readonly string[], out: Out = STDOUT): CommandLine {
  const cli = parseWith(configProgram(out), argv, { subcommand: 'config', commandFollows: true });
  return cli ? { kind: 'run', settings: settingsOf(cli), command: cli.args } : { kind: 'done' };
}

// The settings the user gave as flags. Commander gives a negated flag's setting (--no-queue) a default
// of true; only an explicit flag may outrank XRUN_QUEUE and the config file.
function settingsOf(cli: Command): RunSettings {
  const settings = cli.opts<RunSettings>();
  for (const row of SETTINGS)
    if (isNegated(row) && cli.getOptionValueSource(row.key) !== 'cli') delete settings[row.key];
  return settings;
}

// Runs commander; undefined when it printed help or the version; UsageError for bad input. The one
// place commander's errors become xrun's: a single line (its "Did you mean" suggestion joined on),
// and never output of commander's own (quietProgram silences it).
function parseWith(
  cli: Command,
  argv: readonly string[],
  { subcommand, commandFollows }: { subcommand?: string; commandFollows: boolean },
): Command | undefined {
  const usageError = (message: string) => new UsageError(subcommand ? `${subcommand}: ${message}` : message);
  const flags = cli
    .createHelp()
    .visibleOptions(cli)
    .map((o) => ({ short: o.short, long: o.long, takesValue: o.required || o.optional }));
  const misshapen = misshapenFlag(argv, flags, commandFollows);
  if (misshapen !== undefined) throw usageError(misshapen);
  try {
    cli.parse(argv as string[], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return undefined;
    throw usageError(error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '));
  }
  return cli;
}
