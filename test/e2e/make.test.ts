import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, XRUN_BIN } from '../helpers/xrun.js';

// Four one-second jobs that log when they start and end.
const INNER = `JOBS := a b c d
all: $(JOBS)
$(JOBS):
\t@echo "start $$(date +%s%N)" >> $(LOG); sleep 1; echo "end $$(date +%s%N)" >> $(LOG)
`;
const OUTER = `recursive:
\t+$(XRUN) -- $(MAKE) -f inner.mk LOG=$(LOG)
plain:
\t$(XRUN) -- make -f inner.mk LOG=$(LOG)
`;

// The largest number of jobs running at once, from the start/end log.
function maxOverlap(log: string): number {
  const events = log
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([kind, t]) => [BigInt(t!), kind === 'start' ? 1 : -1] as const);
  events.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  let running = 0;
  let max = 0;
  for (const [, delta] of events) {
    running += delta;
    max = Math.max(max, running);
  }
  return max;
}

function makeJ4(target: string) {
  const dir = tempDir('xrun-make-');
  writeFileSync(join(dir, 'inner.mk'), INNER);
  writeFileSync(join(dir, 'Makefile'), OUTER);
  const log = join(dir, 'log');
  const r = spawnSync('make', ['-s', '-j4', target, `XRUN=${XRUN_BIN}`, `LOG=${log}`], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, log: readFileSync(log, 'utf8') };
}

describe('GNU make jobserver through xrun', () => {
  it('make -j4 recursion through xrun keeps its jobs parallel', () => {
    const r = makeJ4('recursive');
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('jobserver unavailable');
    expect(r.log.match(/^start/gm)).toHaveLength(4);
    expect(maxOverlap(r.log)).toBeGreaterThanOrEqual(2);
  });

  it("a recipe without '+' gets one warning line from xrun (and make goes serial, as it would anyway)", () => {
    const r = makeJ4('plain');
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('xrun: '))).toEqual([
      "xrun: MAKEFLAGS names jobserver descriptors 3,4 but they are not open (mark the recipe with '+' to share make's jobserver); the command runs without them",
    ]);
    expect(maxOverlap(r.log)).toBe(1);
  });

  it('50 recipes of a command that is no make (`xrun --retry-busy -- true`) under make -j4: no xrun line at all', () => {
    const dir = tempDir('xrun-make-');
    const targets = Array.from({ length: 50 }, (_, i) => `t${i}`);
    writeFileSync(
      join(dir, 'Makefile'),
      `all: ${targets.join(' ')}\n${targets.map((t) => `${t}:\n\t$(XRUN) --retry-busy -- true\n`).join('')}`,
    );
    const r = spawnSync('make', ['-s', '-j4', `XRUN=${XRUN_BIN}`], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  }, 300_000); // 50 xrun starts take over a minute on a loaded 2-core machine
});
