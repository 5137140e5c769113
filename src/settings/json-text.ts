// JSON text as config files hold it: JSON.parse decides what is valid; this module accepts a leading
// byte-order mark, says where the first error is (line and column), and measures nesting. Pure.

// Nesting past this is no config (the deepest real one is profiles.NAME.tools.TOOL.map: 6 levels), in a
// config file or in --rules / XRUN_RULES.
export const MAX_CONFIG_DEPTH = 32;

export type JsonText = { ok: true; value: unknown } | { ok: false; error: string };

// Parses `text` (a leading UTF-8 byte-order mark allowed); an error is one line saying where and
// why: "at line 2, column 5: expected ',' or '}', found 'x'".
export function parseJsonText(text: string): JsonText {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const found = jsonSyntaxError(body);
    if (found === undefined) return { ok: false, error: `(${withoutSnippet((error as Error).message)})` };
    const { line, column } = lineAndColumn(body, found.offset);
    return { ok: false, error: `at line ${line}, column ${column}: ${found.reason}` };
  }
}

// V8's message without the quoted source it may carry (which can span lines).
function withoutSnippet(message: string): string {
  return message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, '');
}

// 1-based line and column (in characters) of an offset.
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

// Is `value` nested deeper than `maxDepth` objects and arrays? Iterative: any depth is safe to ask about.
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}

type Expect = 'value' | 'value-or-]' | 'key' | 'key-or-}' | 'colon' | 'comma-or-close' | 'end';

const STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

// The offset and reason of the first JSON syntax error in `text`; undefined if there is none.
// Iterative (an explicit stack of open brackets), so deep nesting cannot overflow the call stack.
export function jsonSyntaxError(text: string): Problem | undefined {
  const scan: Scan = { text, closers: [], expect: 'value', i: 0 };
  for (;;) {
    WHITESPACE.lastIndex = scan.i;
    WHITESPACE.test(text);
    scan.i = WHITESPACE.lastIndex;
    const c = text[scan.i];
    if (c === undefined) {
      if (scan.expect === 'end') return undefined;
      return {
        offset: scan.i,
        reason: text.trim() === '' ? 'the file is empty' : 'the file ends before the JSON does',
      };
    }
    const problem = step(scan, c);
    if (problem) return problem;
  }
}

type Problem = { offset: number; reason: string };

// Where the scan is: the open brackets' closers, what may come next, and the offset.
interface Scan {
  text: string;
  closers: string[];
  expect: Expect;
  i: number;
}

// Reads the token that starts with `c` at scan.i: moves past it and sets what may follow, or says
// what is wrong with it.
function step(scan: Scan, c: string): Problem | undefined {
  const { text, i, expect } = scan;
  if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))
    return { offset: i, reason: `found a comment ('${c}${text[i + 1]}'), but JSON has no comments` };
  const found = `found ${quote(c)}`;
  const closer = scan.closers[scan.closers.length - 1];
  if (c === closer && (expect === 'key-or-}' || expect === 'value-or-]' || expect === 'comma-or-close')) {
    scan.closers.pop();
    return moveTo(scan, i + 1, afterValue(scan));
  }
  switch (expect) {
    case 'end':
      return { offset: i, reason: `${found} after the end of the JSON value` };
    case 'colon':
      return c === ':'
        ? moveTo(scan, i + 1, 'value')
        : { offset: i, reason: `expected ':' after the property name, ${found}` };
    case 'comma-or-close':
      if (c !== ',') return { offset: i, reason: `expected ',' or '${closer}', ${found}` };
      return moveTo(scan, i + 1, closer === '}' ? 'key' : 'value');
    case 'key-or-}':
    case 'key':
      if (c !== '"') return { offset: i, reason: `expected a property name in double quotes, ${found}` };
      return past(scan, stringEnd(text, i), 'colon');
    case 'value-or-]':
    case 'value':
      if (c !== '{' && c !== '[') return past(scan, scalarEnd(text, i), afterValue(scan));
      scan.closers.push(c === '{' ? '}' : ']');
      return moveTo(scan, i + 1, c === '{' ? 'key-or-}' : 'value-or-]');
  }
}

const afterValue = (scan: Scan): Expect => (scan.closers.length === 0 ? 'end' : 'comma-or-close');

function moveTo(scan: Scan, i: number, expect: Expect): undefined {
  scan.i = i;
  scan.expect = expect;
  return undefined;
}

// Past a string or scalar that ended at `end` (or the problem in it).
function past(scan: Scan, end: number | Problem, expect: Expect): Problem | undefined {
  return typeof end === 'number' ? moveTo(scan, end, expect) : end;
}

// The end of the string, number or literal at `i`, or the error in it.
function scalarEnd(text: string, i: number): number | { offset: number; reason: string } {
  const c = text[i]!;
  if (c === '"') return stringEnd(text, i);
  for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, i)) return i + literal.length;
  if (c === '-' || (c >= '0' && c <= '9')) {
    NUMBER.lastIndex = i;
    if (NUMBER.test(text) && !/[.eE\d]/.test(text[NUMBER.lastIndex] ?? '')) return NUMBER.lastIndex;
    return { offset: i, reason: 'not a valid number' };
  }
  return { offset: i, reason: `expected a value, found ${quote(c)}` };
}

function stringEnd(text: string, i: number): number | { offset: number; reason: string } {
  STRING.lastIndex = i;
  if (STRING.test(text)) return STRING.lastIndex;
  // the first character the string cannot hold
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c < 0x20) return { offset: j, reason: 'a control character (such as a line break) inside a string' };
    if (text[j] === '\\') {
      if (!/^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(j + 1, j + 6)))
        return { offset: j, reason: 'an invalid escape in a string' };
      j++;
    }
  }
  return { offset: i, reason: 'a string that never ends' };
}

// A character as a message shows it: 'x', or '\u0007' if it is invisible.
function quote(c: string): string {
  const invisible = /[\u0000-\u001f\u007f-\u00a0\u2028\u2029\uFEFF]/.test(c);
  return `'${invisible ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c}'`;
}
