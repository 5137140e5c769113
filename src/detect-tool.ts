import type { ToolName } from './models/index.js';

const TOOLS_BY_BASENAME: Readonly<Record<string, ToolName>> = {
  buck2: 'buck2',
  docker: 'docker',
  podman: 'podman',
  bazel: 'bazel',
  bazelisk: 'bazel',
};

// Options of the prefix commands that take a value as the next word.
const VALUE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  env: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'],
  sudo: ['-u', '--user', '-g', '--group', '-C', '--close-from', '-D', '--chdir', '-h', '--host', '-p', '--prompt', '-r', '--role', '-t', '--type', '-T', '--command-timeout', '-U', '--other-user'],
  nice: ['-n', '--adjustment'],
  nohup: [],
};

// Where the command that really runs starts, seen through `env VAR=x`, `sudo`, `nice` and `nohup`
// prefixes: its index in argv; `split` when `env -S` hides it inside that one word.
export function locateCommand(argv: readonly string[]): { index: number; split: boolean } | undefined {
  let i = 0;
  while (i < argv.length) {
    const prefix = basename(argv[i]!);
    const valueOptions = VALUE_OPTIONS[prefix];
    if (!valueOptions) return { index: i, split: false };
    i += 1;
    while (i < argv.length) {
      const word = argv[i]!;
      if (word === '--') {
        i += 1;
        break;
      }
      if (prefix === 'env' && (word === '-S' || word === '--split-string')) return i + 1 < argv.length ? { index: i + 1, split: true } : undefined;
      if (word.startsWith('-') && word.length > 1) {
        i += valueOptions.includes(word) ? 2 : 1;
      } else if ((prefix === 'env' || prefix === 'sudo') && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
        i += 1;
      } else {
        break;
      }
    }
  }
  return undefined;
}

// The command that really runs and its arguments, seen through `env VAR=x`, `sudo`, `nice` and
// `nohup` prefixes (and into `env -S "cmd args"`).
export function effectiveArgv(argv: readonly string[]): string[] | undefined {
  const at = locateCommand(argv);
  if (!at) return undefined;
  const rest = argv.slice(at.index + 1);
  return at.split ? [...argv[at.index]!.trim().split(/\s+/), ...rest] : [argv[at.index]!, ...rest];
}

// The command that really runs, seen through the same prefixes.
export function effectiveCommand(argv: readonly string[]): string | undefined {
  return effectiveArgv(argv)?.[0];
}

// The tool model for a command line: buck2, docker, podman, bazel, or generic.
export function detectTool(argv: readonly string[]): ToolName {
  const command = effectiveCommand(argv);
  return (command && TOOLS_BY_BASENAME[basename(command)]) || 'generic';
}

// The last component of a path.
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
