import { Command, CommanderError } from 'commander';
import type { RunSettings } from './plan.js';
import { UsageError } from './usage-error.js';
import { VERSION } from './version.js';

export type CommandLine = { kind: 'run'; settings: RunSettings; command: string[] } | { kind: 'done' };

const EXAMPLES = `
Examples:
  xrun --retry-busy -- buck2 build //...
  xrun --retry-connect --attempts 3 -- docker pull busybox
  xrun --retry-on busy,connect,2 --delay 250ms --max-delay 10s -- buck2 test //...
  xrun --normalize --map no-tests=0 -- buck2 test //...
  xrun --timeout 10m --kill-after 30s -- bazel build //...

Exit status: the command's own (a signal death is re-raised on xrun); 125 for xrun's usage errors,
126 when the command cannot be executed, 127 when it is not found, 124 when --timeout stopped it.`;

// Builds the commander program: every option with a one-line meaning and an example.
function program(out: { write(text: string): void }): Command {
  return new Command('xrun')
    .usage('[options] [--] <command> [args...]')
    .description('Run a build or CI tool exactly as it is, classify how it ended, and retry per policy.')
    .option('--retry-busy', 'retry when the daemon is busy or preempted (buck2 4/5, bazel 9), e.g. xrun --retry-busy -- buck2 build //...')
    .option('--retry-connect', 'retry when the daemon cannot be reached (buck2 11, docker "Cannot connect"), e.g. xrun --retry-connect -- docker pull x')
    .option('--retry-on <list>', 'retry on these categories or exit codes, e.g. busy,connect,2')
    .option('--attempts <n>', 'total attempts including the first (default 5 with a retry option, else 1), e.g. 3')
    .option('--delay <duration>', 'first backoff ceiling, doubling per retry (default 500ms), e.g. 250ms')
    .option('--max-delay <duration>', 'cap of the backoff ceiling (default 30s), e.g. 1m')
    .option('--timeout <duration>', 'stop an attempt after this long (then 124, normalized 6), e.g. 10m')
    .option('--kill-after <duration>', 'after the stop signal, SIGKILL the command after this long (default 10s), e.g. 5s')
    .option('--signal <name>', 'signal sent on --timeout (default TERM), e.g. INT')
    .option('--deadline <duration>', 'limit on the whole run, all attempts and sleeps together, e.g. 30m')
    .option('--no-queue', 'busy retries poll the daemon on their own instead of taking turns with other xruns, e.g. xrun --retry-busy --no-queue -- buck2 build')
    .option('--stdin-buffer <size>', 'piped stdin kept to replay on a retry (default 16MiB; past it, no retry), e.g. 64MiB')
    .option('--normalize', "exit with the model's unified code (buck2's numbers), e.g. buck2 141 -> 130")
    .option('--map <list>', 'remap the final exit code, FROM a code or a category, e.g. no-tests=0,4=75')
    .option('--tool <name>', 'exit-code model instead of detecting it: buck2, docker, podman, bazel, generic; e.g. buck2')
    .option('-q, --quiet', "print none of xrun's own lines, e.g. xrun -q --retry-busy -- buck2 build")
    .version(VERSION, '-V, --version', 'print the version, e.g. xrun --version')
    .helpOption('-h, --help', 'show this help, e.g. xrun --help')
    .argument('[command...]', 'the command to run and its arguments')
    .addHelpText('after', EXAMPLES)
    .configureHelp({ helpWidth: 200 })
    .passThroughOptions()
    .exitOverride()
    .configureOutput({ writeOut: (text) => out.write(text), writeErr: () => {}, outputError: () => {} })
    .action(() => {});
}

// The long names of every option, for docs and tests.
export function optionNames(): string[] {
  const cli = program({ write: () => {} });
  return [...cli.options.map((o) => o.long!), '--help'];
}

// Parses xrun's argv (without node and script); throws UsageError for bad input.
export function parseCommandLine(argv: readonly string[], out: { write(text: string): void } = process.stdout): CommandLine {
  const cli = program(out);
  try {
    cli.parse(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return { kind: 'done' };
      throw new UsageError(error.message.replace(/^error: /, ''));
    }
    throw error;
  }
  return { kind: 'run', settings: cli.opts<RunSettings>(), command: cli.args };
}
