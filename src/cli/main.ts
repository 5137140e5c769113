import { xrunLine } from '../command/redact.js';
import type { ExitStatus } from '../model/exit-status.js';
import { claimStderr, writeStderr } from '../process/stdio.js';
import { UsageError } from '../settings/usage-error.js';
import { endProcessWith } from './process-end.js';
import { defaultRunCommand } from './run-kind.js';
import { startupParent } from './startup.js';
import { SUBCOMMANDS, type Subcommand } from './subcommands.js';

const USAGE_ERROR_CODE = 125;

type Entry = { main(argv: readonly string[]): Promise<ExitStatus> };

// Each path is its own chunk: the run paths never load explain's text, the subcommands never load the spawner;
// a default run (cli/default-run.ts) loads neither the settings nor the retry loop of the full run (cli/run.ts).
const SUBCOMMAND_ENTRIES: Readonly<Record<Subcommand, () => Promise<Entry>>> = {
  explain: () => import('./explain.js'),
  codes: () => import('./codes.js'),
  config: () => import('./config.js'),
  completion: () => import('./completion/main.js'),
  fleet: () => import('./fleet.js'),
};

async function main(argv: readonly string[]): Promise<ExitStatus> {
  const subcommand = SUBCOMMANDS.find((s) => s === argv[0]);
  try {
    if (subcommand) return await (await SUBCOMMAND_ENTRIES[subcommand]()).main(argv.slice(1));
    const defaultRun = defaultRunCommand(argv, process.env);
    const ended = defaultRun && (await (await import('./default-run.js')).runDefault(defaultRun));
    return ended ?? (await (await import('./run.js')).main(argv));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeStderr(`${xrunLine(error.message)}\n`);
    return { kind: 'code', code: USAGE_ERROR_CODE };
  }
}

// Runs xrun on its arguments and ends the process as decided.
export function runCli(argv: readonly string[]): void {
  startupParent();
  claimStderr();
  endProcessWith(main(argv));
}
