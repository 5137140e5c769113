// Characters that would break a line of xrun's apart or drive the terminal: C0 (newline, carriage
// return, escape), DEL, C1 (0x9b is a CSI on some terminals), the Unicode line and paragraph separators,
// and the bidirectional overrides and isolates that reorder what a reader sees ("Trojan source").
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// `text` with each control character shown visibly (\n, \r, \t, \x1b, \u2028), so it stays on one
// line and cannot colour, move or retitle the terminal. A backslash stays as it is: this keeps a line
// one line, it is not meant to be undone. Pure, linear.
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return (
      NAMED[c] ??
      (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
    );
  });
}
