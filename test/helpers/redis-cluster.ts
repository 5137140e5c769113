import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './xrun.js';

// A Redis Cluster of the test's own: 3 masters and a replica each, on loopback ports free at the time
// (and their cluster bus ports, +10000), each node's files in one temporary directory; stop() ends them.
export interface TestCluster {
  ports: number[];
  // redis-cli against the node on `port`, its output trimmed
  cli(port: number, ...args: string[]): string;
  // ends one node (SIGKILL: a master dies)
  kill(port: number): void;
  // stops one node (SIGSTOP: it accepts connections and never answers) and lets it go on (SIGCONT)
  pause(port: number): void;
  resume(port: number): void;
  stop(): Promise<void>;
}

// a user with only what the fleet needs (the script's own commands included)
const FLEET_ACL = [
  'on',
  '>fleet-pw',
  '~xrun:fleet:*',
  '+ping',
  '+evalsha',
  '+eval',
  '+cluster|slots',
  '+asking',
  '+scan',
  '+zrevrange',
  '+time',
  '+hgetall',
  '+hset',
  '+pexpire',
  '+zadd',
  '+zremrangebyscore',
];

export async function startCluster(): Promise<TestCluster> {
  const dir = tempDir('xrun-cluster-');
  const ports = await freeClusterPorts(6);
  const servers = new Map<number, ChildProcess>();
  // a paused node is let go on first
  const stop = () =>
    Promise.all([...servers.values()].map((s) => (s.kill('SIGCONT'), stopServer(s)))).then(() => undefined);
  try {
    for (const port of ports) {
      const args = [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
      ];
      args.push(
        '--cluster-node-timeout',
        '1500',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--user',
        'fleet',
        ...FLEET_ACL,
      );
      servers.set(port, spawn('redis-server', args, { stdio: 'ignore' }));
    }
    for (const port of ports) await untilAnswers(port);
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    execFileSync('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '1', '--cluster-yes'], {
      stdio: 'ignore',
      timeout: 60_000,
    });
    for (const port of ports) await until(() => cli(port, 'CLUSTER', 'INFO').includes('cluster_state:ok'));
    // every node knows every other (the replicas attached): a seed's CLUSTER SLOTS is the whole map
    for (const port of ports) await until(() => cli(port, 'CLUSTER', 'SLOTS').split('\n').length >= 3 * 2 * 3);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports,
    cli,
    kill: (port) => servers.get(port)?.kill('SIGKILL'),
    pause: (port) => servers.get(port)?.kill('SIGSTOP'),
    resume: (port) => servers.get(port)?.kill('SIGCONT'),
    stop,
  };
}

function cli(port: number, ...args: string[]): string {
  return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
    timeout: 10_000,
  }).trim();
}

export async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if (check()) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the servers did not get ready');
}

const untilAnswers = (port: number) => until(() => cli(port, 'PING') === 'PONG');

export function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGKILL');
  });
}

// `count` loopback ports free now, each with its bus port (+10000) free too.
async function freeClusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (!ports.includes(port) && (await isFree(port)) && (await isFree(port + 10000))) ports.push(port);
  }
  return ports;
}

export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
