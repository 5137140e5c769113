import type { CircuitState, Counts, FleetLimits } from '../../model/fleet-budget.js';
import type { FleetAddress } from '../../model/fleet-url.js';
import { boundedByListening } from './listening-bound.js';
import { type FleetRouter, openRouter } from './router.js';
import { runFleetScript } from './script.js';

// The fleet's Redis, as the run needs it: record an ended attempt, ask whether a retry may go, read a
// service's window. Every call is bounded (in the time xrun listened: listening-bound.ts); the first that fails (unreachable, slow, an error answer)
// turns the fleet off for the rest of the run, said once: xrun then retries as without --fleet.

export interface FleetOptions {
  address: FleetAddress;
  limits: FleetLimits;
  // the bound of each call; connecting, which starts at once and overlaps the first attempt, has its own
  callTimeoutMs: number;
  // where the one fail-open line goes
  warn(line: string): void;
}

// The window's counts (the model's Counts), and what the script decided of this call.
export interface ServiceWindow extends Counts {
  verdict: 'recorded' | 'granted' | 'probe' | 'budget' | 'circuit';
  // the flaky report's retries asked per category
  causes: Record<string, number>;
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
// the bound of connecting (and authenticating): it overlaps the first attempt
const CONNECT_TIMEOUT_MS = 2000;
const SERVICES_KEY = `${PREFIX}services`;

// Opens the connection (its module is loaded only with --fleet).
export function connectFleet(options: FleetOptions): FleetConnection {
  const { address, callTimeoutMs } = options;
  let off = false;
  const failOpen = (why: string) => {
    if (off) return;
    off = true;
    options.warn(
      `fleet ${address.shown} ${hidePassword(why, address)}: retrying as without --fleet for the rest of this run`,
    );
  };
  // connecting overlaps the first attempt, so it may take longer than a call
  const connectTimeoutMs = Math.max(callTimeoutMs, CONNECT_TIMEOUT_MS);
  const opening = openRouter(address);
  const client = boundedByListening(opening.ready, connectTimeoutMs, 'did not connect');
  client.catch((error: unknown) => failOpen(reasonOf(error)));
  const inFlight = new Set<Promise<unknown>>();
  const send = async <T>(use: (router: FleetRouter) => Promise<T>): Promise<T | undefined> => {
    if (off) return undefined;
    // bounded (connecting by its own bound): what close() waits for settles whatever the server does
    const work = client.then((ready) =>
      boundedByListening(use(ready), callTimeoutMs, `did not answer within ${callTimeoutMs} ms`),
    );
    inFlight.add(work);
    try {
      return await work;
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
      const reply = await send((router) =>
        runFleetScript(router.forKey(serviceKey(router, service)), serviceKeys(router, service), args),
      );
      return reply === undefined || reply[0] === 'none' ? undefined : windowOf(reply);
    },
    services: () =>
      send((router) =>
        router.cluster
          ? scanServices(router)
          : (router.forKey(SERVICES_KEY)(['ZREVRANGE', SERVICES_KEY, '0', '-1']) as Promise<string[]>),
      ),
    close: async () => {
      await Promise.allSettled([...inFlight]);
      opening.destroy();
    },
  };
}

export function limitArgs(limits: FleetLimits): string[] {
  return [limits.windowMs, limits.ratio, limits.floor, limits.cooldownMs, limits.tripShare, limits.tripMin].map(String);
}

export function windowOf(reply: readonly string[]): ServiceWindow {
  const [verdict, ...rest] = reply;
  const [firsts, retries, refused, ended, transient] = rest.slice(0, 5).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const [until, now, windowMs, ratio, floor] = rest.slice(6, 11).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const circuit = rest[5] as CircuitState;
  // a server still running the script of an older xrun answers without the flaky report
  const [flaky = 0, trips = 0] = rest.slice(11, 13).map(Number);
  const causes: Record<string, number> = {};
  for (let i = 13; i + 1 < rest.length; i += 2) causes[rest[i]!] = Number(rest[i + 1]);
  const counts = { firsts, retries, refused, ended, transient, flaky, trips, causes };
  return { verdict: verdict as ServiceWindow['verdict'], ...counts, circuit, until, now, windowMs, ratio, floor };
}

// A service's window: on one Redis `xrun:fleet:<service>` (and the services seen, a sorted set); on a
// cluster `xrun:fleet:{<service>}` alone, hash-tagged so that whatever the service keeps stays in one
// slot, and found by scanning every master (a sorted set of all services would be in another slot).
function serviceKey(router: FleetRouter, service: string): string {
  return router.cluster ? `${PREFIX}{${service}}` : PREFIX + service;
}

function serviceKeys(router: FleetRouter, service: string): string[] {
  return router.cluster ? [serviceKey(router, service)] : [serviceKey(router, service), SERVICES_KEY];
}

// Every master's service keys, by name.
async function scanServices(router: FleetRouter): Promise<string[]> {
  const found = new Set<string>();
  for (const master of router.masters()) {
    let cursor = '0';
    do {
      const [next, keys] = (await master(['SCAN', cursor, 'MATCH', `${PREFIX}{*}`, 'COUNT', '1000'])) as [
        string,
        string[],
      ];
      for (const key of keys) found.add(key.slice(PREFIX.length + 1, -1));
      cursor = next;
    } while (cursor !== '0');
  }
  return [...found].sort();
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0];
  if (/^did not /.test(message)) return message;
  return /ECONNREFUSED|ENOENT|EHOSTUNREACH|ENOTFOUND|ECONNRESET|closed/i.test(message)
    ? `could not be reached (${first})`
    : `answered an error (${first})`;
}

// Belt and braces: a server or socket error never repeats the password, but if one did it is hidden.
function hidePassword(text: string, address: FleetAddress): string {
  return address.password ? text.split(address.password).join('***') : text;
}
