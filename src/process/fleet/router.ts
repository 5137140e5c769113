import {
  type ClusterNode,
  keySlot,
  masterOf,
  mastersOf,
  redirectOf,
  type SlotRange,
  slotRanges,
} from '../../model/cluster-slots.js';
import type { FleetAddress, FleetEndpoint } from '../../model/fleet-url.js';
import { firstAnswer } from './first-answer.js';
import { connectResp, type RespConnection, RespError } from './resp.js';

// The fleet's Redis as one thing to send commands to: one server, or a Redis Cluster learnt from any of
// the URL's seed nodes (CLUSTER SLOTS), each command sent to the master of its key's slot, MOVED and
// ASK followed.

type Send = (args: string[]) => Promise<unknown>;

export interface FleetRouter {
  cluster: boolean;
  // sends a command about `key` (to its slot's master on a cluster)
  forKey(key: string): Send;
  // one sender per master (the one server when not a cluster): what reads every shard
  masters(): Send[];
}

// a redirect more than this many times is a cluster being resharded: the call fails (open)
const MAX_REDIRECTS = 5;

// Connects to the first seed to answer (all asked at once) and learns whether it is a cluster; destroy() ends every
// connection whatever state it is in (a server that accepted but never answers included).
export function openRouter(address: FleetAddress): { ready: Promise<FleetRouter>; destroy(): void } {
  const abandoned = new AbortController();
  const connections = new Set<RespConnection>();
  // a sentinel has no password nor database of the master's
  const connect = async (endpoint: FleetEndpoint, auth: FleetAuth = address) => {
    const opened = await connectResp(endpoint, auth, abandoned.signal);
    connections.add(opened);
    if (abandoned.signal.aborted) opened.destroy();
    return opened;
  };
  const destroy = () => {
    abandoned.abort();
    for (const c of connections) c.destroy();
  };
  return { ready: routerOver(address, connect), destroy };
}

type FleetAuth = { username?: string; password?: string; database: number };
type Connect = (endpoint: FleetEndpoint, auth?: FleetAuth) => Promise<RespConnection>;

async function routerOver(address: FleetAddress, connect: Connect): Promise<FleetRouter> {
  const seeds = [address.endpoint, ...(address.seeds ?? [])];
  if (address.sentinelMaster !== undefined) {
    const master = await sentinelsMaster(seeds, address, connect);
    const single: Send = (args) => master.command(args);
    return { cluster: false, forKey: () => single, masters: () => [single] };
  }
  const { seed, endpoint } = await firstAnswer(
    seeds,
    async (one) => ({ seed: await connect(one), endpoint: one }),
    (late) => late.seed.destroy(),
    // an error answer (a wrong password) says more than a seed down
    (error) => error instanceof RespError,
  );
  const single: Send = (args) => seed.command(args);
  const slots = await seed.command(['CLUSTER', 'SLOTS']).catch((error: unknown) => {
    // not a cluster (or a user not allowed to ask): one server
    if (error instanceof RespError) return undefined;
    throw error;
  });
  const asked = endpoint.kind === 'tcp' ? endpoint.host : '127.0.0.1';
  const ranges = slotRanges(slots, asked);
  if (ranges.length === 0) return { cluster: false, forKey: () => single, masters: () => [single] };
  return clusterRouter(ranges, asked, (node) =>
    connect({ kind: 'tcp', host: node.host, port: node.port, tls: endpoint.kind === 'tcp' && endpoint.tls }),
  );
}

// The master of `address.sentinelMaster`, as the first sentinel to answer names it, connected and
// confirmed a master (ROLE): just after a failover a sentinel may still name the old one.
async function sentinelsMaster(
  sentinels: readonly FleetEndpoint[],
  address: FleetAddress,
  connect: Connect,
): Promise<RespConnection> {
  const name = address.sentinelMaster!;
  const where = await firstAnswer(
    sentinels,
    (sentinel) => masterNamedBy(sentinel, address, connect),
    () => undefined,
  );
  const master = await connect(where);
  const role = await master.command(['ROLE']).catch((error: unknown) => {
    // a user not allowed ROLE: the sentinels' word is taken
    if (error instanceof RespError) return ['master'];
    throw error;
  });
  if (Array.isArray(role) && role[0] === 'master') return master;
  master.destroy();
  throw new Error(
    `the sentinels named ${where.kind === 'tcp' ? `${where.host}:${where.port}` : ''} for ${name}, which is not a master (a failover under way)`,
  );
}

// What one sentinel answers for the master's address; a sentinel that wants a password (its own
// requirepass) is asked again with the URL's credentials, its database aside.
async function masterNamedBy(sentinel: FleetEndpoint, address: FleetAddress, connect: Connect): Promise<FleetEndpoint> {
  const credentials = {
    ...(address.username ? { username: address.username } : {}),
    ...(address.password === undefined ? {} : { password: address.password }),
  };
  const asked = await connect(sentinel, { database: 0 }).catch((error: unknown) => {
    if (error instanceof RespError && /^NOAUTH/.test(error.message) && credentials.password !== undefined)
      return connect(sentinel, { ...credentials, database: 0 });
    throw error;
  });
  try {
    const addr = await asked.command(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', address.sentinelMaster!]);
    if (!Array.isArray(addr) || addr.length < 2)
      throw new Error(`no sentinel knows the master ${address.sentinelMaster}`);
    return { kind: 'tcp', host: String(addr[0]), port: Number(addr[1]), tls: sentinel.kind === 'tcp' && sentinel.tls };
  } finally {
    asked.destroy();
  }
}

function clusterRouter(
  initial: SlotRange[],
  asked: string,
  connect: (node: ClusterNode) => Promise<RespConnection>,
): FleetRouter {
  let ranges = initial;
  const nodes = new Map<string, Promise<RespConnection>>();
  const nodeConnection = (node: ClusterNode) => {
    const name = `${node.host}:${node.port}`;
    let opening = nodes.get(name);
    if (!opening) {
      opening = connect(node);
      // a node that failed is dialled again by the next command that needs it
      opening.catch(() => nodes.delete(name));
      nodes.set(name, opening);
    }
    return opening;
  };
  const relearn = (node: ClusterNode) => {
    void nodeConnection(node)
      .then((c) => c.command(['CLUSTER', 'SLOTS']))
      .then((reply) => {
        const learnt = slotRanges(reply, asked);
        if (learnt.length > 0) ranges = learnt;
      })
      .catch(() => undefined);
  };
  const sendTo = async (first: ClusterNode, args: string[]) => {
    let node = first;
    let asking = false;
    for (let hop = 0; ; hop += 1) {
      const connection = await nodeConnection(node);
      try {
        if (!asking) return await connection.command(args);
        const [, reply] = await Promise.all([connection.command(['ASKING']), connection.command(args)]);
        return reply;
      } catch (error) {
        const redirect = error instanceof RespError ? redirectOf(error.message) : undefined;
        if (!redirect || hop >= MAX_REDIRECTS) throw error;
        node = redirect.node;
        asking = redirect.kind === 'ASK';
        if (!asking) {
          ranges = [{ start: redirect.slot, end: redirect.slot, master: node }, ...ranges];
          relearn(node);
        }
      }
    }
  };
  return {
    cluster: true,
    forKey: (key) => (args) => sendTo(masterOf(ranges, keySlot(key)) ?? ranges[0]!.master, args),
    masters: () => mastersOf(ranges).map((node) => (args: string[]) => sendTo(node, args)),
  };
}
