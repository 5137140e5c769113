import { Command, CommanderError } from 'commander';
import { misshapenFlag } from './flag-shape.js';
import type { RunSettings } from './plan.js';
import { writeStdout } from './stdio.js';
import { UsageError } from './usage-error.js';
import { VERSION } from './version.js';

export type CommandLine = { kind: 'run'; settings: RunSettings; command: string[] } | { kind: 'done' };

// The first words that select a subcommand instead of a command to run (`xrun -- explain` runs `explain`).
export const SUBCOMMANDS = ['explain', 'codes', 'config'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

const EXAMPLES = `
Examples:
  xrun --retry-busy -- buck2 build //...
  xrun --retry-connect --attempts 3 -- docker pull busybox
  xrun --retry-on busy,connect,2 --delay 250ms --max-delay 10s -- buck2 test //...
  xrun --normalize --map no-tests=0 -- buck2 test //...
  xrun --timeout 10m --kill-after 30s -- bazel build //...
  xrun --report xrun-report.json --profile ci -- buck2 build //...

Subcommands (a command named like one runs with xrun -- NAME):
  xrun explain CODE [--tool NAME] [run options]   what an exit code means and what the policy would do
  xrun explain --signal NAME [--tool NAME]        the same for a signal death
  xrun codes [--tool NAME] [--json]               the whole exit-code model
  xrun config [run options] [-- command]          the effective configuration and where each value came from

Environment: XRUN_ATTEMPTS, XRUN_DELAY, XRUN_MAX_DELAY, XRUN_RETRY_ON, XRUN_RETRY_BUSY, XRUN_RETRY_CONNECT,
XRUN_TIMEOUT, XRUN_KILL_AFTER, XRUN_SIGNAL, XRUN_DEADLINE, XRUN_QUIET, XRUN_NORMALIZE, XRUN_MAP, XRUN_TOOL,
XRUN_REPORT, XRUN_PROFILE. Config: xrun.config.json, .xrunrc.json or package.json "xrun", from the working
directory upwards. Precedence: flags, environment, config, defaults.

Exit status: the command's own (a signal death is re-raised on xrun); 125 for xrun's usage errors,
126 when the command cannot be executed, 127 when it is not found, 124 when --timeout stopped it.`;

type Out = { write(text: string): void };

// xrun's stdout, built only if help or the version is printed (stdio.ts).
const STDOUT: Out = { write: (text) => writeStdout(text) };

// The run options, shared by the run path, `explain` (which reads --signal as the signal to explain) and `config`.
function addRunOptions(cli: Command, { stopSignal }: { stopSignal: boolean }): Command {
  cli
    .option('--retry-busy', 'retry when the daemon is busy or preempted (buck2 4/5, bazel 9), e.g. xrun --retry-busy -- buck2 build //...')
    .option('--retry-connect', 'retry when the daemon cannot be reached (buck2 11, docker "Cannot connect"), e.g. xrun --retry-connect -- docker pull x')
    .option('--retry-on <list>', 'retry on these categories or exit codes, e.g. busy,connect,2')
    .option('--attempts <n>', 'total attempts including the first (default 5 with a retry option, else 1), e.g. 3')
    .option('--delay <duration>', 'first backoff ceiling, doubling per retry (default 500ms), e.g. 250ms')
    .option('--max-delay <duration>', 'cap of the backoff ceiling (default 30s), e.g. 1m')
    .option('--timeout <duration>', 'stop an attempt after this long (then 124, normalized 6), e.g. 10m')
    .option('--kill-after <duration>', 'after a stop signal xrun sends (--timeout, or a forwarded TERM/INT/HUP/QUIT), SIGKILL the command after this long (default 10s), e.g. 5s');
  if (stopSignal) cli.option('--signal <name>', 'signal sent on --timeout (default TERM), e.g. INT');
  return cli
    .option('--deadline <duration>', 'limit on the whole run, all attempts and sleeps together, e.g. 30m')
    .option('--no-queue', 'busy retries poll the daemon on their own instead of taking turns with other xruns, e.g. xrun --retry-busy --no-queue -- buck2 build')
    .option('--stdin-buffer <size>', 'piped stdin kept to replay on a retry (default 16MiB; past it, no retry), e.g. 64MiB')
    .option('--normalize', "exit with the model's unified code (buck2's numbers), e.g. buck2 141 -> 130")
    .option('--map <list>', 'remap the final exit code, FROM a code or a category, e.g. no-tests=0,4=75')
    .option('--tool <name>', 'exit-code model instead of detecting it: buck2, docker, podman, bazel, generic; e.g. buck2')
    .option('-q, --quiet', "print none of xrun's own lines, e.g. xrun -q --retry-busy -- buck2 build")
    .option('--report <file>', 'write a JSON report of the run (attempts, classifications, decisions) when xrun ends, e.g. xrun-report.json')
    .option('--profile <name>', 'use this named profile of the config file, e.g. ci');
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
    .usage('CODE [--tool NAME] [run options] | --signal NAME [--tool NAME]')
    .description("What an exit code (or a signal death) means in the tool's model, and what the policy would do with it.")
    .option('--signal <name>', 'explain a death by this signal instead of an exit code, e.g. KILL')
    .argument('[code]', 'the exit code, 0-255');
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
    .description('Print the effective configuration (flags, XRUN_* variables, config file, defaults) and where each value came from.')
    .argument('[command...]', 'the command, to detect its tool')
    .passThroughOptions();
}

// The long names of every option of the run path, for docs and tests.
export function optionNames(): string[] {
  return longNames(program({ write: () => {} }));
}

// The long names of every subcommand's own options (those the run path lacks).
export function subcommandOptionNames(): string[] {
  const run = new Set(optionNames());
  const all = [explainProgram, codesProgram, configProgram].flatMap((p) => longNames(p({ write: () => {} })));
  return [...new Set(all.filter((name) => !run.has(name)))];
}

function longNames(cli: Command): string[] {
  return [...cli.options.map((o) => o.long!), '--help'];
}

// The run path's program, built ahead of time by the startup snapshot and used by one parse.
let prebuiltProgram: Command | undefined;

export function prebuildProgram(): void {
  prebuiltProgram = program(STDOUT);
}

function freshProgram(out: Out): Command {
  const prebuilt = out === STDOUT ? prebuiltProgram : undefined;
  prebuiltProgram = undefined;
  return prebuilt ?? program(out);
}

// Parses xrun's argv (without node and script); throws UsageError for bad input.
export function parseCommandLine(argv: readonly string[], out: Out = STDOUT): CommandLine {
  const cli = parseWith(freshProgram(out), argv, { commandFollows: true });
  return cli ? { kind: 'run', settings: settingsOf(cli), command: cli.args } : { kind: 'done' };
}

export type ExplainLine = { kind: 'explain'; settings: RunSettings; code?: string; signal?: string } | { kind: 'done' };

// Parses `xrun explain ...` (argv after `explain`).
export function parseExplainLine(argv: readonly string[], out: Out = STDOUT): ExplainLine {
  const cli = parseWith(explainProgram(out), argv, { subcommand: 'explain', commandFollows: false });
  if (!cli) return { kind: 'done' };
  const { signal, ...settings } = settingsOf(cli) as RunSettings & { signal?: string };
  return { kind: 'explain', settings, ...(cli.args[0] === undefined ? {} : { code: cli.args[0] }), ...(signal === undefined ? {} : { signal }) };
}

export type CodesLine = { kind: 'codes'; tool?: string; json: boolean } | { kind: 'done' };

// Parses `xrun codes ...` (argv after `codes`).
export function parseCodesLine(argv: readonly string[], out: Out = STDOUT): CodesLine {
  const cli = parseWith(codesProgram(out), argv, { subcommand: 'codes', commandFollows: false });
  if (!cli) return { kind: 'done' };
  const { tool, json } = cli.opts<{ tool?: string; json?: boolean }>();
  return { kind: 'codes', json: json ?? false, ...(tool === undefined ? {} : { tool }) };
}

// Parses `xrun config ...` (argv after `config`).
export function parseConfigLine(argv: readonly string[], out: Out = STDOUT): CommandLine {
  const cli = parseWith(configProgram(out), argv, { subcommand: 'config', commandFollows: true });
  return cli ? { kind: 'run', settings: settingsOf(cli), command: cli.args } : { kind: 'done' };
}

// The settings the user gave as flags. Commander gives --no-queue a default of true; only an explicit
// flag may outrank XRUN_QUEUE and the config file.
function settingsOf(cli: Command): RunSettings {
  const settings = cli.opts<RunSettings>();
  if (cli.getOptionValueSource('queue') !== 'cli') delete settings.queue;
  return settings;
}

// Runs commander; undefined when it printed help or the version; UsageError for bad input. The one
// place commander's errors become xrun's: a single line (its "Did you mean" suggestion joined on),
// and never output of commander's own (quietProgram silences it).
function parseWith(cli: Command, argv: readonly string[], { subcommand, commandFollows }: { subcommand?: string; commandFollows: boolean }): Command | undefined {
  const usageError = (message: string) => new UsageError(subcommand ? `${subcommand}: ${message}` : message);
  const flags = cli.createHelp().visibleOptions(cli).map((o) => ({ short: o.short, long: o.long, takesValue: o.required || o.optional }));
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
