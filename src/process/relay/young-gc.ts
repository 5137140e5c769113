import { builtinNow } from '../../model/builtin.js';

// Bytes relayed between two young-generation collections.
export const RELAY_GC_BYTES = 16 * 1024 * 1024;

type Collect = (options: { type: 'minor' }) => void;
let collect: Collect | null | undefined;

// Node's pipe reads each allocate a fresh 64 KiB buffer that V8 frees only when it collects, lazily,
// so a fast stderr relay grew xrun by tens of MB; a young-generation collection every RELAY_GC_BYTES
// keeps it flat, and costs less than the pressure it removes (bench/RESULTS.md). Set up on first use.
export function collectYoungGeneration(): void {
  if (collect === undefined) {
    // node:v8 and node:vm are loaded here, by the first relay that needs them, not by every start
    const v8 = builtinNow<typeof import('node:v8')>('node:v8');
    const vm = builtinNow<typeof import('node:vm')>('node:vm');
    collect = v8 && vm ? collector(v8, vm) : null;
  }
  collect?.({ type: 'minor' });
}

function collector(v8: typeof import('node:v8'), vm: typeof import('node:vm')): Collect | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as Collect;
    // set back at once: V8 refuses a code cache made under other flags (the launcher's, Node's own modules')
    v8.setFlagsFromString('--no-expose-gc');
    return gc;
  } catch {
    return null;
  }
}
