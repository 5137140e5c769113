import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basename, locateCommand } from '../command/prefixes.js';
import { globalOptionsEnd, toolOf } from '../command/tools.js';
import type { ToolName } from '../model/tools/index.js';
import { type StructuredReading, structuredTool } from '../model/structured/index.js';

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
