import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

// A PATH directory under `dir` with every program of the usual ones but mkfifo: xrun can make no FIFO
// there and, with no FIFO kept from an earlier run (noFifoEnv), relays through Node's pipes.
export function pathWithoutMkfifo(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const linked = new Set(['mkfifo']);
  for (const from of [dirname(process.execPath), '/usr/bin', '/bin', '/usr/local/bin'])
    for (const name of existsSync(from) ? readdirSync(from) : [])
      if (!linked.has(name)) {
        linked.add(name);
        symlinkSync(join(from, name), join(bin, name));
      }
  return bin;
}

// The environment of a run that can find no FIFO: no mkfifo on PATH and a FIFO directory of its own, empty
// (relay/fifo-directory.ts: the suite's shared one may hold a free FIFO that an earlier test's run put back).
export function noFifoEnv(dir: string): { PATH: string; XRUN_CACHE_DIR: string } {
  return { PATH: pathWithoutMkfifo(dir), XRUN_CACHE_DIR: join(dir, 'cache') };
}
