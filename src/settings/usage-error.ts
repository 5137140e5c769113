// xrun's own usage or configuration error: one line on stderr, exit 125, nothing is started. Its
// message is built once, where the error is raised, and names where the bad value came from.
export class UsageError extends Error {
  override name = 'UsageError';

  // the message is made one line whatever it quotes (a value with a line break shows as \n)
  constructor(message: string) {
    super(oneLine(message));
  }
}

// Control characters and line separators as escapes: \n, \r, \t, \u001b, \u2028.
export function oneLine(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g,
    (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
