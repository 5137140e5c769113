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

// The command that really runs, seen through `env VAR=x`, `sudo`, `nice` and `nohup` prefixes.
export function effectiveCommand(argv: readonly string[]): string | undefined {
  let i = 0;
  while (i < argv.length) {
    const prefix = basename(argv[i]!);
    const valueOptions = VALUE_OPTIONS[prefix];
    if (!valueOptions) return argv[i];
    i += 1;
    while (i < argv.length) {
      const word = argv[i]!;
      if (word === '--') {
        i += 1;
        break;
      }
      if (prefix === 'env' && (word === '-S' || word === '--split-string')) return argv[i + 1]?.trim().split(/\s+/)[0];
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

// The tool model for a command line: buck2, docker, podman, bazel, or generic.
export function detectTool(argv: readonly string[]): ToolName {
  const command = effectiveCommand(argv);
  return (command && TOOLS_BY_BASENAME[basename(command)]) || 'generic';
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
