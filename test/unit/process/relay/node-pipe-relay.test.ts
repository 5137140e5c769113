import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BoundedTail } from '../../../../src/model/stderr-tail.js';
import { forwardStream } from '../../../../src/process/relay/node-pipe-relay.js';
import { eventually } from '../../../helpers/xrun.js';

// A sink that keeps what it takes, each write `delayMs` late (a slow reader), or that fails with `code`.
function sink(options: { delayMs?: number; failWith?: string } = {}) {
  const taken: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, done) {
      if (options.failWith) {
        const code = options.failWith as keyof typeof constants.errno;
        done(Object.assign(new Error(code), { code, errno: -constants.errno[code] }));
        return;
      }
      taken.push(chunk);
      setTimeout(done, options.delayMs ?? 0);
    },
  });
  return { stream, taken: () => Buffer.concat(taken).toString() };
}

// A real child writing `script`'s output to a pipe, relayed to `to`.
function relayChild(script: string, to: NodeJS.WritableStream, tail = new BoundedTail()) {
  // a group of its own: the test ends whatever the child left behind
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('exit', (code, signal) => resolve([code, signal])),
  );
  return { relay: forwardStream(child.stdout, to, tail), exited, tail, child };
}

describe("the Node-pipe relay of a child's stream (relay/node-pipe-relay.ts)", () => {
  it('hands every byte on in order and keeps the tail; no failed write', async () => {
    const out = sink();
    const { relay, exited, tail } = relayChild('printf "one\\n"; printf "two\\n"; printf three', out.stream);
    expect(await exited).toEqual([0, null]);
    expect(await relay.drain()).toBeUndefined();
    expect(out.taken()).toBe('one\ntwo\nthree');
    expect(tail.text()).toBe('one\ntwo\nthree');
  });

  it('a slow reader holds the child back (backpressure) and still gets every byte', async () => {
    const out = sink({ delayMs: 2 });
    const { relay, exited } = relayChild('i=0; while [ $i -lt 2000 ]; do echo "line $i"; i=$((i+1)); done', out.stream);
    expect(await exited).toEqual([0, null]);
    await relay.drain();
    const lines = out.taken().split('\n');
    expect(lines.length).toBe(2001);
    expect(lines[1999]).toBe('line 1999');
  });

  it('a write that fails (ENOSPC): the relay reads on and discards, the child ends normally', async () => {
    const out = sink({ failWith: 'ENOSPC' });
    const { relay, exited, tail } = relayChild(
      'i=0; while [ $i -lt 500 ]; do echo "line $i"; i=$((i+1)); done',
      out.stream,
    );
    expect(await exited).toEqual([0, null]);
    expect(await relay.drain()).toEqual({ errno: 'ENOSPC', message: 'no space left on device' });
    expect(tail.text().endsWith('line 499\n')).toBe(true);
  });

  it('the reader gone (EPIPE): the relay stops reading, and the child gets the broken pipe', async () => {
    const out = sink({ failWith: 'EPIPE' });
    const { relay, exited } = relayChild('while :; do echo more; done', out.stream);
    expect(await exited).toEqual([null, 'SIGPIPE']);
    expect(await relay.drain()).toEqual({ errno: 'EPIPE', message: 'broken pipe' });
  });

  it('a grandchild holding the pipe open: drain gives up after the grace period', async () => {
    const out = sink();
    const { relay, exited, child } = relayChild('echo early; sleep 60 & exit 0', out.stream);
    expect(await exited).toEqual([0, null]);
    const started = Date.now();
    expect(await relay.drain()).toBeUndefined();
    // the grace period (200ms) and a wide margin for a loaded machine, far from the grandchild's 60s
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await eventually(() => out.taken() === 'early\n')).toBe(true);
    process.kill(-child.pid!, 'SIGKILL');
  });
});
