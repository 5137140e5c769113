import { spawn } from 'node:child_process';
import { lstatSync } from 'node:fs';

// FIFOs made by mkfifo (Node makes none), awaited, and in batches: the relays that ask while a mkfifo
// runs (or in the same turn of the event loop) share the next one. Starting a process holds the event
// loop (fork and exec, synchronous in Node even for an async spawn, tens of ms on a loaded machine),
// so many runs in one process (the library) must not start one each: the loop would stall past the
// bounds of their fleet calls. No -m: coreutils sets it through /proc, which some systems lack; each
// FIFO's directory is private (0700).

interface Asked {
  path: string;
  made(ok: boolean): void;
}

let waiting: Asked[] = [];
let flushing = false;

// Resolves whether `path` is now a FIFO.
export function makeFifo(path: string): Promise<boolean> {
  return new Promise((made) => {
    waiting.push({ path, made });
    if (!flushing) {
      flushing = true;
      setImmediate(flush);
    }
  });
}

// One mkfifo for every FIFO asked for; then the next batch, if more were asked for meanwhile.
function flush(): void {
  const batch = waiting;
  waiting = [];
  if (batch.length === 0) {
    flushing = false;
    return;
  }
  let settled = false;
  const settle = () => {
    // 'error' (no mkfifo) and 'exit' may both come
    if (settled) return;
    settled = true;
    // mkfifo's one status covers every path (it goes on past a failed one): each FIFO is looked at
    for (const asked of batch) asked.made(isFifo(asked.path));
    flush();
  };
  const child = spawn(
    'mkfifo',
    batch.map((a) => a.path),
    { stdio: 'ignore' },
  );
  child.once('error', settle);
  child.once('exit', settle);
}

export function isFifo(path: string): boolean {
  try {
    return lstatSync(path).isFIFO();
  } catch {
    return false;
  }
}
