// What commander would read too liberally: `-q1` (it runs -q, then takes -1 as the command), `-qV`
// (-q then -V), `--retry-busy=1` (an unknown option). Pure.

export interface FlagSpec {
  short?: string | undefined;
  long?: string | undefined;
  takesValue: boolean;
}

// The first flag in `argv` glued to something it cannot take, as a usage message; undefined if none.
// A flag that takes no value stands alone: no `=value`, no letters or digits after a short flag.
// Looks at xrun's own flags only: up to `--`, and with `commandFollows` up to the first other word
// (the command, or an unknown option that commander reports).
export function misshapenFlag(
  argv: readonly string[],
  flags: readonly FlagSpec[],
  commandFollows: boolean,
): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return undefined;
    const exact = flags.find((f) => f.short === arg || f.long === arg);
    if (exact) {
      if (!exact.takesValue) continue;
      i++;
      // `--report --` or `--delay --attempts`: the value was forgotten, not meant to be `--`
      if (looksLikeOption(argv[i])) return `${arg}: needs a value, got '${argv[i]}' (an option, not a value)`;
      continue;
    }
    const glued = gluedFlag(arg, flags);
    if (glued && !glued.takesValue) {
      if (arg.startsWith('--')) return `${glued.long}: takes no value, got '${arg}'`;
      return `${arg}: ${glued.short} takes no value and combines with no other flag (give each flag on its own)`;
    }
    if (!glued && commandFollows) return undefined;
  }
  return undefined;
}

// `--`, `-q`, `--attempts`: a word that is an option, never a value (`-` alone and negative numbers are values).
function looksLikeOption(word: string | undefined): boolean {
  return word !== undefined && /^-(-|[A-Za-z])/.test(word);
}

// The flag `arg` starts with when it carries more: `--name=...` or `-xMORE`.
function gluedFlag(arg: string, flags: readonly FlagSpec[]): FlagSpec | undefined {
  if (arg.startsWith('--')) {
    const equals = arg.indexOf('=');
    return equals < 0 ? undefined : flags.find((f) => f.long === arg.slice(0, equals));
  }
  return arg.length > 2 && arg.startsWith('-') ? flags.find((f) => f.short === arg.slice(0, 2)) : undefined;
}
