import type { CircuitState, FleetLimits } from '../model/fleet-budget.js';
import type { FleetAddress } from '../model/fleet-url.js';
import { runFleetScript, type SendCommand } from './fleet-script.js';

// The fleet's Redis, as the run needs it: record an ended attempt, ask whether a retry may go, read a
// service's window. Every call is bounded; the first that fails (unreachable, slow, an error answer)
// turns the fleet off for the rest of the run, said once: xrun then retries as without --fleet.

export interface FleetOptions {
  address: FleetAddress;
  limits: FleetLimits;
  // the bound of each call (and of connecting, which starts at once and overlaps the first attempt)
  callTimeoutMs: number;
  // where the one fail-open line goes
  warn(line: string): void;
}

export interface ServiceWindow {
  verdict: 'recorded' | 'granted' | 'probe' | 'budget' | 'circuit';
  firsts: number;
  retries: number;
  refused: number;
  ended: number;
  transient: number;
  circuit: CircuitState;
  // when an open circuit's cool-down ends (ms since the epoch, the server's clock), and the server's now
  until: number;
  now: number;
  // the service's window and budget as its writers keep them
  windowMs: number;
  ratio: number;
  floor: number;
}

export interface FleetConnection {
  // undefined once the fleet is off (failed open)
  call(op: 'end' | 'retry' | 'read', service: string, extra?: readonly string[]): Promise<ServiceWindow | undefined>;
  // the services seen in the last day, most recent first
  services(): Promise<string[] | undefined>;
  // waits for the calls in flight (an ended attempt's record), then disconnects
  close(): Promise<void>;
}

const PREFIX = 'xrun:fleet:';
const SERVICES_KEY = `${PREFIX}services`;

// Opens the connection (lazily loading the Redis client: without --fleet it is never loaded).
export function connectFleet(options: FleetOptions): FleetConnection {
  const { address, callTimeoutMs } = options;
  let off = false;
  const failOpen = (why: string) => {
    if (off) return;
    off = true;
    options.warn(`fleet ${address.shown} ${hidePassword(why, address)}: retrying as without --fleet for the rest of this run`);
  };
  const client = bounded(openClient(address), Math.max(callTimeoutMs, 1000), 'did not connect');
  client.catch((error: unknown) => failOpen(reasonOf(error)));
  const inFlight = new Set<Promise<unknown>>();
  const send = async <T>(use: (send: SendCommand) => Promise<T>): Promise<T | undefined> => {
    if (off) return undefined;
    const work = (async () => use(await client))();
    inFlight.add(work);
    try {
      return await bounded(work, callTimeoutMs, `did not answer within ${callTimeoutMs} ms`);
    } catch (error) {
      failOpen(reasonOf(error));
      return undefined;
    } finally {
      inFlight.delete(work);
    }
  };
  return {
    call: async (op, service, extra = []) => {
      const args = [op, '', ...limitArgs(options.limits), service, ...extra];
      const reply = await send((s) => runFleetScript(s, [PREFIX + service, SERVICES_KEY], args));
      return reply === undefined || reply[0] === 'none' ? undefined : windowOf(reply);
    },
    services: () => send(async (s) => (await s(['ZREVRANGE', SERVICES_KEY, '0', '-1'])) as string[]),
    close: async () => {
      await Promise.allSettled([...inFlight]);
      const opened = await client.catch(() => undefined);
      opened?.close();
    },
  };
}

export function limitArgs(limits: FleetLimits): string[] {
  return [limits.windowMs, limits.ratio, limits.floor, limits.cooldownMs, limits.tripShare, limits.tripMin].map(String);
}

export function windowOf(reply: readonly string[]): ServiceWindow {
  const [verdict, ...rest] = reply;
  const [firsts, retries, refused, ended, transient] = rest.slice(0, 5).map(Number) as [number, number, number, number, number];
  const [until, now, windowMs, ratio, floor] = rest.slice(6, 11).map(Number) as [number, number, number, number, number];
  const circuit = rest[5] as CircuitState;
  return { verdict: verdict as ServiceWindow['verdict'], firsts, retries, refused, ended, transient, circuit, until, now, windowMs, ratio, floor };
}

interface OpenClient extends SendCommandHolder {
  close(): void;
}
type SendCommandHolder = (args: string[]) => Promise<unknown>;

// Connects with the Redis client, loaded here and only here (its own chunk of the bundle).
async function openClient(address: FleetAddress): Promise<OpenClient> {
  const { createClient } = await import('@redis/client');
  const { endpoint } = address;
  const socket =
    endpoint.kind === 'unix'
      ? { path: endpoint.path }
      : { host: endpoint.host, port: endpoint.port, ...(endpoint.tls ? { tls: true as const, servername: endpoint.host } : {}) };
  const client = createClient({
    socket: { ...socket, connectTimeout: 1000, reconnectStrategy: false },
    database: address.database,
    disableOfflineQueue: true,
    ...(address.username === undefined ? {} : { username: address.username }),
    ...(address.password === undefined ? {} : { password: address.password }),
  });
  // errors reach the calls that fail; the event alone would end the process
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw error;
  }
  const send = ((args: string[]) => client.sendCommand(args)) as OpenClient;
  send.close = () => {
    client.destroy();
  };
  return send;
}

// The promise, or a rejection saying `what` after ms.
function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0];
  if (/^did not /.test(message)) return message;
  return /ECONNREFUSED|ENOENT|EHOSTUNREACH|ENOTFOUND|ECONNRESET|closed/i.test(message) ? `could not be reached (${first})` : `answered an error (${first})`;
}

// Belt and braces: a server or socket error never repeats the password, but if one did it is hidden.
function hidePassword(text: string, address: FleetAddress): string {
  return address.password ? text.split(address.password).join('***') : text;
}
