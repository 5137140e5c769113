import { escapeControls } from './control-chars.js';
import { basename, locateCommand } from './prefixes.js';
import { type OptionReading, type Pending, ProgramOptions } from './secret-options.js';
import { redactShapes } from './secret-shapes.js';

// What a redacted value reads as. The name, option or header before it stays, so the line stays useful.
const REDACTED = '***';

// A name (variable, option, header, config key) is a secret's when its LAST word names the secret
// itself: GITHUB_TOKEN, DB_PASS, MYSQL_PWD, AWS_SECRET_ACCESS_KEY, --api-key, X-Api-Key, _authToken.
// A name whose last word says where a secret lives or what it is about (TOKENS_DIR, KEY_FILE,
// PASSWORD_FILE, --password-stdin, GIT_ASKPASS, AWS_ACCESS_KEY_ID) holds no secret and stays.
const SECRET_ENDINGS = [
  'password',
  'passwd',
  'passphrase',
  'token',
  'secret',
  'apikey',
  'authorization',
  'cookie',
  'bearer',
];
// KEY is a secret's only after one of these words (API_KEY, PRIVATE_KEY; not CACHE_KEY, SORT_KEY)
const SECRET_KEY_KINDS: ReadonlySet<string> = new Set([
  'api',
  'private',
  'secret',
  'access',
  'signing',
  'encryption',
  'master',
  'auth',
  'client',
  'ssh',
  'deploy',
  'license',
  'account',
  'session',
  'app',
]);
// Authorization schemes, kept visible before the credential (Authorization: Bearer ***)
const AUTH_SCHEMES: ReadonlySet<string> = new Set(['bearer', 'basic', 'token', 'digest', 'negotiate', 'ntlm', 'bot']);
// Shell words that end one command and start the next (inside sh -c strings)
const SEPARATORS: ReadonlySet<string> = new Set(['&&', '||', '|', ';']);
// URL schemes whose lone user name is a login, not a token (ssh://git@host)
const LOGIN_SCHEMES = /^(?:ssh|git\+ssh|ssh\+git|sftp|scp|rsync):\/\/$/i;
// What ends a token of a line without being part of the value: GITHUB_TOKEN=x: command not found
const TRAILING_PUNCTUATION: ReadonlySet<string> = new Set([...')]}\'",;:.']);
// What opens a value of a line without being part of it: TOKEN='x', "password": "x"
const LEADING_QUOTE = /^['"]/;
// A header at a word's start (-HX-Api-Key: x, 'Authorization: x'): its name and separator; its value follows
const HEADER = /^(-H|['"])?([A-Za-z][\w-]*)(\s*:\s*)(?=\S)/;
// An option with its value after a colon, in any spelling: --password:x, -token:x, /password:x
const COLON_OPTION = /^(?:--?|\/)([A-Za-z][\w.-]*):(?=\S)/;
// A JSON member whose value is a string: "password":"x" (curl -d '{...}', a tool's message quoting JSON)
const JSON_MEMBER = /"([A-Za-z_][\w.-]*)"(\s*:\s*)"((?:[^"\\]|\\[\s\S])*)"/g;

// Whether a name is a secret's (the rule above). Pure.
export function isSecretName(name: string): boolean {
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part !== '');
  const last = parts.at(-1) ?? '';
  const before = parts.at(-2);
  if (SECRET_ENDINGS.some((ending) => last.endsWith(ending))) return true;
  if (last === 'pass' || last === 'auth') return true;
  // PWD alone is the shell's working directory; MYSQL_PWD is a password
  if (last === 'pwd') return before !== undefined;
  return last === 'key' && before !== undefined && SECRET_KEY_KINDS.has(before);
}

// The command line with secret values replaced by ***. The words the child gets are never changed:
// this is what reports, summaries and xrun's lines show of them. Pure.
export function redactCommand(command: readonly string[]): string[] {
  return redactWords(command, false);
}

// A line of text (one of xrun's own, or a shell string) with the same secrets replaced: it is read
// as words split at whitespace, quotes not understood; a word's trailing punctuation stays. Pure.
export function redactLine(text: string): string {
  const pieces = text.split(/(\s+)/);
  const words = redactWords(
    pieces.filter((_, i) => i % 2 === 0),
    true,
  );
  return pieces.map((piece, i) => (i % 2 === 0 ? words[i / 2]! : piece)).join('');
}

// Each command of a `a && b; c` sequence is read on its own (its program decides what -p means).
function redactWords(words: readonly string[], line: boolean): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= words.length; i++) {
    if (i < words.length && !SEPARATORS.has(words[i]!)) continue;
    for (const shown of redactSimpleCommand(words.slice(start, i), line)) out.push(shown);
    if (i < words.length) out.push(words[i]!);
    start = i + 1;
  }
  return out;
}

function redactSimpleCommand(words: readonly string[], line: boolean): string[] {
  const at = locateCommand(words);
  const options = new ProgramOptions(at === undefined ? '' : basename(words[at.index]!));
  let pending: Pending | undefined;
  return words.map((word, i) => {
    if (pending) {
      const [shown, next] = redactValue(word, pending, line);
      pending = next;
      return shown;
    }
    // the program's own options only: sudo -p is a prompt even before mysql
    const option = at !== undefined && i > at.index ? options.read(word) : undefined;
    if (option && 'prefix' in option) return shownOption(option, line);
    pending = option?.pending ?? pendingAfter(word, words[i - 1]);
    return pending ? word : redactWord(word, line);
  });
}

// What any word says of the next, whatever the program: --password x, -token x, Authorization: x,
// Bearer x (Bearer token x), aws_secret_access_key = x.
function pendingAfter(word: string, previous: string | undefined): Pending | undefined {
  if (takesSecret(word)) return 'secret';
  if (isSecretHeaderName(word) || /^bearer$/i.test(word)) return 'header-value';
  return word === '=' && previous !== undefined && isSecretName(previous) ? 'secret' : undefined;
}

// The word a pending value shows as, and what the word after it is.
function redactValue(word: string, pending: Pending, line: boolean): [string, Pending | undefined] {
  if (pending === 'credentials') return [maskPassword(word, line), undefined];
  // Authorization: Bearer x: the scheme stays, the credential is the next word
  if (pending === 'header-value' && AUTH_SCHEMES.has(word.toLowerCase())) return [word, 'secret'];
  return [mask(word, line), undefined];
}

// An option holding its value: -p***, -uuser:***, a login token.
function shownOption(option: Extract<OptionReading, { prefix: string }>, line: boolean): string {
  return `${option.prefix}${redactValue(option.value, option.kind, line)[0]}`;
}

// --password x, --api-key x, -password x, -ApiKey x (not --no-password, nor a boolean --auth;
// --password-stdin takes nothing)
function takesSecret(word: string): boolean {
  const option = /^--?([A-Za-z][\w.-]*)$/.exec(word)?.[1];
  return (
    option !== undefined && !/^no-/i.test(option) && !/auth$/i.test(option) && option.length > 1 && isSecretName(option)
  );
}

// `Authorization:` as a word of its own, its value in the next words (a line, a shell string, JSON's "token":)
function isSecretHeaderName(word: string): boolean {
  const name = /^[[{(,]*['"]?([A-Za-z_][\w.-]*)['"]?:$/.exec(word)?.[1];
  return name !== undefined && isSecretName(name);
}

// One word, without context: URLs' passwords and secrets of a known shape anywhere in it, JSON members
// named for a secret; then a header, --option:value, and NAME=value (also --option=value,
// -eNAME=value, a npmrc //host/:_authToken=value) with a name for each `=`; then a shell string's words.
function redactWord(word: string, line: boolean): string {
  const text = redactJsonMembers(redactShapes(redactUrls(word), REDACTED), line);
  // one NAME= after another (A=B=TOKEN=x): a loop, whatever their number
  let shown = '';
  let rest = text;
  for (;;) {
    const secret = secretAtStart(rest, line);
    if (secret !== undefined) return `${shown}${secret}`;
    const eq = rest.indexOf('=');
    if (eq <= 0 || /\s/.test(rest.slice(0, eq))) break;
    const name = rest.slice(0, eq);
    if (isSecretName(name)) return `${shown}${name}=${mask(rest.slice(eq + 1), line)}`;
    shown += `${name}=`;
    rest = rest.slice(eq + 1);
  }
  return `${shown}${!line && /\s/.test(rest) ? redactLine(rest) : rest}`;
}

// A secret header or --option:value at the start of `text`, shown redacted; undefined if there is none.
function secretAtStart(text: string, line: boolean): string | undefined {
  const header = HEADER.exec(text);
  if (header && isSecretName(header[2]!)) return `${header[0]}${maskHeaderValue(text.slice(header[0].length), line)}`;
  const option = COLON_OPTION.exec(text);
  if (option && isSecretName(option[1]!)) return `${option[0]}${mask(text.slice(option[0].length), line)}`;
  return undefined;
}

// "password":"x" -> "password":"***" (the quotes stay: the JSON stays JSON)
function redactJsonMembers(text: string, line: boolean): string {
  if (!text.includes('"')) return text;
  return text.replace(JSON_MEMBER, (whole, name: string, colon: string, value: string) =>
    isSecretName(name) && value !== '' ? `"${name}"${colon}"${mask(value, line)}"` : whole,
  );
}

// Bearer *** keeps the scheme; any other value is masked whole.
function maskHeaderValue(value: string, line: boolean): string {
  const scheme = /^([A-Za-z][\w-]*)(\s+)(?=\S)/.exec(value);
  if (scheme && AUTH_SCHEMES.has(scheme[1]!.toLowerCase()))
    return `${scheme[0]}${mask(value.slice(scheme[0].length), line)}`;
  return mask(value, line);
}

// scheme://user:***@host, scheme://***@host (a lone user name is a token, but for ssh-like schemes),
// in each whitespace-free part of the text.
function redactUrls(text: string): string {
  if (!text.includes('://')) return text;
  return text
    .split(/(\s+)/)
    .map((part, i) => (i % 2 === 0 ? redactUrlsIn(part) : part))
    .join('');
}

// Each `://` is looked at once, a URL inside another's query (?next=https://u:p@h) too; each @ is
// weighed for one URL only and the searches move forward: linear in the word.
function redactUrlsIn(word: string): string {
  const next = forwardSearch(word);
  let shown = '';
  let copied = 0;
  for (let sep = word.indexOf('://'); sep >= 0; sep = word.indexOf('://', sep + 3)) {
    const scheme = schemeBefore(word, sep, copied);
    if (scheme === undefined) continue;
    // a userinfo never spans another URL's scheme
    const nextSep = word.indexOf('://', sep + 3);
    const end = userinfoEnd(word, sep + 3, nextSep < 0 ? word.length : nextSep, next);
    if (end === undefined) continue;
    shown += `${word.slice(copied, sep + 3)}${shownUserinfo(`${scheme}://`, word.slice(sep + 3, end))}`;
    copied = end;
    sep = end - 3;
  }
  return `${shown}${word.slice(copied)}`;
}

// The scheme ending at `sep` ([a-z][a-z0-9+.-]*), not looking back past `from`.
function schemeBefore(word: string, sep: number, from: number): string | undefined {
  let start = sep;
  while (start > from && /[a-z0-9+.-]/i.test(word[start - 1]!)) start--;
  while (start < sep && !/[a-z]/i.test(word[start]!)) start++;
  return start < sep ? word.slice(start, sep) : undefined;
}

function shownUserinfo(scheme: string, userinfo: string): string {
  const colon = userinfo.indexOf(':');
  if (colon < 0) return LOGIN_SCHEMES.test(scheme) ? userinfo : REDACTED;
  return colon + 1 < userinfo.length ? `${userinfo.slice(0, colon + 1)}${REDACTED}` : userinfo;
}

// The first index of a character at or after `from`, -1 for none; asked with `from` that mostly
// grows, each answer is reused while it still holds, so a word is searched about once per character.
type Search = (char: string, from: number) => number;
function forwardSearch(word: string): Search {
  const found = new Map<string, { from: number; at: number }>();
  return (char, from) => {
    const last = found.get(char);
    if (last && last.from <= from && (last.at < 0 || last.at >= from)) return last.at;
    const at = word.indexOf(char, from);
    found.set(char, { from, at });
    return at;
  };
}

// A host, its port, then the URL's path, query, fragment, a quote or the word's end
const HOST_THEN_END = /(?:[\w.~%-]+|\[[0-9A-Fa-f:.]+\])(?::\d*)?(?:[/?#)\]'",;]|$)/y;
const DIGITS_THEN_SLASH = /\d*\//y;

// Where a URL's user:password (from `start`) ends: the first @ that a host follows (so a password may
// hold @ and, after user:, /), or undefined when there is none (https://host/repo@v1 has no password).
function userinfoEnd(word: string, start: number, limit: number, next: Search): number | undefined {
  const firstSlash = next('/', start);
  const firstColon = next(':', start);
  // user: before any /: a / may follow in the password, but not right after host:port
  const colonFirst = firstColon >= 0 && (firstSlash < 0 || firstColon < firstSlash);
  DIGITS_THEN_SLASH.lastIndex = firstColon + 1;
  const portSlash = colonFirst && DIGITS_THEN_SLASH.test(word) ? DIGITS_THEN_SLASH.lastIndex - 1 : -1;
  for (let at = next('@', start); at > start && at < limit; at = next('@', at + 1)) {
    const slashInUserinfo = firstSlash >= 0 && firstSlash < at;
    const passwordHoldsSlash = colonFirst && !(portSlash >= 0 && portSlash < at);
    if (slashInUserinfo && !passwordHoldsSlash) return undefined;
    HOST_THEN_END.lastIndex = at + 1;
    if (HOST_THEN_END.test(word)) return at;
  }
  return undefined;
}

// user:*** (a lone user name stays: curl asks for the password)
function maskPassword(word: string, line: boolean): string {
  const colon = word.indexOf(':');
  return colon < 0 ? word : `${word.slice(0, colon + 1)}${mask(word.slice(colon + 1), line)}`;
}

// *** for a value; in a line, a quote opening it and the punctuation ending it stay. An empty value stays empty.
function mask(value: string, line: boolean): string {
  if (value === '') return value;
  if (!line) return REDACTED;
  let end = value.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(value[end - 1]!)) end--;
  if (end === 0) return REDACTED;
  const opening = LEADING_QUOTE.test(value) && end > 1 ? value[0]! : '';
  return `${opening}${REDACTED}${value.slice(end)}`;
}

// Untrusted text made safe for one of xrun's lines: its secrets redacted, its control characters
// shown visibly (so a newline cannot start a line of its own, such as a forged ::error:: workflow
// command, and an escape sequence cannot colour, move or retitle the terminal). Every channel that
// prints text it did not write itself calls this: stderr lines, annotations, the step summary,
// `explain` and `config`. Pure.
export function safeLine(text: string): string {
  return escapeControls(redactLine(text));
}

// Every line xrun writes of its own starts with `xrun: `, and is built here: the one place its
// secrets (a command name, an option value, an error message quoting a command) are redacted and its
// control characters escaped. xrun's own colours are added after (cli/ci-output.ts's paint).
export function xrunLine(text: string): string {
  return `xrun: ${safeLine(text)}`;
}

// Every string in a JSON-like value (the run report, an explanation) mapped by `f`: a field added
// later is covered too. Arrays and plain objects are copied; other values stay as they are. Pure.
export function mapStrings<T>(value: T, f: (text: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, f)) as T;
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mapStrings(inner, f)])) as T;
}
