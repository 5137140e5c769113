import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetFifoDirectory } from '../../../../src/process/relay/fifo-directory.js';
import { keepFifo, releaseSpareFifos, takeFifo } from '../../../../src/process/relay/fifo-pool.js';
import { openPipeRelay, type PipeRelay } from '../../../../src/process/relay/fifo-relay.js';
import { eventually, tempDir } from '../../../helpers/xrun.js';

// The relay on a real FIFO, to a file or a FIFO of the test's, with real processes writing to it: each
// path (the main thread's early relay alone, for a command that writes little; the worker thread once
// the output is heavy, after the early relay's hand-over) byte-exact.

async function relayTo(file: string): Promise<{ relay: PipeRelay; out: number }> {
  const out = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC);
  const relay = await openPipeRelay(out);
  if (!relay) throw new Error('no FIFO here');
  return { relay, out };
}

// `sh -c script` with the relay's write end as its stdout and stderr; resolves at its exit
function writer(
  relay: PipeRelay,
  script: string,
): { exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', relay.childFd, relay.childFd] });
  relay.spawned();
  return { exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))) };
}

// a shell loop that waits for a file to appear, at most 60 s
const waitFor = (file: string) => `n=0; while [ ! -e '${file}' ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done`;

// Fills a FIFO that has a reader (nobody reads it yet) with 'f' bytes until it takes no more; how many.
function fill(fifo: string): number {
  const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  let filled = 0;
  for (const size of [4096, 1])
    for (;;) {
      try {
        filled += writeSync(fd, Buffer.alloc(size, 'f'));
      } catch {
        break;
      }
    }
  closeSync(fd);
  return filled;
}

// each test's FIFO directory is its own (relay/fifo-directory.ts: in xrun's cache directory); a relay read to
// its end keeps its FIFO for the next one (relay/fifo-pool.ts), which goes back there at the run's end
const savedCache = process.env['XRUN_CACHE_DIR'];
let cache = '';
beforeEach(() => {
  cache = tempDir('xrun-fifo-cache-');
  process.env['XRUN_CACHE_DIR'] = cache;
  forgetFifoDirectory();
});
afterEach(() => {
  releaseSpareFifos();
  process.env['XRUN_CACHE_DIR'] = savedCache;
  forgetFifoDirectory();
});

describe('the FIFO relay (relay/fifo-relay.ts)', () => {
  it('a command that writes little: the main thread relays it, byte for byte, and keeps the tail', async () => {
    const dir = tempDir();
    const { relay, out } = await relayTo(join(dir, 'out'));
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
    const { relay, out } = await relayTo(join(dir, 'out'));
    // more than a pipe holds, from a grandchild, after its parent has gone; the parent ends once the
    // grandchild's first bytes have been relayed (no process start of the grandchild's within the grace period)
    const relayed = `[ "$(wc -c < '${join(dir, 'out')}')" -gt 3 ]`;
    const { exited } = writer(
      relay,
      `printf abc; (head -c 300000 /dev/zero | tr "\\0" d) & until ${relayed}; do sleep 0.01; done; exit 0`,
    );
    expect((await exited).code).toBe(0);
    const tail = await relay.drain();
    closeSync(out);
    expect(relay.reader).toBe('main');
    expect(readFileSync(join(dir, 'out'), 'utf8') === `abc${'d'.repeat(300000)}`).toBe(true);
    expect(tail).toBe('d'.repeat(64 * 1024));
  });

  it('the main thread gives up on a grandchild silent past the grace period, which then meets a closed pipe', async () => {
    const dir = tempDir();
    const { relay, out } = await relayTo(join(dir, 'out'));
    // the grandchild writes only once the test says so (after drain(), which must not wait for it)
    const go = join(dir, 'go');
    const { exited } = writer(
      relay,
      `printf abc; (trap '' PIPE; ${waitFor(go)}; printf late || echo refused > '${join(dir, 'late')}') & exit 0`,
    );
    expect((await exited).code).toBe(0);
    const tail = await relay.drain();
    writeFileSync(go, '');
    expect(relay.reader).toBe('main');
    expect(tail).toBe('abc');
    // it ignores SIGPIPE, so its write fails (EPIPE) instead of killing it
    expect(await eventually(() => existsSync(join(dir, 'late')), 30_000)).toBe(true);
    expect(readFileSync(join(dir, 'late'), 'utf8')).toBe('refused\n');
    closeSync(out);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('abc');
  }, 60_000);

  it('heavy output: the main thread hands over to the worker mid-stream, byte for byte, and the tail is the last 64 KiB', async () => {
    const dir = tempDir();
    const { relay, out } = await relayTo(join(dir, 'out'));
    // numbered 32-byte lines, so that a lost, doubled or moved piece shows; more than 1 MiB, so that the worker takes over
    const count = 131072 + 313;
    const { exited } = writer(
      relay,
      `sleep 0.3; i=0; while [ $i -lt ${count} ]; do i=$((i+1)); printf '%031d\\n' $i; done`,
    );
    expect(await eventually(() => relay.reader === 'worker', 90_000)).toBe(true);
    expect((await exited).code).toBe(0);
    const tail = await relay.drain();
    closeSync(out);
    const lines = Array.from({ length: count }, (_, i) => `${String(i + 1).padStart(31, '0')}\n`).join('');
    expect(readFileSync(join(dir, 'out'), 'utf8') === lines).toBe(true);
    expect(tail === lines.slice(-64 * 1024)).toBe(true);
  }, 120_000);

  it('the main thread waits out a slow reader, past the grace period after the exit, without blocking its event loop', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    const [go, written] = [join(dir, 'go'), join(dir, 'written')];
    execFileSync('mkfifo', [fifo]);
    // the reader starts reading only once the test says so (at most 60 s)
    const reader = spawn('sh', ['-c', `${waitFor(go)}; cat < '${fifo}' > '${join(dir, 'read')}'`]);
    const readerExited = new Promise((resolve) => reader.once('exit', resolve));
    const out = openSync(fifo, constants.O_RDWR);
    // the pipe to the reader is full from the start, whatever its size: the relay's first write waits
    const filled = fill(fifo);
    const relay = (await openPipeRelay(out))!;
    // a grandchild writes after the exit, once the test says so, while the relay still waits for the reader
    const { exited } = writer(
      relay,
      `printf abc; (${waitFor(join(dir, 'go-late'))}; printf late; : > '${written}') & exit 0`,
    );
    expect(await exited).toEqual({ code: 0, signal: null });
    let drainedEarly = false;
    const drained = relay.drain().then(() => (drainedEarly = true));
    // the event loop turns while the relay waits, for longer than the grace period (200 ms)
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 20);
    await eventually(() => ticks >= 25, 60_000);
    clearInterval(ticker);
    writeFileSync(join(dir, 'go-late'), '');
    expect(await eventually(() => existsSync(written), 60_000)).toBe(true);
    expect(drainedEarly).toBe(false);
    writeFileSync(go, '');
    await drained;
    closeSync(out);
    expect(await readerExited).toBe(0);
    expect(relay.reader).toBe('main');
    expect(readFileSync(join(dir, 'read'), 'utf8') === `${'f'.repeat(filled)}abclate`).toBe(true);
  }, 90_000);

  it('the worker: once the reader is gone, it stops reading, so the command sees the broken pipe', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // a reader that goes away after 3 MiB, well after the worker has taken over
    const reader = spawn('sh', ['-c', `head -c 3145728 < '${fifo}' > /dev/null`]);
    const readerExited = new Promise((resolve) => reader.once('exit', resolve));
    const out = openSync(fifo, constants.O_WRONLY);
    const relay = (await openPipeRelay(out))!;
    const { exited } = writer(relay, 'while :; do echo a line of the endless output; done');
    expect(await exited).toEqual({ code: null, signal: 'SIGPIPE' });
    await relay.drain();
    closeSync(out);
    expect(await readerExited).toBe(0);
    expect(relay.reader).toBe('worker');
  }, 30_000);

  it('the main thread, writes failing (/dev/full): it reads on to the end, so the command is neither blocked nor killed; the error and the tail kept', async () => {
    const out = openSync('/dev/full', constants.O_WRONLY);
    const relay = (await openPipeRelay(out))!;
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
    const { relay, out } = await relayTo(join(dir, 'out'));
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
    const relay = (await openPipeRelay(out))!;
    const { exited } = writer(relay, 'while :; do echo more; done');
    await relay.drain();
    closeSync(out);
    expect(relay.reader).toBe('main');
    expect(await exited).toEqual({ code: null, signal: 'SIGPIPE' });
    expect(relay.writeError).toEqual({ errno: 'EPIPE', message: 'broken pipe' });
  });
});

describe('making the FIFO', () => {
  it('mkfifo runs beside the event loop, never blocking it: a callback queued after the call runs before the relay is ready', async () => {
    const dir = tempDir();
    const out = openSync(join(dir, 'out'), constants.O_WRONLY | constants.O_CREAT);
    const order: string[] = [];
    const opening = openPipeRelay(out).then((relay) => {
      order.push('relay');
      return relay;
    });
    setImmediate(() => order.push('immediate'));
    const relay = (await opening)!;
    expect(order).toEqual(['immediate', 'relay']);
    writeSync(relay.childFd, 'made\n');
    expect(await relay.drain()).toBe('made\n');
    closeSync(out);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('made\n');
  });
});

describe("a drained relay's FIFO serves the run's next attempt, then the user's next run (relay/fifo-pool.ts)", () => {
  it('a FIFO read to its end is kept, reused by the next relay (byte for byte), and put back free at the end of the run', async () => {
    const dir = tempDir();
    const fifos = join(cache, 'fifos');
    const first = await relayTo(join(dir, 'first'));
    writeSync(first.relay.childFd, 'one\n');
    await first.relay.drain();
    closeSync(first.out);
    // made in the user's FIFO directory under a held name of this process
    expect(readdirSync(fifos)).toEqual([expect.stringMatching(new RegExp(`^held-${process.pid}-`))]);
    const kept = takeFifo(undefined)!;
    expect(kept).toEqual({ path: join(fifos, readdirSync(fifos)[0]!), shared: fifos });
    expect(statSync(kept.path).isFIFO()).toBe(true);
    keepFifo(kept);
    const second = await relayTo(join(dir, 'second'));
    // the kept one is taken: nothing is left to take, in the run or in the directory
    expect(takeFifo(fifos)).toBeUndefined();
    const { exited } = writer(second.relay, 'printf two');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await second.relay.drain()).toBe('two');
    closeSync(second.out);
    expect(readFileSync(join(dir, 'second'), 'utf8')).toBe('two');
    const again = takeFifo(undefined)!;
    expect(again.path).toBe(kept.path);
    keepFifo(again);
    const inode = statSync(kept.path).ino;
    releaseSpareFifos();
    // back under a free name: the held path is gone, the same FIFO waits for the next run
    expect(existsSync(kept.path)).toBe(false);
    const free = readdirSync(fifos);
    expect(free).toEqual([expect.stringMatching(/^free-/)]);
    expect(statSync(join(fifos, free[0]!)).ino).toBe(inode);
    expect(takeFifo(undefined)).toBeUndefined();
    // the next relay (another run's, as far as the directory knows) takes it, and it carries that relay's bytes
    const third = await relayTo(join(dir, 'third'));
    expect(statSync(join(fifos, readdirSync(fifos)[0]!)).ino).toBe(inode);
    const { exited: done } = writer(third.relay, 'printf three');
    expect(await done).toEqual({ code: 0, signal: null });
    expect(await third.relay.drain()).toBe('three');
    closeSync(third.out);
    expect(readFileSync(join(dir, 'third'), 'utf8')).toBe('three');
  });

  it('a FIFO that a grandchild still holds is not kept: its relay gave up on it, and it is removed', async () => {
    const dir = tempDir();
    const { relay, out } = await relayTo(join(dir, 'out'));
    const { exited } = writer(relay, `printf abc; (${waitFor(join(dir, 'never'))}) & exit 0`);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await relay.drain()).toBe('abc');
    closeSync(out);
    expect(takeFifo(undefined)).toBeUndefined();
    releaseSpareFifos();
    expect(readdirSync(join(cache, 'fifos'))).toEqual([]);
    writeFileSync(join(dir, 'never'), '');
  }, 90_000);

  it('where the FIFO directory cannot serve (open to others), the FIFO is made in a private directory of its own and removed', async () => {
    const dir = tempDir();
    mkdirSync(join(cache, 'fifos'), { mode: 0o755 });
    chmodSync(join(cache, 'fifos'), 0o755);
    const { relay, out } = await relayTo(join(dir, 'out'));
    writeSync(relay.childFd, 'own\n');
    expect(await relay.drain()).toBe('own\n');
    closeSync(out);
    const kept = takeFifo(undefined)!;
    expect(kept.path).toMatch(/\/xrun-relay-[^/]+\/pipe$/);
    keepFifo(kept);
    releaseSpareFifos();
    expect(existsSync(dirname(kept.path))).toBe(false);
    expect(readdirSync(join(cache, 'fifos'))).toEqual([]);
  });
});
