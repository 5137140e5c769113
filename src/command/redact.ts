import { basename, locateCommand } from './prefixes.js';

// What a redacted value reads as. The name, option or header before it stays, so the line stays useful.
const REDACTED = '***';

// A name (variable, option, header, config key) is a secret's when its LAST word names the secret
// itself: GITHUB_TOKEN, DB_PASS, MYSQL_PWD, AWS_SECRET_ACCESS_KEY, --api-key, X-Api-Key, _authToken.
// A name whose last word says where a secret lives or what it is about (TOKENS_DIR, KEY_FILE,
// PASSWORD_FILE, --password-stdin, GIT_ASKPASS, AWS_ACCESS_KEY_ID) holds no secret and stays.
const SECRET_ENDINGS = ['password', 'passwd', 'passphrase', 'token', 'secret', 'apikey', 'authorization', 'cookie'];
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
// Commands whose -p is a password (elsewhere -p is a port or "parents": docker run -p, mkdir -p).
const PASSWORD_P_COMMANDS: ReadonlySet<string> = new Set([
  'mysql',
  'mysqldump',
  'mysqladmin',
  'mysqlimport',
  'mysqlshow',
  'mysqlcheck',
  'mariadb',
  'mariadb-dump',
  'mariadb-admin',
  'sshpass',
]);
// curl's options whose value is user:password
const CURL_CREDENTIALS: ReadonlySet<string> = new Set(['-u', '--user', '-U', '--proxy-user']);
// Authorization schemes, kept visible before the credential (Authorization: Bearer ***)
const AUTH_SCHEMES: ReadonlySet<string> = new Set(['bearer', 'basic', 'token', 'digest', 'negotiate', 'ntlm', 'bot']);
// Shell words that end one command and start the next (inside sh -c strings)
const SEPARATORS: ReadonlySet<string> = new Set(['&&', '||', '|', ';']);
// URL schemes whose lone user name is a login, not a token (ssh://git@host)
const LOGIN_SCHEMES = /^(?:ssh|git\+ssh|ssh\+git|sftp|scp|rsync):\/\/$/i;
// What ends a token of a line without being part of the value: GITHUB_TOKEN=x: command not found
const TRAILING_PUNCTUATION = /[)\]'",;:.]+$/;

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
    out.push(...redactSimpleCommand(words.slice(start, i), line));
    if (i < words.length) out.push(words[i]!);
    start = i + 1;
  }
  return out;
}

// What the previous word says of the next: a secret, curl's user:password, a header's value.
type Pending = 'secret' | 'credentials' | 'header-value';

function redactSimpleCommand(words: readonly string[], line: boolean): string[] {
  const at = locateCommand(words);
  const program = at === undefined ? '' : basename(words[at.index]!);
  let pending: Pending | undefined;
  let afterLogin = false;
  return words.map((word, i) => {
    if (pending) {
      const [shown, next] = redactValue(word, pending, line);
      pending = next;
      return shown;
    }
    // the program's own options only: sudo -p is a prompt even before mysql
    const own = at !== undefined && i > at.index;
    if (own && word === 'login') afterLogin = true;
    const option = own ? programOption(word, program, afterLogin, line) : undefined;
    if (option && 'shown' in option) return option.shown;
    pending = option?.pending ?? (takesSecret(word) ? 'secret' : isSecretHeaderName(word) ? 'header-value' : undefined);
    return pending ? word : redactWord(word, line);
  });
}

// The word a pending value shows as, and what the word after it is.
function redactValue(word: string, pending: Pending, line: boolean): [string, Pending | undefined] {
  if (pending === 'credentials') return [maskPassword(word, line), undefined];
  // Authorization: Bearer x: the scheme stays, the credential is the next word
  if (pending === 'header-value' && AUTH_SCHEMES.has(word.toLowerCase())) return [word, 'secret'];
  return [mask(word, line), undefined];
}

// A program's options whose value is a password: -p after `login` and for MySQL clients and sshpass,
// curl's -u user:password. Either the next word is pending, or the word shows as `shown`.
function programOption(word: string, program: string, afterLogin: boolean, line: boolean): { pending: Pending } | { shown: string } | undefined {
  const passwordP = afterLogin || PASSWORD_P_COMMANDS.has(program);
  if (passwordP && word === '-p') return { pending: 'secret' };
  if (passwordP && /^-p./.test(word)) return { shown: `-p${mask(word.slice(2), line)}` };
  if (program !== 'curl') return undefined;
  if (CURL_CREDENTIALS.has(word)) return { pending: 'credentials' };
  const attached = /^(-u|-U|--user=|--proxy-user=)(.+)$/.exec(word);
  return attached ? { shown: `${attached[1]}${maskPassword(attached[2]!, line)}` } : undefined;
}

// --password x, --api-key x (not --no-password, nor a boolean --auth; --password-stdin takes nothing)
function takesSecret(word: string): boolean {
  const option = /^--([A-Za-z][\w.-]*)$/.exec(word)?.[1];
  return option !== undefined && !option.startsWith('no-') && !/auth$/i.test(option) && isSecretName(option);
}

// `Authorization:` as a word of its own, its value in the next words (a line, a shell string)
function isSecretHeaderName(word: string): boolean {
  const name = /^['"]?([A-Za-z][\w-]*):$/.exec(word)?.[1];
  return name !== undefined && isSecretName(name);
}

// One word, without context: URLs' passwords anywhere in it, then a header, NAME=value (also
// --option=value, -eNAME=value, a npmrc //host/:_authToken=value), then a shell string's words.
function redactWord(word: string, line: boolean): string {
  const text = redactUrls(word);
  const header = /^(-H|['"])?([A-Za-z][\w-]*)(\s*:\s*)(\S[\s\S]*)$/.exec(text);
  if (header && isSecretName(header[2]!)) return `${header[1] ?? ''}${header[2]}${header[3]}${maskHeaderValue(header[4]!, line)}`;
  const eq = text.indexOf('=');
  if (eq > 0 && !/\s/.test(text.slice(0, eq))) {
    const name = text.slice(0, eq);
    const value = text.slice(eq + 1);
    return `${name}=${isSecretName(name) ? mask(value, line) : redactWord(value, line)}`;
  }
  return !line && /\s/.test(text) ? redactLine(text) : text;
}

// Bearer *** keeps the scheme; any other value is masked whole.
function maskHeaderValue(value: string, line: boolean): string {
  const scheme = /^([A-Za-z][\w-]*)(\s+)(\S[\s\S]*)$/.exec(value);
  if (scheme && AUTH_SCHEMES.has(scheme[1]!.toLowerCase())) return `${scheme[1]}${scheme[2]}${mask(scheme[3]!, line)}`;
  return mask(value, line);
}

// scheme://user:***@host, scheme://***@host (a lone user name is a token, but for ssh-like schemes)
function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)(\S+)/gi, (whole, scheme: string, rest: string) => {
    const end = userinfoEnd(rest);
    if (end === undefined) return whole;
    return `${scheme}${shownUserinfo(scheme, rest.slice(0, end))}${redactUrls(rest.slice(end))}`;
  });
}

function shownUserinfo(scheme: string, userinfo: string): string {
  const colon = userinfo.indexOf(':');
  if (colon < 0) return LOGIN_SCHEMES.test(scheme) ? userinfo : REDACTED;
  return colon + 1 < userinfo.length ? `${userinfo.slice(0, colon + 1)}${REDACTED}` : userinfo;
}

// Where a URL's user:password ends: the first @ that a host follows (so a password may hold @ and,
// after user:, /), or undefined when there is none (https://host/repo@v1 has no password).
function userinfoEnd(rest: string): number | undefined {
  const hostThenEnd = /^(?:[\w.~%-]+|\[[0-9A-Fa-f:.]+\])(?::\d*)?(?:[/?#)\]'",;]|$)/;
  for (let at = rest.indexOf('@'); at > 0; at = rest.indexOf('@', at + 1)) {
    const userinfo = rest.slice(0, at);
    // a / in the userinfo only after user: and not after host:port
    if (userinfo.includes('/') && !/^[^:/]*:(?!\d*\/)/.test(userinfo)) return undefined;
    if (hostThenEnd.test(rest.slice(at + 1))) return at;
  }
  return undefined;
}

// user:*** (a lone user name stays: curl asks for the password)
function maskPassword(word: string, line: boolean): string {
  const colon = word.indexOf(':');
  return colon < 0 ? word : `${word.slice(0, colon + 1)}${mask(word.slice(colon + 1), line)}`;
}

// *** for a value; in a line, the punctuation ending the word stays. An empty value stays empty.
function mask(value: string, line: boolean): string {
  if (value === '') return value;
  const trailing = line ? (TRAILING_PUNCTUATION.exec(value)?.[0] ?? '') : '';
  return trailing.length === value.length ? REDACTED : `${REDACTED}${trailing}`;
}

// Every line xrun writes of its own starts with `xrun: `, and is built here: the one place its
// secrets (a command name, an option value, an error message quoting a command) are redacted.
export function xrunLine(text: string): string {
  return `xrun: ${redactLine(text)}`;
}
