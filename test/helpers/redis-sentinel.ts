import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFree, stopServer, until } from './redis-cluster.js';
import { tempDir } from './xrun.js';

// A sentinel set of the test's own: a master, its replica and 3 sentinels (quorum 2) watching it as
// `fleet-master`, on loopback ports free at the time, their files in one temporary directory; stop()
// ends them all (SIGKILL, SIGCONT first for one paused).
export interface TestSentinels {
  masterPort: number;
  replicaPort: number;
  sentinelPorts: number[];
  // redis+sentinel://[credentials@]127.0.0.1:s1,...,127.0.0.1:s3/fleet-master
  url(credentials?: string): string;
  // redis-cli against the server or sentinel on `port` (with the password), its output trimmed
  cli(port: number, ...args: string[]): string;
  kill(port: number): void;
  pause(port: number): void;
  resume(port: number): void;
  // the master's port as every sentinel still up names it, once they agree (and it says it is one)
  agreedMaster(except?: readonly number[]): Promise<number>;
  stop(): Promise<void>;
}

const MASTER_NAME = 'fleet-master';

export async function startSentinels(options: { password?: string } = {}): Promise<TestSentinels> {
  const dir = tempDir('xrun-sentinel-');
  const [masterPort, replicaPort, ...sentinelPorts] = await freePorts(5);
  const servers = new Map<number, ChildProcess>();
  const auth = options.password ? ['--requirepass', options.password, '--masterauth', options.password] : [];
  const server = (port: number, more: string[]) => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...auth,
      ...more,
    ];
    servers.set(port, spawn('redis-server', args, { stdio: 'ignore' }));
  };
  const cli = (port: number, ...args: string[]) => {
    const password = options.password ? ['-a', options.password, '--no-auth-warning'] : [];
    return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...password, ...args], {
      encoding: 'utf8',
      timeout: 10_000,
    }).trim();
  };
  const stop = () =>
    Promise.all([...servers.values()].map((s) => (s.kill('SIGCONT'), stopServer(s)))).then(() => undefined);
  try {
    server(masterPort!, []);
    server(replicaPort!, ['--replicaof', '127.0.0.1', String(masterPort)]);
    for (const port of sentinelPorts) servers.set(port, startSentinel(dir, port, masterPort!, options.password));
    await until(() => cli(replicaPort!, 'INFO', 'replication').includes('master_link_status:up'));
    // every sentinel knows the replica and the two other sentinels: a failover can be agreed
    for (const port of sentinelPorts) await until(() => sentinelKnowsAll(cli(port, 'SENTINEL', 'MASTER', MASTER_NAME)));
  } catch (error) {
    await stop();
    throw error;
  }
  const signal = (port: number, name: NodeJS.Signals) => servers.get(port)?.kill(name);
  const url = (credentials?: string) =>
    `redis+sentinel://${credentials ? `${credentials}@` : ''}${sentinelPorts.map((p) => `127.0.0.1:${p}`).join(',')}/${MASTER_NAME}`;
  const agreedMaster = async (except: readonly number[] = []) => {
    let agreed = -1;
    await until(() => {
      const named = sentinelPorts
        .filter((p) => !except.includes(p))
        .map((p) => cli(p, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME).split('\n')[1]);
      agreed = Number(named[0]);
      return named.every((n) => Number(n) === agreed) && cli(agreed, 'ROLE').startsWith('master');
    });
    return agreed;
  };
  return {
    masterPort: masterPort!,
    replicaPort: replicaPort!,
    sentinelPorts,
    url,
    cli,
    kill: (port) => signal(port, 'SIGKILL'),
    pause: (port) => signal(port, 'SIGSTOP'),
    resume: (port) => signal(port, 'SIGCONT'),
    agreedMaster,
    stop,
  };
}

// A sentinel's config (it rewrites its file, so each has its own): quick to find the master down.
function startSentinel(dir: string, port: number, masterPort: number, password?: string): ChildProcess {
  const file = join(dir, `sentinel-${port}.conf`);
  const lines = [
    `port ${port}`,
    'bind 127.0.0.1',
    `dir ${dir}`,
    `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} 2`,
  ];
  lines.push(`sentinel down-after-milliseconds ${MASTER_NAME} 1000`, `sentinel failover-timeout ${MASTER_NAME} 5000`);
  if (password) lines.push(`sentinel auth-pass ${MASTER_NAME} ${password}`, `requirepass ${password}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return spawn('redis-sentinel', [file], { stdio: 'ignore' });
}

// SENTINEL MASTER's field list (name, value, ...): one replica and two other sentinels known.
function sentinelKnowsAll(reply: string): boolean {
  const fields = reply.split('\n');
  const field = (name: string) => fields[fields.indexOf(name) + 1];
  return field('num-slaves') === '1' && field('num-other-sentinels') === '2';
}

// `count` loopback ports free now.
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (!ports.includes(port) && (await isFree(port))) ports.push(port);
  }
  return ports;
}
