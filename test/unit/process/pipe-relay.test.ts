import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPipeRelay, type PipeRelay } from '../../../src/process/pipe-relay.js';
import { eventually, tempDir } from '../../helpers/xrun.js';

// The relay on a real FIFO, to a file or a FIFO of the test's, with real processes writing to it: each
// path (the main thread's early relay alone, for a command that writes little; the worker thread once
// the output is heavy, after the early relay's hand-over) byte-exact.

function relayTo(file: string): { relay: PipeRelay; out: number } {
  const out = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC);
  const relay = openPipeRelay(out);
  if (!relay) throw new Error('no FIFO here');
  return { relay, out };
}

// `sh -c script` with the relay's write end as its stdout and stderr; resolves at its exit
function writer(relay: PipeRelay, script: string): { exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', relay.childFd, relay.childFd] });
  relay.spawned();
  return { exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))) };
}

describe('the FIFO relay (pipe-relay.ts)', () => {
  it('a command that writes little: the main thread relays it, byte for byte, and keeps the tail', async () => {
    const dir = tempDir();
    const { relay, out } = relayTo(join(dir, 'out'));
    const bytes = Buffer.from('first line\npartial');
    writeSync(relay.childFd, bytes);
    const tail = await relay.drain();
    closeSync(out);
    expect(relay.reader).toBe('main');
    expect(readFileSync(join(dir, 'out')).equals(bytes)).toBe(true);
    expect(tail).toBe('first line\npartial');
  });

  it('the main thread keeps relaying what a grandchild writes after the command has ended, until it closes', async () => {
    const dir = tempDir();
    const { relay, out } = relayTo(join(dir, 'out'));
    // more than a pipe holds, from a grandchild, after its parent has gone
    const { exited } = writer(relay, 'printf abc; (head -c 300000 /dev/zero | tr "\\0" d) & exit 0');
    const tail = await relay.drain();
    closeSync(out);
    expect(relay.reader).toBe('main');
    expect((await exited).code).toBe(0);
    expect(readFileSync(join(dir, 'out'), 'utf8') === `abc${'d'.repeat(300000)}`).toBe(true);
    expect(tail).toBe('d'.repeat(64 * 1024));
  });

  it('the main thread gives up on a grandchild silent past the grace period, which then meets a closed pipe', async () => {
    const dir = tempDir();
    const { relay, out } = relayTo(join(dir, 'out'));
    const { exited } = writer(relay, `printf abc; (trap '' PIPE; sleep 3; printf late || echo refused > '${join(dir, 'late')}') & exit 0`);
    const start = Date.now();
    const tail = await relay.drain();
    expect(Date.now() - start).toBeLessThan(2500);
    expect(relay.reader).toBe('main');
    expect((await exited).code).toBe(0);
    expect(tail).toBe('abc');
    // it ignores SIGPIPE, so its write fails (EPIPE) instead of killing it
    expect(await eventually(() => existsSync(join(dir, 'late')), 10_000)).toBe(true);
    expect(readFileSync(join(dir, 'late'), 'utf8')).toBe('refused\n');
    closeSync(out);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('abc');
  }, 20_000);

  it('heavy output: the main thread hands over to the worker mid-stream, byte for byte, and the tail is the last 64 KiB', async () => {
    const dir = tempDir();
    const { relay, out } = relayTo(join(dir, 'out'));
    // numbered 32-byte lines, so that a lost, doubled or moved piece shows; more than 1 MiB, so that the worker takes over
    const count = 131072 + 313;
    const { exited } = writer(relay, `sleep 0.3; i=0; while [ $i -lt ${count} ]; do i=$((i+1)); printf '%031d\\n' $i; done`);
    expect(await eventually(() => relay.reader === 'worker')).toBe(true);
    expect((await exited).code).toBe(0);
    const tail = await relay.drain();
    closeSync(out);
    const lines = Array.from({ length: count }, (_, i) => `${String(i + 1).padStart(31, '0')}\n`).join('');
    expect(readFileSync(join(dir, 'out'), 'utf8') === lines).toBe(true);
    expect(tail === lines.slice(-64 * 1024)).toBe(true);
  }, 60_000);

  it('the main thread waits out a slow reader without blocking its event loop', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // the reader starts reading half a second after the relay begins writing
    const reader = spawn('sh', ['-c', `sleep 0.5; cat < '${fifo}' > '${join(dir, 'read')}'`]);
    const readerExited = new Promise((resolve) => reader.once('exit', resolve));
    const out = openSync(fifo, constants.O_RDWR);
    const relay = openPipeRelay(out)!;
    // more than the pipe to the reader holds: the relay must wait for it, also after the command's exit
    // (less than the two pipes hold, so that the command exits first); no grandchild, whose start on a
    // loaded machine could come after the grace period
    const { exited } = writer(relay, 'head -c 40000 /dev/zero | tr "\\0" a; head -c 60000 /dev/zero | tr "\\0" b');
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 20);
    const drained = relay.drain();
    await exited;
    await drained;
    clearInterval(ticker);
    closeSync(out);
    expect(await readerExited).toBe(0);
    expect(relay.reader).toBe('main');
    expect(readFileSync(join(dir, 'read'), 'utf8')).toBe('a'.repeat(40000) + 'b'.repeat(60000));
    expect(ticks).toBeGreaterThan(5);
  }, 30_000);

  it('the worker: once the reader is gone, it stops reading, so the command sees the broken pipe', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // a reader that goes away after 3 MiB, well after the worker has taken over
    const reader = spawn('sh', ['-c', `head -c 3145728 < '${fifo}' > /dev/null`]);
    const readerExited = new Promise((resolve) => reader.once('exit', resolve));
    const out = openSync(fifo, constants.O_WRONLY);
    const relay = openPipeRelay(out)!;
    const { exited } = writer(relay, 'while :; do echo a line of the endless output; done');
    expect(await exited).toEqual({ code: null, signal: 'SIGPIPE' });
    await relay.drain();
    closeSync(out);
    expect(await readerExited).toBe(0);
    expect(relay.reader).toBe('worker');
  }, 30_000);

  it('the main thread, writes failing (/dev/full): it reads on to the end, so the command is neither blocked nor killed; the error and the tail kept', async () => {
    const out = openSync('/dev/full', constants.O_WRONLY);
    const relay = openPipeRelay(out)!;
    // more than the pipe holds, then its own status: its writes all succeed
    const { exited } = writer(relay, 'head -c 300000 /dev/zero | tr "\\0" f; echo "done $?"');
    expect(await exited).toEqual({ code: 0, signal: null });
    const tail = await relay.drain();
    closeSync(out);
    expect(relay.reader).toBe('main');
    expect(relay.writeError).toEqual({ errno: 'ENOSPC', message: 'no space left on device' });
    expect(tail).toBe(`${'f'.repeat(64 * 1024 - 7)}done 0\n`);
  });

  it('a relay whose writes succeed has no write error', async () => {
    const dir = tempDir();
    const { relay, out } = relayTo(join(dir, 'out'));
    writeSync(relay.childFd, 'fine\n');
    await relay.drain();
    closeSync(out);
    expect(relay.writeError).toBeUndefined();
  });

  it('the main thread: once the reader is gone, it stops reading, so a writer still there sees the broken pipe', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const readEnd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const out = openSync(fifo, constants.O_WRONLY);
    closeSync(readEnd);
    const relay = openPipeRelay(out)!;
    const { exited } = writer(relay, 'while :; do echo more; done');
    await relay.drain();
    closeSync(out);
    expect(relay.reader).toBe('main');
    expect(await exited).toEqual({ code: null, signal: 'SIGPIPE' });
    expect(relay.writeError).toEqual({ errno: 'EPIPE', message: 'broken pipe' });
  });
});
