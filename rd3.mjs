import { execa } from 'execa';
import { writeSync } from 'node:fs';
const mode = process.argv[2];
const c = execa('sh', ['-c', 'head -c 1073741824 /dev/zero >&2'], { stdio: ['ignore', 'ignore', 'pipe'], buffer: false, reject: false, cleanup: false });
let n = 0, eagain = 0; const t = performance.now();
if (mode === 'blocking') process.stderr._handle?.setBlocking?.(true);
c.stderr.on('data', (chunk) => {
  n++;
  let off = 0;
  while (off < chunk.length) {
    try { off += writeSync(2, chunk, off); } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      eagain++;
      c.stderr.pause();
      process.stderr.write(chunk.subarray(off), () => {});
      process.stderr.once('drain', () => c.stderr.resume());
      if (process.stderr.writableLength === 0) c.stderr.resume();
      return;
    }
  }
});
c.stderr.on('end', () => writeSync(3, `${mode} events ${n} eagain ${eagain} ms ${(performance.now() - t).toFixed(0)}\n`));
