// The --fleet URL: where the fleet's Redis (or Valkey) listens. Pure.
//   redis://[user:password@]host[:port][/db]    rediss:// for TLS
//   unix://[user:password@]/path/to/redis.sock[?db=N]
//   redis://[user:password@]host1:port1,host2:port2,...   a Redis Cluster's seed nodes (any one answers
//   for the cluster; a single host of a cluster works too: the client asks it for the slot map)

export type FleetEndpoint = { kind: 'tcp'; host: string; port: number; tls: boolean } | { kind: 'unix'; path: string };

export interface FleetAddress {
  // a TCP host and port, or a unix socket's path
  endpoint: FleetEndpoint;
  // the further seed nodes of a cluster (host1,host2,... in the URL), tried in order after endpoint
  seeds?: FleetEndpoint[];
  // redis+sentinel://: endpoint and seeds are sentinels, asked for the address of this master
  sentinelMaster?: string;
  database: number;
  username?: string;
  password?: string;
  // the URL with its password replaced by ***: what every line, report and `xrun config` shows
  shown: string;
}

const DEFAULT_PORT = 6379;
const DEFAULT_SENTINEL_PORT = 26379;
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
  const tcp = /^(rediss?)(\+sentinel)?:\/\/(?:([^@/]*)@)?([^/@]+)(?:\/([^/]*))?(?:\/(\d*))?$/.exec(text);
  const [, scheme, sentinel, credentials, hostList, path, sentinelDb] = (tcp ?? []) as (string | undefined)[];
  const hosts = (hostList ?? '').split(',').map((one) => /^(\[[0-9a-fA-F:.]+\]|[^:/@[\],]+)(?::(\d+))?$/.exec(one));
  const dbText = sentinel ? sentinelDb : path;
  if (!tcp || hosts.some((h) => !h) || (sentinel ? !path : sentinelDb !== undefined || !/^\d*$/.test(path ?? '')))
    return {
      ok: false,
      problem: `'${shownForProblem(text)}' is not a fleet URL (expected redis://[user:password@]host[:port][/db], rediss://... for TLS, redis://host1:port1,host2:port2 for a cluster's seed nodes, redis+sentinel://sentinel1:port1,sentinel2:port2/master-name[/db], or unix:///path/to/redis.sock)`,
    };
  const endpoints: FleetEndpoint[] = [];
  for (const [, host, portText] of hosts as RegExpExecArray[]) {
    const port = portText === undefined ? (sentinel ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT) : Number(portText);
    if (port < 1 || port > 65535) return { ok: false, problem: `port ${portText} is out of range (1-65535)` };
    endpoints.push({ kind: 'tcp', host: host!.replace(/^\[|\]$/g, ''), port, tls: scheme === 'rediss' });
  }
  const shown = `${scheme}${sentinel ?? ''}://${credentialsShown(credentials)}${hostList}${sentinel ? `/${path}` : ''}${dbText ? `/${dbText}` : ''}`;
  const parsed = withCredentials(credentials, endpoints[0]!, dbText || '0', shown);
  if (!parsed.ok) return parsed;
  const more = endpoints.length > 1 ? { seeds: endpoints.slice(1) } : {};
  return { ok: true, address: { ...parsed.address, ...more, ...(sentinel ? { sentinelMaster: decode(path!) } : {}) } };
}

function withCredentials(
  credentials: string | undefined,
  endpoint: FleetEndpoint,
  dbText: string,
  shown: string,
): FleetUrlParse {
  const database = Number(dbText);
  if (database > 15) return { ok: false, problem: `database ${dbText} is out of range (0-15)` };
  const { username, password } = splitCredentials(credentials);
  return {
    ok: true,
    address: {
      endpoint,
      database,
      shown,
      ...(username ? { username } : {}),
      ...(password === undefined ? {} : { password }),
    },
  };
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
