import { createConnection, isIP, type Socket } from 'node:net';
import { builtinNow } from '../../model/builtin.js';

// A minimal Redis client: RESP2 over a unix socket, TCP or TLS, one connection, commands answered in
// order. The fleet sends a handful of small commands per run; the maintained clients cost more to load
// (hundreds of ms) than the whole per-call bound, so this is all xrun needs of one.

export type RespValue = string | number | null | RespError | RespValue[];

// An error reply (`-WRONGPASS ...`): its message is the server's line.
export class RespError extends Error {}

export type RespEndpoint = { kind: 'tcp'; host: string; port: number; tls: boolean } | { kind: 'unix'; path: string };

export interface RespConnection {
  // resolves the reply; rejects with a RespError for an error reply, or an Error when the connection fails
  command(args: readonly string[]): Promise<RespValue>;
  destroy(): void;
}

// Connects (and authenticates, and selects the database); rejects when any of it fails, or when
// `signal` aborts (a server that accepts but never answers must not keep xrun alive).
export async function connectResp(
  endpoint: RespEndpoint,
  auth: { username?: string; password?: string; database: number },
  signal: AbortSignal,
): Promise<RespConnection> {
  const socket = dialled(endpoint);
  // one error for every stage: it rejects the wait for the connection or the command under way
  const abandon = () => socket.destroy(new Error('the connection was abandoned'));
  if (signal.aborted) abandon();
  else signal.addEventListener('abort', abandon, { once: true });
  try {
    await connected(socket, endpoint);
    const connection = respOver(socket);
    if (auth.password !== undefined)
      await connection.command(auth.username ? ['AUTH', auth.username, auth.password] : ['AUTH', auth.password]);
    if (auth.database !== 0) await connection.command(['SELECT', String(auth.database)]);
    // a server that wants a password answers a small command NOAUTH; a large one unauthenticated (the
    // fleet's script) it refuses with a protocol error and closes on, which reached xrun as EPIPE
    else if (auth.password === undefined) await connection.command(['PING']);
    return connection;
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    signal.removeEventListener('abort', abandon);
  }
}

// node:tls, loaded for rediss:// alone
function tlsModule(): typeof import('node:tls') {
  const tls = builtinNow<typeof import('node:tls')>('node:tls');
  if (!tls) throw new Error('node:tls cannot be loaded');
  return tls;
}

function dialled(endpoint: RespEndpoint): Socket {
  if (endpoint.kind === 'unix') return createConnection({ path: endpoint.path });
  // SNI names a host, never an address (Node warns on stderr, DEP0123): the certificate is checked
  // against the address all the same; sentinels and cluster nodes name their peers by address
  const sni = isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {};
  if (endpoint.tls) return tlsModule().connect({ host: endpoint.host, port: endpoint.port, ...sni });
  return createConnection({ host: endpoint.host, port: endpoint.port });
}

// Resolves once the socket is connected (and its TLS handshake done); rejects on its error.
function connected(socket: Socket, endpoint: RespEndpoint): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once(endpoint.kind === 'tcp' && endpoint.tls ? 'secureConnect' : 'connect', () => {
      socket.off('error', reject);
      resolve();
    });
    socket.once('error', reject);
  });
}

function respOver(socket: Socket): RespConnection {
  const waiting: { resolve(value: RespValue): void; reject(error: Error): void }[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    try {
      for (let parsed = parseReply(buffer, 0); parsed; parsed = parseReply(buffer, 0)) {
        buffer = buffer.subarray(parsed[1]);
        const w = waiting.shift();
        if (parsed[0] instanceof RespError) w?.reject(parsed[0]);
        else w?.resolve(parsed[0]);
      }
    } catch (error) {
      fail(error as Error);
      socket.destroy();
    }
  });
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the connection closed')));
  return {
    command: (args) => {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        socket.write(encodeCommand(args));
      });
    },
    destroy: () => socket.destroy(),
  };
}

// A command as RESP: an array of bulk strings.
export function encodeCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''));
}

// One reply from `buf` at `pos` and where the next begins, or undefined when it is not all there yet. Pure.
export function parseReply(buf: Buffer, pos: number): [RespValue, number] | undefined {
  const lineEnd = buf.indexOf('\r\n', pos);
  if (lineEnd < 0) return undefined;
  const line = buf.toString('utf8', pos + 1, lineEnd);
  const next = lineEnd + 2;
  switch (String.fromCharCode(buf[pos]!)) {
    case '+':
      return [line, next];
    case '-':
      return [new RespError(line), next];
    case ':':
      return [Number(line), next];
    case '$': {
      const length = Number(line);
      if (length < 0) return [null, next];
      return buf.length < next + length + 2
        ? undefined
        : [buf.toString('utf8', next, next + length), next + length + 2];
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return [null, next];
      const items: RespValue[] = [];
      let at = next;
      for (let i = 0; i < count; i += 1) {
        const item = parseReply(buf, at);
        if (!item) return undefined;
        items.push(item[0]);
        at = item[1];
      }
      return [items, at];
    }
    default:
      throw new Error(`not a RESP reply: ${JSON.stringify(line.slice(0, 40))}`);
  }
}
