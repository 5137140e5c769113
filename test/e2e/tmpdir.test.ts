import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ownTempDirs } from '../helpers/own-dirs.js';
import { CAN_MOUNT, runXrunWithTmpfs } from '../helpers/tmpfs.js';
import { HAS_PROC, runXrun, xrunLines } from '../helpers/xrun.js';

// The relay's FIFO where xrun's FIFO directory cannot serve (an unusable cache: relay/fifo-directory.ts) and
// $TMPDIR cannot hold one: the runtime directory, else Node's pipes; no line (the output arrives either way).
// The container-id file and the structured report: docker.test.ts, structured.test.ts.
describe.runIf(HAS_PROC)("the relay's FIFO with an unusable TMPDIR", () => {
  const dir = ownTempDirs('xrun-relay-tmp-');
  // an output rule has xrun read stdout through the FIFO: the command shows where its stdout goes
  const SHOW = ['--retry-on-output', 'never-matches', '--', 'sh', '-c', 'readlink /proc/self/fd/1'];
  const NO_CACHE = { XRUN_CACHE_DIR: '/dev/null/cache' };

  it('TMPDIR=/nonexistent: the FIFO is made in the runtime directory and removed after', async () => {
    const runtime = dir();
    const r = await runXrun(SHOW, { env: { ...NO_CACHE, TMPDIR: '/nonexistent', XDG_RUNTIME_DIR: runtime } });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(new RegExp(`^${runtime}/xrun-relay-[^/]+/pipe\\n$`));
    expect(xrunLines(r.stderr)).toEqual([]);
    expect(readdirSync(runtime)).toEqual([]);
  });

  it("nowhere: Node's pipes relay the output, the run goes on", async () => {
    const r = await runXrun(SHOW, {
      env: { TMPDIR: '/nonexistent', XDG_RUNTIME_DIR: '', XRUN_CACHE_DIR: '/dev/null/cache' },
    });
    expect(r.code).toBe(0);
    // libuv makes its stdio pipes as socket pairs
    expect(r.stdout.toString()).toMatch(/^socket:\[\d+\]\n$/);
    expect(xrunLines(r.stderr)).toEqual([]);
  });

  it.runIf(CAN_MOUNT)("a TMPDIR out of inodes (a tmpfs of the test's own): the runtime directory serves", async () => {
    const tmp = dir();
    const runtime = dir();
    const r = await runXrunWithTmpfs({ [tmp]: 'no-inodes' }, SHOW, {
      env: { ...NO_CACHE, TMPDIR: tmp, XDG_RUNTIME_DIR: runtime },
    });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(new RegExp(`^${runtime}/xrun-relay-[^/]+/pipe\\n$`));
  });
});

// Node's recursive mkdir spins forever under /proc; xrun makes its cache one level at a time.
describe.runIf(HAS_PROC)('every scratch place under /proc', () => {
  it('--hold-stdout past its memory bound with nowhere to spill: the run ends, 1 and one line', async () => {
    const env = { TMPDIR: '/proc/xrun-x', XDG_RUNTIME_DIR: '/proc/xrun-y', XRUN_CACHE_DIR: '/proc/xrun-z/cache' };
    const r = await runXrun(['--hold-stdout', '--', 'head', '-c', '3000000', '/dev/zero'], { env });
    expect(r.code).toBe(1);
    expect(xrunLines(r.stderr)).toEqual([
      "xrun: holding the command's stdout in a temporary file failed: ENOENT (no such file or directory); the rest of it was discarded",
    ]);
  });
});
