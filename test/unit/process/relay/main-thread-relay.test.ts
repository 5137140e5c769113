import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CopiedTail } from '../../../../src/model/stderr-tail.js';
import { EarlyRelay, writeAll } from '../../../../src/process/relay/main-thread-relay.js';
import { eventually, tempDir } from '../../../helpers/xrun.js';

const opened: number[] = [];
const open = (path: string, flags: number) => {
  const fd = openSync(path, flags);
  opened.push(fd);
  return fd;
};
const close = (fd: number) => {
  if (opened.includes(fd)) closeSync(opened.splice(opened.indexOf(fd), 1)[0]!);
};

// A FIFO as the relay reads one: its blocking read end, and a write end for a child.
function fifo(dir: string) {
  const path = join(dir, 'fifo');
  execFileSync('mkfifo', [path]);
  const probe = open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writeEnd = open(path, constants.O_WRONLY);
  const readEnd = open(path, constants.O_RDONLY);
  close(probe);
  return { path, readEnd, writeEnd };
}

// A child (a group of its own) writing `script`'s stdout into the FIFO; the test keeps no write end.
function writer(script: string, writeEnd: number) {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', writeEnd, 'ignore'], detached: true });
  close(writeEnd);
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('exit', (code, signal) => resolve([code, signal])),
  );
  return { child, exited };
}

function relayOf(readEnd: number, outFd: number) {
  const counts: number[] = [];
  const tail = new CopiedTail();
  const relay = new EarlyRelay(readEnd, outFd, tail, (relayed) => counts.push(relayed));
  return { relay, tail, counts };
}

// What is left in a pipe, read to its end (every writer gone).
function readToEnd(fd: number): string {
  const buffer = Buffer.alloc(1024);
  let text = '';
  for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) text += buffer.subarray(0, n).toString();
  return text;
}

const LINES_SCRIPT = (n: number) => `i=0; while [ $i -lt ${n} ]; do echo "line $i"; i=$((i+1)); done`;

describe("the main thread's relay of a FIFO (relay/main-thread-relay.ts)", () => {
  afterEach(() => {
    for (const fd of opened.splice(0)) closeSync(fd);
  });

  it('relays every byte in order to its end; the tail and the running count follow', async () => {
    const dir = tempDir('xrun-early-');
    const { readEnd, writeEnd } = fifo(dir);
    const out = open(join(dir, 'out'), constants.O_WRONLY | constants.O_CREAT);
    const { relay, tail, counts } = relayOf(readEnd, out);
    const { exited } = writer(LINES_SCRIPT(3000), writeEnd);
    expect(await exited).toEqual([0, null]);
    await relay.done;
    const expected = Array.from({ length: 3000 }, (_, i) => `line ${i}\n`).join('');
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe(expected);
    expect([relay.ended, relay.broken, relay.discarding, relay.writeError]).toEqual([true, false, false, undefined]);
    expect(counts.at(-1)).toBe(expected.length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(tail.text().endsWith('line 2999\n')).toBe(true);
  });

  it('a write that fails (ENOSPC): it reads on and discards, so the command is never blocked', async () => {
    const dir = tempDir('xrun-early-');
    const { readEnd, writeEnd } = fifo(dir);
    const full = open('/dev/full', constants.O_WRONLY);
    const { relay, counts } = relayOf(readEnd, full);
    // far more than a pipe holds: a relay that stopped reading would block it
    const { exited } = writer(LINES_SCRIPT(20000), writeEnd);
    expect(await exited).toEqual([0, null]);
    await relay.done;
    expect([relay.ended, relay.broken, relay.discarding]).toEqual([true, false, true]);
    expect(relay.writeError).toEqual({ errno: 'ENOSPC', message: 'no space left on device' });
    expect(counts).toEqual([]);
    // a relay that discards is not handed over: it reads to the end itself
    expect(await relay.handOver()).toBe(false);
  });

  it('the reader gone (EPIPE): the relay stops and says so', async () => {
    const dir = tempDir('xrun-early-');
    const { readEnd, writeEnd } = fifo(dir);
    const pipePath = join(dir, 'gone');
    execFileSync('mkfifo', [pipePath]);
    const probe = open(pipePath, constants.O_RDONLY | constants.O_NONBLOCK);
    const gone = open(pipePath, constants.O_WRONLY);
    close(probe);
    const { relay } = relayOf(readEnd, gone);
    const { exited } = writer('echo one; echo two', writeEnd);
    expect(await exited).toEqual([0, null]);
    await relay.done;
    expect([relay.broken, relay.ended]).toEqual([true, false]);
    expect(relay.writeError).toEqual({ errno: 'EPIPE', message: 'broken pipe' });
  });

  it('handOver: stops after the read under way is handed on; the rest is left in the pipe', async () => {
    const dir = tempDir('xrun-early-');
    const { readEnd, writeEnd } = fifo(dir);
    const outPath = join(dir, 'out');
    const out = open(outPath, constants.O_WRONLY | constants.O_CREAT);
    const { relay } = relayOf(readEnd, out);
    const go = join(dir, 'go');
    const done = join(dir, 'done');
    const { exited } = writer(
      `printf a; while [ ! -e ${go} ]; do sleep 0.05; done; printf b; while [ ! -e ${done} ]; do sleep 0.05; done; printf c`,
      writeEnd,
    );
    expect(await eventually(() => readFileSync(outPath, 'utf8') === 'a')).toBe(true);
    const handedOver = relay.handOver();
    writeFileSync(go, '');
    expect(await handedOver).toBe(true);
    expect(readFileSync(outPath, 'utf8')).toBe('ab');
    writeFileSync(done, '');
    expect(await exited).toEqual([0, null]);
    // what came after the hand-over is the next reader's
    expect(readToEnd(readEnd)).toBe('c');
    expect(relay.ended).toBe(false);
  });

  it('finish: a grandchild holding the pipe open is given up on; the waking byte is not handed on', async () => {
    const dir = tempDir('xrun-early-');
    const { path, readEnd, writeEnd } = fifo(dir);
    const outPath = join(dir, 'out');
    const out = open(outPath, constants.O_WRONLY | constants.O_CREAT);
    const { relay } = relayOf(readEnd, out);
    const { child, exited } = writer('echo last; sleep 60 & exit 0', writeEnd);
    expect(await exited).toEqual([0, null]);
    let woken = 0;
    await relay.finish(() => {
      woken++;
      const fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
      writeSync(fd, '\n');
      closeSync(fd);
    });
    process.kill(-child.pid!, 'SIGKILL');
    expect([woken, relay.gaveUp, relay.ended]).toEqual([1, true, false]);
    expect(readFileSync(outPath, 'utf8')).toBe('last\n');
  });
});

describe('writeAll (relay/main-thread-relay.ts)', () => {
  it('writes all of a chunk; a failed write is returned, not thrown', async () => {
    const dir = tempDir('xrun-write-all-');
    const fd = openSync(join(dir, 'f'), 'w');
    const chunk = Buffer.alloc(300_000, 'x');
    expect(await writeAll(fd, chunk)).toBeUndefined();
    closeSync(fd);
    expect(readFileSync(join(dir, 'f')).equals(chunk)).toBe(true);
    const full = openSync('/dev/full', 'w');
    const error = (await writeAll(full, Buffer.from('x'))) as NodeJS.ErrnoException;
    closeSync(full);
    expect(error.code).toBe('ENOSPC');
    expect(existsSync(join(dir, 'f'))).toBe(true);
  });
});
