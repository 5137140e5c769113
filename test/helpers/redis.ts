import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './xrun.js';

// A redis-server of the test's own, on a unix socket in a temporary directory (and a loopback TLS port
// when asked), never the system's service; stop() ends it.
export interface TestRedis {
  dir: string;
  socket: string;
  // unix://<socket>, with the password when there is one
  url: string;
  tlsPort?: number;
  caFile?: string;
  // redis-cli on the socket (with the password), its output trimmed
  cli(...args: string[]): string;
  stop(): Promise<void>;
}

// Under CI a missing redis-server fails the fleet tests instead of skipping them (as the engines do).
export const HAS_REDIS =
  Boolean(process.env['CI']) ||
  (() => {
    try {
      execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

export async function startRedis(options: { password?: string; tls?: boolean } = {}): Promise<TestRedis> {
  const dir = tempDir('xrun-redis-');
  const socket = join(dir, 'redis.sock');
  const args = [
    '--port',
    '0',
    '--unixsocket',
    socket,
    '--unixsocketperm',
    '700',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  if (options.password) args.push('--requirepass', options.password);
  let tlsPort: number | undefined;
  let caFile: string | undefined;
  if (options.tls) {
    caFile = selfSignedCertificate(dir);
    tlsPort = await freePort();
    args.push(
      '--tls-port',
      String(tlsPort),
      '--tls-cert-file',
      join(dir, 'cert.pem'),
      '--tls-key-file',
      join(dir, 'key.pem'),
    );
    args.push('--tls-ca-cert-file', caFile, '--tls-auth-clients', 'no');
  }
  const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await ready(server, socket);
  const auth = options.password ? ['-a', options.password, '--no-auth-warning'] : [];
  return {
    dir,
    socket,
    url: options.password ? `unix://:${options.password}@${socket}` : `unix://${socket}`,
    ...(tlsPort === undefined ? {} : { tlsPort }),
    ...(caFile === undefined ? {} : { caFile }),
    cli: (...cliArgs) => execFileSync('redis-cli', ['-s', socket, ...auth, ...cliArgs], { encoding: 'utf8' }).trim(),
    stop: () => stopServer(server),
  };
}

async function ready(server: ChildProcess, socket: string): Promise<void> {
  let output = '';
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 30 s of naps at least (longer on a loaded machine)
  for (let waited = 0; waited < 30_000; waited += 20) {
    if (/ready to accept connections/i.test(output) && existsSync(socket)) return;
    if (server.exitCode !== null) throw new Error(`redis-server exited ${server.exitCode}: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  server.kill('SIGKILL');
  throw new Error(`redis-server did not start: ${output}`);
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
  });
}

// A loopback port nobody listens on right now.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

// A self-signed certificate for localhost (and 127.0.0.1) made by openssl in `dir`; returns its path.
function selfSignedCertificate(dir: string): string {
  const config = join(dir, 'openssl.cnf');
  writeFileSync(
    config,
    '[req]\ndistinguished_name=dn\nx509_extensions=ext\nprompt=no\n[dn]\nCN=localhost\n[ext]\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
  );
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-config',
      config,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    {
      stdio: 'ignore',
    },
  );
  return join(dir, 'cert.pem');
}
