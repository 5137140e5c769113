import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { basename, locateCommand } from '../../command/prefixes.js';
import { xrunLine } from '../../command/redact.js';
import { globalOptionsEnd, toolOf } from '../../command/tools.js';
import type { Buck2Tiering } from '../../model/structured/buck2-build-report.js';
import {
  MAX_REPORT_BYTES,
  MAX_REPORT_SHOWN,
  type StructuredReading,
  structuredTool,
  unusableReportLine,
} from '../../model/structured/index.js';
import type { ToolName } from '../../model/tools/index.js';
import { readFileWithin } from '../../settings/bounded-file.js';
import type { AttemptResult } from '../attempt.js';
import { quietScratch, type ScratchSpace } from '../scratch-dir.js';

// One attempt's structured report (--structured): the command with the tool's report option added,
// the file read after the attempt, and the temporary directory removed.
export interface StructuredCapture {
  command: readonly string[];
  read(): StructuredReading;
  remove(): void;
}

// Adds the report option of `tool` after the subcommand of `command` (the tool found through the
// prefixes and its global options); undefined when the tool writes no report, xrun cannot place the
// option (no subcommand, or the command inside `env -S`) or no directory can be made for the file.
export function captureStructured(
  tool: ToolName,
  command: readonly string[],
  scratch: ScratchSpace = quietScratch,
): StructuredCapture | undefined {
  const spec = structuredTool(tool);
  const at = locateCommand(command);
  if (!spec || !at || at.split) return undefined;
  const words = command.slice(at.index);
  // the model may be chosen by --tool (a wrapper script): its options are read as the tool's
  const optionsEnd = globalOptionsEnd(toolOf(basename(words[0]!)) === 'generic' ? tool : toolOf(words[0]!), words);
  if (optionsEnd >= words.length || words[optionsEnd] === '--') return undefined;
  const dir = scratch('xrun-structured-', 'the attempt runs without --structured (classified by the exit code)');
  if (dir === undefined) return undefined;
  const file = join(dir, 'report.json');
  const insertAt = at.index + optionsEnd + 1;
  // buck2's build report, for the tiers of exit 2, where the subcommand writes one
  const tiers = spec.tiers?.subcommands.includes(words[optionsEnd]!)
    ? { ...spec.tiers, file: join(dir, 'build-report.json') }
    : undefined;
  const options = [spec.option(file), ...(tiers ? [tiers.option(tiers.file)] : [])];
  return {
    command: [...command.slice(0, insertAt), ...options, ...command.slice(insertAt)],
    read: () => withTiers(readReport(file, spec.read), tiers),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// The command report with the build report's tiers, read only when the command report says 2 (the
// one code they split): a build that succeeded or failed otherwise reads nothing more.
function withTiers(
  reading: StructuredReading,
  tiers: { file: string; read(text: string): Buck2Tiering | undefined } | undefined,
): StructuredReading {
  if (!tiers || reading.kind !== 'read' || reading.report.code !== 2) return reading;
  const found = readFileWithin(tiers.file, MAX_REPORT_BYTES);
  const tiering = found.kind === 'text' ? tiers.read(found.text) : undefined;
  return tiering ? { kind: 'read', report: { ...reading.report, tiering } } : reading;
}

// The report, read up to its bound: past it the exit code decides.
function readReport(file: string, read: (text: string) => StructuredReading): StructuredReading {
  const found = readFileWithin(file, MAX_REPORT_BYTES);
  if (found.kind === 'too-large') return { kind: 'malformed', problem: `larger than ${MAX_REPORT_SHOWN}` };
  if (found.kind !== 'text' || found.text.trim() === '') return { kind: 'missing' };
  return read(found.text);
}

// --structured for a run: wraps each attempt so the tool is asked for its report and the attempt's
// result carries what it said; a report missing or unreadable after a command that exited with a code
// is said through `info` once per run.
export function structuredAttempts(tool: ToolName, info: (line: string) => void, scratch: ScratchSpace = quietScratch) {
  let said = false;
  return async (
    command: readonly string[],
    run: (words: readonly string[]) => Promise<AttemptResult>,
  ): Promise<AttemptResult> => {
    const capture = captureStructured(tool, command, scratch);
    if (!capture) return run(command);
    try {
      const result = await run(capture.command);
      const reading = capture.read();
      const unusable = result.outcome.kind === 'exited' ? unusableReportLine(tool, reading) : undefined;
      if (unusable && !said) info(xrunLine(unusable));
      said ||= unusable !== undefined;
      return { ...result, structured: reading };
    } finally {
      capture.remove();
    }
  };
}
