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
  // redis+sentinel://[credentials@]127.0.0.1:s1,...,127.0.0.1:s3/fleet-master (rediss+sentinel:// with tls)
  url(credentials?: string): string;
  // with tls: the throwaway CA that signed every server's certificate (for NODE_EXTRA_CA_CERTS)
  caFile?: string;
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

// tls: every server and sentinel listens on TLS alone (port 0, tls-port), with a certificate for
// 127.0.0.1 signed by a CA made for the set; replication and the sentinels' links use TLS too.
export async function startSentinels(options: { password?: string; tls?: boolean } = {}): Promise<TestSentinels> {
  const dir = tempDir('xrun-sentinel-');
  const [masterPort, replicaPort, ...sentinelPorts] = await freePorts(5);
  const servers = new Map<number, ChildProcess>();
  const tls = options.tls ? certificateAuthority(dir) : undefined;
  const server = (port: number, more: string[]) =>
    servers.set(port, spawn('redis-server', serverArgs(port, dir, options.password, tls, more), { stdio: 'ignore' }));
  const cli = cliOf(options.password, tls);
  const stop = () =>
    Promise.all([...servers.values()].map((s) => (s.kill('SIGCONT'), stopServer(s)))).then(() => undefined);
  try {
    server(masterPort!, []);
    server(replicaPort!, ['--replicaof', '127.0.0.1', String(masterPort)]);
    for (const port of sentinelPorts) servers.set(port, startSentinel(dir, port, masterPort!, options.password, tls));
    await until(() => cli(replicaPort!, 'INFO', 'replication').includes('master_link_status:up'));
    // every sentinel knows the replica and the two other sentinels: a failover can be agreed
    for (const port of sentinelPorts) await until(() => sentinelKnowsAll(cli(port, 'SENTINEL', 'MASTER', MASTER_NAME)));
  } catch (error) {
    await stop();
    throw error;
  }
  const signal = (port: number, name: NodeJS.Signals) => servers.get(port)?.kill(name);
  const url = (credentials?: string) =>
    `${tls ? 'rediss' : 'redis'}+sentinel://${credentials ? `${credentials}@` : ''}${sentinelPorts.map((p) => `127.0.0.1:${p}`).join(',')}/${MASTER_NAME}`;
  const agreedMaster = (except: readonly number[] = []) => agreedOn(sentinelPorts, except, cli);
  return {
    masterPort: masterPort!,
    replicaPort: replicaPort!,
    sentinelPorts,
    url,
    ...(tls ? { caFile: tls.ca } : {}),
    cli,
    kill: (port) => signal(port, 'SIGKILL'),
    pause: (port) => signal(port, 'SIGSTOP'),
    resume: (port) => signal(port, 'SIGCONT'),
    agreedMaster,
    stop,
  };
}

type Cli = (port: number, ...args: string[]) => string;

// redis-cli against the server or sentinel on `port` (with the password, over TLS), its output trimmed.
function cliOf(password: string | undefined, tls: Certificates | undefined): Cli {
  const auth = password ? ['-a', password, '--no-auth-warning'] : [];
  const secure = tls ? ['--tls', '--cacert', tls.ca] : [];
  return (port, ...args) =>
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...secure, ...auth, ...args], {
      encoding: 'utf8',
      timeout: 10_000,
    }).trim();
}

// A master's or replica's arguments: loopback, nothing on disk, the password as requirepass and masterauth.
function serverArgs(
  port: number,
  dir: string,
  password: string | undefined,
  tls: Certificates | undefined,
  more: string[],
): string[] {
  const listen = tls
    ? ['--port', '0', '--tls-port', String(port), ...tlsArgs(tls), '--tls-replication', 'yes']
    : ['--port', String(port)];
  const auth = password ? ['--requirepass', password, '--masterauth', password] : [];
  return [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...auth, ...more];
}

// The master's port as every sentinel still up (not in `except`) names it, once they agree and it says it is one.
async function agreedOn(sentinelPorts: readonly number[], except: readonly number[], cli: Cli): Promise<number> {
  let agreed = -1;
  await until(() => {
    const named = sentinelPorts
      .filter((p) => !except.includes(p))
      .map((p) => cli(p, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME).split('\n')[1]);
    agreed = Number(named[0]);
    return named.every((n) => Number(n) === agreed) && cli(agreed, 'ROLE').startsWith('master');
  });
  return agreed;
}

// A sentinel's config (it rewrites its file, so each has its own): quick to find the master down.
function startSentinel(
  dir: string,
  port: number,
  masterPort: number,
  password: string | undefined,
  tls: Certificates | undefined,
): ChildProcess {
  const file = join(dir, `sentinel-${port}.conf`);
  const listen = tls ? ['port 0', `tls-port ${port}`, ...pairs(tlsArgs(tls)), 'tls-replication yes'] : [`port ${port}`];
  const lines = [
    ...listen,
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

interface Certificates {
  ca: string;
  cert: string;
  key: string;
}

function tlsArgs(tls: Certificates): string[] {
  const files = ['--tls-cert-file', tls.cert, '--tls-key-file', tls.key, '--tls-ca-cert-file', tls.ca];
  return [...files, '--tls-auth-clients', 'no'];
}

// ['--a', 'x', '--b', 'y'] as a config file's lines: ['a x', 'b y']
function pairs(args: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) lines.push(`${args[i]!.slice(2)} ${args[i + 1]}`);
  return lines;
}

// A CA of the test's own and a certificate it signed for 127.0.0.1 and localhost, made by openssl in
// `dir` (removed with it).
function certificateAuthority(dir: string): Certificates {
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ca = ['[req]', 'distinguished_name=dn', 'x509_extensions=ca', 'prompt=no', '[dn]', 'CN=xrun test CA', '[ca]'];
  ca.push('basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign');
  writeFileSync(at('ca.cnf'), `${ca.join('\n')}\n`);
  writeFileSync(at('server.cnf'), '[req]\ndistinguished_name=dn\nprompt=no\n[dn]\nCN=127.0.0.1\n');
  writeFileSync(at('server-ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const key = ['-newkey', 'rsa:2048', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...key,
    '-days',
    '1',
    '-config',
    at('ca.cnf'),
    '-keyout',
    at('ca-key.pem'),
    '-out',
    at('ca.pem'),
  );
  openssl('req', ...key, '-config', at('server.cnf'), '-keyout', at('server-key.pem'), '-out', at('server.csr'));
  const signing = ['-CA', at('ca.pem'), '-CAkey', at('ca-key.pem'), '-set_serial', '1', '-days', '1'];
  openssl(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    ...signing,
    '-extfile',
    at('server-ext.cnf'),
    '-out',
    at('server.pem'),
  );
  return { ca: at('ca.pem'), cert: at('server.pem'), key: at('server-key.pem') };
}
