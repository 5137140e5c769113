import type { Outcome } from '../model/outcome.js';
import { xrunLine } from '../command/redact.js';

// The line for a command that could not be started ("xrun: foo: command not found"), given the
// command's redacted first word; undefined when it started.
export function spawnErrorLine(redactedName: string, outcome: Outcome): string | undefined {
  if (outcome.kind !== 'spawn-error') return undefined;
  const reason = outcome.errno === 'ENOENT' ? 'command not found' : `cannot execute (${outcome.errno})`;
  // redacted as a word first: xrunLine's redaction would end a value at a space within the word
  return xrunLine(`${redactedName}: ${reason}`);
}
