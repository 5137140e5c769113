// Pure: where the command that really runs starts behind `env VAR=x`, `sudo`, `nice` and `nohup`.

// Options of the prefix commands that take a value as the next word.
const VALUE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  env: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'],
  sudo: [
    '-u',
    '--user',
    '-g',
    '--group',
    '-C',
    '--close-from',
    '-D',
    '--chdir',
    '-h',
    '--host',
    '-p',
    '--prompt',
    '-r',
    '--role',
    '-t',
    '--type',
    '-T',
    '--command-timeout',
    '-U',
    '--other-user',
  ],
  nice: ['-n', '--adjustment'],
  nohup: [],
};

// Where the command that really runs starts: its index in argv; `split` when `env -S` hides it
// inside that one word. Undefined when argv is prefixes only.
export interface CommandStart {
  index: number;
  split: boolean;
}

export function locateCommand(argv: readonly string[]): CommandStart | undefined {
  let i = 0;
  while (i < argv.length) {
    const prefix = basename(argv[i]!);
    // own keys only: a command named `constructor` is no prefix
    const valueOptions = Object.hasOwn(VALUE_OPTIONS, prefix) ? VALUE_OPTIONS[prefix] : undefined;
    if (!valueOptions) return { index: i, split: false };
    i += 1;
    while (i < argv.length) {
      const word = argv[i]!;
      if (word === '--') {
        i += 1;
        break;
      }
      if (prefix === 'env' && (word === '-S' || word === '--split-string'))
        return i + 1 < argv.length ? { index: i + 1, split: true } : undefined;
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

// The command that really runs and its arguments, from where locateCommand found it (into `env -S "cmd args"`).
export function commandWords(argv: readonly string[], at: CommandStart): string[] {
  const rest = argv.slice(at.index + 1);
  return at.split ? [...argv[at.index]!.trim().split(/\s+/), ...rest] : [argv[at.index]!, ...rest];
}

// The last component of a path.
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
