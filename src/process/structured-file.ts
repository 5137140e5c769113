import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basename, locateCommand } from '../command/prefixes.js';
import { globalOptionsEnd, toolOf } from '../command/tools.js';
import type { ToolName } from '../model/tools/index.js';
import { type StructuredReading, structuredTool, unusableReportLine } from '../model/structured/index.js';
import { xrunLine } from '../command/redact.js';
import type { AttemptResult } from './attempt.js';

// One attempt's structured report (--structured): the command with the tool's report option added,
// the file read after the attempt, and the temporary directory removed.
export interface StructuredCapture {
  command: readonly string[];
  read(): StructuredReading;
  remove(): void;
}

// Adds the report option of `tool` after the subcommand of `command` (the tool found through the
// prefixes and its global options); undefined when the tool writes no report or xrun cannot place
// the option (no subcommand, or the command inside `env -S`).
export function captureStructured(tool: ToolName, command: readonly string[]): StructuredCapture | undefined {
  const spec = structuredTool(tool);
  const at = locateCommand(command);
  if (!spec || !at || at.split) return undefined;
  const words = command.slice(at.index);
  // the model may be chosen by --tool (a wrapper script): its options are read as the tool's
  const optionsEnd = globalOptionsEnd(toolOf(basename(words[0]!)) === 'generic' ? tool : toolOf(words[0]!), words);
  if (optionsEnd >= words.length || words[optionsEnd] === '--') return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'xrun-structured-'));
  const file = join(dir, 'report.json');
  const insertAt = at.index + optionsEnd + 1;
  return {
    command: [...command.slice(0, insertAt), spec.option(file), ...command.slice(insertAt)],
    read: () => readReport(file, spec.read),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function readReport(file: string, read: (text: string) => StructuredReading): StructuredReading {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { kind: 'missing' };
  }
  return text.trim() === '' ? { kind: 'missing' } : read(text);
}

// --structured for a run: wraps each attempt so the tool is asked for its report and the attempt's
// result carries what it said; a report missing or unreadable after a command that exited with a code
// is said through `info` once per run.
export function structuredAttempts(tool: ToolName, info: (line: string) => void) {
  let said = false;
  return async (command: readonly string[], run: (words: readonly string[]) => Promise<AttemptResult>): Promise<AttemptResult> => {
    const capture = captureStructured(tool, command);
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
