import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import { READER, relayState, relayWorkerData, SLOT } from '../../../../src/process/relay/shared-state.js';
import { RELAY_WORKER_SOURCE } from '../../../../src/process/relay/worker.js';
import { tempDir } from '../../../helpers/xrun.js';

// The copy loop alone, reading a regular file (whose reads return all that is asked: 256 KiB, or what is
// left before the ring's end), so that where the 1 MiB ring wraps is known.
it('the worker copies byte for byte, and its tail is the last 64 KiB, taken across the ring wrap', async () => {
  const dir = tempDir();
  // numbered 32-byte lines: 4 MiB and 313 more, so that the ring has wrapped four times and the tail starts before the wrap
  const count = 131072 + 313;
  const lines = Buffer.from(Array.from({ length: count }, (_, i) => `${String(i + 1).padStart(31, '0')}\n`).join(''));
  writeFileSync(join(dir, 'in'), lines);
  const fd = openSync(join(dir, 'in'), 'r');
  const outFd = openSync(join(dir, 'out'), 'w');
  const state = relayState();
  // the pipe is the worker's from the start (the main thread's hand-over done)
  Atomics.store(state, SLOT.reader, READER.worker);
  const worker = new Worker(RELAY_WORKER_SOURCE, {
    eval: true,
    workerData: relayWorkerData(fd, outFd, state, 64 * 1024),
  });
  const end = await new Promise<{ tail: Uint8Array }>((resolve) =>
    worker.on('message', (m) => 'tail' in m && resolve(m)),
  );
  closeSync(fd);
  closeSync(outFd);
  expect(readFileSync(join(dir, 'out')).equals(lines)).toBe(true);
  expect(Buffer.from(end.tail).equals(lines.subarray(-64 * 1024))).toBe(true);
  // sixteen reads of 256 KiB, then the 10,016 bytes left
  expect(Atomics.load(state, SLOT.chunks)).toBe(17);
});

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('writes failing (/dev/full, not EPIPE): it reads on to the end, keeping the tail, and posts the error', async () => {
  const dir = tempDir();
  made.push(dir);
  const count = 131072 + 313;
  const lines = Buffer.from(Array.from({ length: count }, (_, i) => `${String(i + 1).padStart(31, '0')}\n`).join(''));
  writeFileSync(join(dir, 'in'), lines);
  const fd = openSync(join(dir, 'in'), 'r');
  const outFd = openSync('/dev/full', 'w');
  const state = relayState();
  Atomics.store(state, SLOT.reader, READER.worker);
  const worker = new Worker(RELAY_WORKER_SOURCE, {
    eval: true,
    workerData: relayWorkerData(fd, outFd, state, 64 * 1024),
  });
  type End = { tail: Uint8Array; writeError?: { code: string; errno: number } };
  const end = await new Promise<End>((resolve) => worker.on('message', (m) => 'tail' in m && resolve(m)));
  closeSync(fd);
  closeSync(outFd);
  expect(end.writeError).toEqual({ code: 'ENOSPC', errno: -28 });
  // every chunk read, the first (whose write failed) too
  expect(Atomics.load(state, SLOT.chunks)).toBe(17);
  expect(Buffer.from(end.tail).equals(lines.subarray(-64 * 1024))).toBe(true);
});
