import { rmSync } from 'node:fs';
import { isFifo } from './fifo-maker.js';

// A FIFO made for one attempt's relay, kept for the next attempt of the run: making one costs a
// process (mkfifo; Node makes none), on the path of every retry. Only a FIFO whose relay read it to its
// end (every writer gone, nothing left in it) is kept; each lives in a private directory of its own.
export interface SpareFifo {
  dir: string;
  path: string;
}

const spares: SpareFifo[] = [];

// Keeps a drained FIFO for the next relay.
export function keepFifo(fifo: SpareFifo): void {
  spares.push(fifo);
}

// A kept FIFO that is still one (nobody removed or replaced it), or undefined.
export function takeFifo(): SpareFifo | undefined {
  for (let fifo = spares.pop(); fifo !== undefined; fifo = spares.pop()) {
    if (isFifo(fifo.path)) return fifo;
    rmSync(fifo.dir, { recursive: true, force: true });
  }
  return undefined;
}

// Removes the kept FIFOs: at the end of a run, so that none is left behind.
export function removeSpareFifos(): void {
  for (let fifo = spares.pop(); fifo !== undefined; fifo = spares.pop())
    rmSync(fifo.dir, { recursive: true, force: true });
}
