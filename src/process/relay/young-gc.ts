import { createRequire } from 'node:module';

// Bytes relayed between two young-generation collections.
export const RELAY_GC_BYTES = 16 * 1024 * 1024;

let collect: ((options: { type: 'minor' }) => void) | null | undefined;

// Node's pipe reads each allocate a fresh 64 KiB buffer that V8 frees only when it collects, lazily,
// so a fast stderr relay grew xrun by tens of MB; a young-generation collection every RELAY_GC_BYTES
// keeps it flat, and costs less than the pressure it removes (bench/RESULTS.md). Set up on first use.
export function collectYoungGeneration(): void {
  if (collect === undefined) {
    try {
      // node:v8 and node:vm are loaded here, by the first relay that needs them, not by every start
      // (as relay/fifo-relay.ts loads node:worker_threads: also where import.meta is empty, the snapshot's CommonJS)
      const load = (process.getBuiltinModule as NodeJS.Require | undefined) ?? createRequire(process.execPath);
      (load('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
      collect = (load('node:vm') as typeof import('node:vm')).runInNewContext('gc') as (options: {
        type: 'minor';
      }) => void;
    } catch {
      collect = null;
    }
  }
  collect?.({ type: 'minor' });
}
