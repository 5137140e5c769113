// The --fleet URL: where the fleet's Redis (or Valkey) listens. Pure.
//   redis://[user:password@]host[:port][/db]    rediss:// for TLS
//   unix://[user:password@]/path/to/redis.sock[?db=N]

export interface FleetAddress {
  // a TCP host and port, or a unix socket's path
  endpoint: { kind: 'tcp'; host: string; port: number; tls: boolean } | { kind: 'unix'; path: string };
  database: number;
  username?: string;
  password?: string;
  // the URL with its password replaced by ***: what every line, report and `xrun config` shows
  shown: string;
}

const DEFAULT_PORT = 6379;
const REDACTED = '***';

export type FleetUrlParse = { ok: true; address: FleetAddress } | { ok: false; problem: string };

// Parses a --fleet URL; a problem never repeats the password.
export function parseFleetUrl(text: string): FleetUrlParse {
  const unix = /^unix:\/\/(?:([^@/]*)@)?(\/[^?]+)(?:\?db=(\d+))?$/.exec(text);
  if (unix)
    return withCredentials(
      unix[1],
      { kind: 'unix', path: unix[2]! },
      unix[3] ?? '0',
      `unix://${credentialsShown(unix[1])}${unix[2]}${unix[3] ? `?db=${unix[3]}` : ''}`,
    );
  const tcp = /^(rediss?):\/\/(?:([^@/]*)@)?(\[[0-9a-fA-F:.]+\]|[^:/@[\]]+)(?::(\d+))?(?:\/(\d*))?$/.exec(text);
  if (!tcp)
    return {
      ok: false,
      problem: `'${shownForProblem(text)}' is not a fleet URL (expected redis://[user:password@]host[:port][/db], rediss://... for TLS, or unix:///path/to/redis.sock)`,
    };
  const [, scheme, credentials, host, portText, dbText] = tcp as unknown as [
    string,
    string,
    string | undefined,
    string,
    string | undefined,
    string | undefined,
  ];
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (port < 1 || port > 65535) return { ok: false, problem: `port ${portText} is out of range (1-65535)` };
  const endpoint = { kind: 'tcp' as const, host: host.replace(/^\[|\]$/g, ''), port, tls: scheme === 'rediss' };
  const shown = `${scheme}://${credentialsShown(credentials)}${host}${portText === undefined ? '' : `:${portText}`}${dbText ? `/${dbText}` : ''}`;
  return withCredentials(credentials, endpoint, dbText || '0', shown);
}

function withCredentials(credentials: string | undefined, endpoint: FleetAddress['endpoint'], dbText: string, shown: string): FleetUrlParse {
  const database = Number(dbText);
  if (database > 15) return { ok: false, problem: `database ${dbText} is out of range (0-15)` };
  const { username, password } = splitCredentials(credentials);
  return { ok: true, address: { endpoint, database, shown, ...(username ? { username } : {}), ...(password === undefined ? {} : { password }) } };
}

// `user:password`, `:password` (the default user) or `user`; each part percent-decoded.
function splitCredentials(credentials: string | undefined): { username?: string; password?: string } {
  if (credentials === undefined || credentials === '') return {};
  const colon = credentials.indexOf(':');
  if (colon < 0) return { username: decode(credentials) };
  return { username: decode(credentials.slice(0, colon)), password: decode(credentials.slice(colon + 1)) };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function credentialsShown(credentials: string | undefined): string {
  if (credentials === undefined) return '';
  const colon = credentials.indexOf(':');
  return colon < 0 ? `${credentials}@` : `${credentials.slice(0, colon)}:${REDACTED}@`;
}

// A URL that did not parse, its password (whatever sits between ':' and '@' after the scheme) hidden.
function shownForProblem(text: string): string {
  return text.replace(/^([a-z+]*:\/\/[^:@/]*:)[^@]*@/i, `$1${REDACTED}@`);
}
