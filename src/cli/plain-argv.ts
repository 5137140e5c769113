import {
  isNegated,
  PATTERN_SEPARATOR,
  RUN_SETTINGS,
  type RunSettingRow,
  type RunSettings,
} from '../settings/run-table.js';

export type PlainCommandLine = { kind: 'run'; settings: RunSettings; command: string[] };

// Each run flag by its long and short name.
const FLAGS: ReadonlyMap<string, RunSettingRow> = new Map(
  RUN_SETTINGS.flatMap((row: RunSettingRow) => [
    [row.flag.long, row] as const,
    ...(row.flag.short === undefined ? [] : [[row.flag.short, row] as const]),
  ]),
);

// The common command line, `xrun [run flags] [--] command ...`, read without commander (whose modules
// would cost every start) into what commander would give (test/unit/cli/plain-argv.test.ts); undefined
// for anything else (help, the version, an unknown or misshapen flag, a value that looks like a flag,
// no command), which commander reads, with its messages. Pure.
export function plainCommandLine(argv: readonly string[]): PlainCommandLine | undefined {
  const settings: Record<string, string | boolean> = {};
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i += 1) {
    const word = argv[i]!;
    if (word === '--') {
      i += 1;
      break;
    }
    const flag = flagOf(word);
    if (flag === undefined) return undefined;
    const { row } = flag;
    if (row.flag.value === undefined) {
      settings[row.key] = !isNegated(row);
      continue;
    }
    if (flag.value === undefined) i += 1;
    const value = flag.value ?? argv[i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    const previous = settings[row.key];
    settings[row.key] =
      row.kind === 'patterns' && typeof previous === 'string' ? `${previous}${PATTERN_SEPARATOR}${value}` : value;
  }
  const command = argv.slice(i);
  return command.length === 0 ? undefined : { kind: 'run', settings: settings as RunSettings, command };
}

// `--attempts`, `-q` or `--attempts=3` (a flag that takes a value); undefined for any other word.
function flagOf(word: string): { row: RunSettingRow; value?: string } | undefined {
  const row = FLAGS.get(word);
  if (row !== undefined) return { row };
  const equals = word.indexOf('=');
  if (!word.startsWith('--') || equals < 0) return undefined;
  const glued = FLAGS.get(word.slice(0, equals));
  return glued?.flag.value === undefined ? undefined : { row: glued, value: word.slice(equals + 1) };
}
