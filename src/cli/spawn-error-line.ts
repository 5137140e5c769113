import { redactCommand, xrunLine } from '../command/redact.js';
import type { Outcome } from '../model/outcome.js';

// What a shell says for these errors (bash: "foo: command not found", "/etc: Is a directory").
const SHELL_WORDS: Readonly<Record<string, string>> = { ENOENT: 'command not found', EISDIR: 'Is a directory' };

// The line for a command that could not be started ("xrun: foo: command not found"); undefined when it
// started. The command is redacted only for this line.
export function spawnErrorLine(command: readonly string[], outcome: Outcome): string | undefined {
  if (outcome.kind !== 'spawn-error') return undefined;
  const reason = SHELL_WORDS[outcome.errno] ?? `cannot execute (${outcome.errno})`;
  // redacted as a word first: xrunLine's redaction would end a value at a space within the word
  return xrunLine(`${redactCommand(command)[0]}: ${reason}`);
}
