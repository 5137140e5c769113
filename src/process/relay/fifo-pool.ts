import { rmSync } from 'node:fs';
import { putBack, takeFree } from './fifo-directory.js';
import { isFifo } from './fifo-maker.js';

// A relay's FIFO: one of the user's FIFO directory (relay/fifo-directory.ts: `shared` names it), or, where
// that cannot serve, one made in a private directory of its own (`dir`), removed with it.
export type Fifo = { path: string; shared: string } | { path: string; dir: string };

// A FIFO whose relay read it to its end, kept for the run's next attempt: every retry reuses it.
const spares: Fifo[] = [];

// Keeps a drained FIFO for the next relay.
export function keepFifo(fifo: Fifo): void {
  spares.push(fifo);
}

// A kept FIFO that is still one (nobody removed or replaced it), else a free one of the user's directory
// (`shared`), or undefined.
export function takeFifo(shared: string | undefined): Fifo | undefined {
  for (let fifo = spares.pop(); fifo !== undefined; fifo = spares.pop()) {
    if (isFifo(fifo.path)) return fifo;
    discardFifo(fifo);
  }
  if (shared === undefined) return undefined;
  const path = takeFree(shared);
  return path === undefined ? undefined : { path, shared };
}

// Removes a FIFO that may not be used again (a writer may still hold it, or it was never read to its end).
export function discardFifo(fifo: Fifo): void {
  rmSync('dir' in fifo ? fifo.dir : fifo.path, { recursive: true, force: true });
}

// At the end of a run: the kept FIFOs of the user's directory go back to it, the others are removed.
export function releaseSpareFifos(): void {
  for (let fifo = spares.pop(); fifo !== undefined; fifo = spares.pop())
    if ('shared' in fifo) putBack(fifo.path, fifo.shared);
    else discardFifo(fifo);
}
