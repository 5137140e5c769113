import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Bytes relayed between two young-generation collections.
export const RELAY_GC_BYTES = 16 * 1024 * 1024;

let collect: ((options: { type: 'minor' }) => void) | null | undefined;

// Node's pipe reads each allocate a fresh 64 KiB buffer that V8 frees only when it collects, lazily,
// so a fast stderr relay grew xrun by tens of MB; a young-generation collection every RELAY_GC_BYTES
// keeps it flat, and costs less than the pressure it removes (bench/RESULTS.md). Set up on first use.
export function collectYoungGeneration(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as (options: { type: 'minor' }) => void;
    } catch {
      collect = null;
    }
  }
  collect?.({ type: 'minor' });
}
