import type { ToolName } from '../model/tools/index.js';
import { type ContainerRun, containerRunOf } from './container-run.js';
import { basename, type CommandStart, commandWords, locateCommand } from './prefixes.js';
import { redactCommand } from './redact.js';
import { globalOptionsEnd, toolOf } from './tools.js';

// The user's command (argv after xrun's own options), read once: every module that needs a fact
// of it reads it here. Frozen; pure.
export interface ParsedCommand {
  // the words as given: what xrun runs
  readonly argv: readonly string[];
  // the command that really runs and its arguments, through env/sudo/nice/nohup prefixes (into
  // `env -S "cmd args"`); undefined when argv is prefixes only
  readonly effectiveArgv: readonly string[] | undefined;
  // the tool detected from the effective command's basename (--tool, XRUN_TOOL or the config win over it)
  readonly tool: ToolName;
  // the tool's global options before its subcommand: `bazel --noblock_for_lock build`, `docker --context x run`
  readonly globalOptions: readonly string[];
  // the tool's subcommand (`build`, `run`, `compose`, `container`); undefined for a generic command
  readonly subcommand: string | undefined;
  // a `docker run` / `podman run` (also `container run`), seen through the prefixes and global options
  // (not into `env -S`, where xrun could not add its --cidfile)
  readonly container: ContainerRun | undefined;
  // buck2's isolation dir as the command sets it (--isolation-dir before `--`, or BUCK_ISOLATION_DIR=x
  // in a prefix); undefined leaves it to xrun's environment. Read whatever tool is detected: --tool
  // buck2 may name a wrapper of buck2.
  readonly isolationDir: string | undefined;
  // the name xrun's lines use: the basename of what really runs
  readonly name: string;
  // the words with secret values replaced by *** (reports, summaries, `xrun config`)
  readonly redacted: readonly string[];
}

// A command as words, or already parsed (the settings and the plan take either).
export type CommandInput = readonly string[] | ParsedCommand;

export function parseCommand(words: readonly string[]): ParsedCommand {
  const argv = Object.freeze([...words]);
  const { at, effectiveArgv: effective, tool } = commandStart(argv);
  const optionsEnd = effective ? globalOptionsEnd(tool, effective) : 0;
  const subcommand =
    tool === 'generic' || !effective || effective[optionsEnd] === '--' ? undefined : effective[optionsEnd];
  let redacted: readonly string[] | undefined;
  return Object.freeze({
    argv,
    effectiveArgv: effective,
    tool,
    globalOptions: Object.freeze(effective ? effective.slice(1, optionsEnd) : []),
    subcommand,
    container: at && subcommand !== undefined ? containerOf(tool, argv, at, optionsEnd) : undefined,
    isolationDir: at && effective ? isolationDirOf(argv.slice(0, at.index), effective.slice(1)) : undefined,
    name: basename(effective?.[0] ?? argv[0] ?? ''),
    // worked out on first read: only a report and `xrun config` read it
    get redacted() {
      redacted ??= Object.freeze(redactCommand(argv));
      return redacted;
    },
  });
}

// Where the command that really runs starts, its words and its tool: the first of parseCommand's facts.
function commandStart(argv: readonly string[]): {
  at: CommandStart | undefined;
  effectiveArgv: readonly string[] | undefined;
  tool: ToolName;
} {
  const at = locateCommand(argv);
  const effectiveArgv = at && Object.freeze(commandWords(argv, at));
  return { at, effectiveArgv, tool: effectiveArgv ? toolOf(effectiveArgv[0]!) : 'generic' };
}

// The parsed command of either form.
export function asParsed(command: CommandInput): ParsedCommand {
  return 'argv' in command ? command : parseCommand(command);
}

function containerOf(
  tool: ToolName,
  argv: readonly string[],
  at: CommandStart,
  optionsEnd: number,
): ContainerRun | undefined {
  if (at.split || (tool !== 'docker' && tool !== 'podman')) return undefined;
  const run = containerRunOf(tool, argv, at.index + optionsEnd);
  return run && Object.freeze({ ...run, toolArgv: Object.freeze(run.toolArgv) });
}

// facebook/buck2 app/buck2/src/lib.rs, BeforeSubcommandOptions::isolation_dir: `--isolation-dir`
// (global, so anywhere before `--`), else $BUCK_ISOLATION_DIR (an empty one is unset: v2).
function isolationDirOf(prefixes: readonly string[], args: readonly string[]): string | undefined {
  let isolation: string | undefined;
  // `env BUCK_ISOLATION_DIR=x buck2 ...`
  for (const word of prefixes) {
    if (word.startsWith('BUCK_ISOLATION_DIR=')) isolation = word.slice('BUCK_ISOLATION_DIR='.length) || 'v2';
  }
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i]!;
    if (word === '--') break;
    if (word === '--isolation-dir' && i + 1 < args.length) isolation = args[++i]!;
    else if (word.startsWith('--isolation-dir=')) isolation = word.slice('--isolation-dir='.length);
  }
  return isolation;
}
