import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { HAS_PROC, runXrun, tempDir } from '../helpers/xrun.js';

const mode = (xs: number[]) =>
  [...xs].sort((a, b) => xs.filter((x) => x === b).length - xs.filter((x) => x === a).length)[0];

it('500 consecutive attempts leave descriptors and memory flat', async ({ skip }) => {
  skip(!HAS_PROC, "needs /proc: it reads xrun's descriptors and memory there");
  const dir = tempDir();
  // each attempt records xrun's (its parent's) open descriptors and resident memory, then fails with 3
  const probe = `echo "$(ls /proc/$PPID/fd | wc -l) $(awk '/^VmRSS/ {print $2}' /proc/$PPID/status)" >> ${dir}/probe; exit 3`;
  // buck2's model: each attempt's stderr goes through a pipe of xrun's, kept or leaked
  const r = await runXrun(
    ['--tool', 'buck2', '--retry-on', '3', '--attempts', '500', '--delay', '0ms', '--quiet', '--', 'sh', '-c', probe],
    {
      input: 'some stdin',
      // a small heap makes V8 collect, so what is measured is memory kept, not a lazily grown heap;
      // a leak of more than 24 MiB would also end xrun with an out-of-memory crash instead of 3
      env: { NODE_OPTIONS: '--max-old-space-size=24 --max-semi-space-size=1' },
    },
  );
  expect(r.code).toBe(3);
  const samples = readFileSync(join(dir, 'probe'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' ').map(Number) as [number, number]);
  expect(samples).toHaveLength(500);
  const fds = samples.map(([fd]) => fd);
  // the steady descriptor count is the same at the end as at the start (a pipe of the previous
  // attempt may still be closing when a sample is taken, hence the mode); one descriptor leaked per
  // attempt, or per ten, would move it
  const steady = mode(fds.slice(10, 110));
  expect(mode(fds.slice(400))).toBe(steady);
  expect(fds.slice(400).filter((n) => n === steady).length).toBeGreaterThan(50);
  // KiB: the second 250 attempts add well under 8 MiB (a leak of 32 KiB per attempt would show)
  expect(samples[499]![1] - samples[249]![1]).toBeLessThan(8 * 1024);
}, 300_000); // 500 attempts of three processes each take minutes on a loaded 2-core machine
