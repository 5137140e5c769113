// The copy floor: the cheapest relay Node can make of stdin to stdout, the copy loop of xrun's relay
// worker (src/process/relay/worker.ts: blocking reads of up to 256 KiB into a 1 MiB ring, each written
// whole, the tail being the ring's last bytes) run in the main thread, with no thread to start and no
// signal handling to keep free. What no relay made of Node's read and write calls can beat: the bench
// sets xrun's relay beside it.
import { readSync, writeSync } from 'node:fs';

const RING = 1 << 20;
const MAX_READ = 256 << 10;
const ring = Buffer.allocUnsafe(RING);
let at = 0;
for (;;) {
  const length = readSync(0, ring, at, Math.min(MAX_READ, RING - at), null);
  if (length === 0) break;
  for (let offset = at; offset < at + length; ) offset += writeSync(1, ring, offset, at + length - offset);
  at = (at + length) % RING;
}
