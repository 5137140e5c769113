import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { plainEnv, tempDir, XRUN_BIN } from '../helpers/xrun.js';

// A PID 1 that reaps no orphans, as `tail -f /dev/null` is in a GitHub Actions container job: it forks,
// runs its arguments in the child, waits for that child only and exits with its status.
const INIT =
  'my $pid = fork() // die "fork: $!"; if (!$pid) { exec @ARGV or die "exec: $!" } waitpid($pid, 0); exit($? & 127 ? 128 + ($? & 127) : $? >> 8)';
const PS_WITHOUT_PROC = fileURLToPath(new URL('../fixtures/ps-without-proc', import.meta.url));

// Root runs a PID namespace of its own, with its own /proc.
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-fp', '--mount-proc', 'true']).status === 0;

// How the process list is read: from /proc, or (hidden under an empty tmpfs, as on macOS and the
// BSDs) from a ps that needs no /proc.
const SETUP = {
  '/proc': '',
  ps: `mount -t tmpfs tmpfs /proc && PATH="${PS_WITHOUT_PROC}:$PATH"`,
};

// Runs the shell command line `xrun(dir)` under the reaping-less init, then records how the command's
// sleeps were left (a zombie's arguments are gone, its name stays): one state letter each.
async function underLazyInit(source: keyof typeof SETUP, xrun: (dir: string) => string) {
  const dir = tempDir('xrun-zombies-');
  // the sleeps ignore SIGHUP, which the end of a terminal session would send them
  writeFileSync(join(dir, 'command.sh'), "trap '' HUP\nsleep 61 &\nsleep 61\n");
  const body = [
    SETUP[source],
    `${xrun(dir)}; echo $? > ${dir}/code`,
    `ps -A -o stat=,comm= | awk '$2 == "sleep" { print substr($1, 1, 1) }' | sort | tr -d '\\n' > ${dir}/sleeps`,
  ].filter(Boolean);
  const started = Date.now();
  // stdin stays open until the end: script(1) would end the terminal session at its end
  const child = spawn('unshare', ['-fp', '--mount-proc', 'perl', '-e', INIT, 'sh', '-c', body.join('\n')], {
    env: plainEnv(),
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  await new Promise((resolve) => child.on('close', resolve));
  const ms = Date.now() - started;
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
    attempts: { killEscalated: boolean }[];
  };
  return {
    code: readFileSync(join(dir, 'code'), 'utf8').trim(),
    sleeps: readFileSync(join(dir, 'sleeps'), 'utf8'),
    ms,
    killEscalated: report.attempts.map((a) => a.killEscalated),
  };
}

// the timeout comes well after the sleeps' start, also on a loaded machine; the grace is far longer than a run
const TIMED_OUT = (dir: string) =>
  `"${XRUN_BIN}" --timeout 3s --kill-after 60s --report ${dir}/report.json -- sh ${dir}/command.sh`;

describe.skipIf(!canUnshare)('zombies have ended (under a PID 1 that reaps no orphans; needs root and unshare)', () => {
  it.each(['/proc', 'ps'] as const)(
    'a timed-out group that holds only zombies has ended: no --kill-after grace is spent on them (list from %s)',
    async (source) => {
      const r = await underLazyInit(source, TIMED_OUT);
      expect(r.code).toBe('124');
      // the sleeps got the stop signal and are zombies now, which the init never reaps (sh, stopped
      // too, may have reaped one first)
      expect(r.sleeps).toMatch(/^Z{1,2}$/);
      expect(r.killEscalated).toEqual([false]);
      expect(r.ms).toBeLessThan(40_000);
    },
    90_000,
  );

  it.each(['/proc', 'ps'] as const)(
    "in terminal mode the command's tree of zombies has ended too (list from %s)",
    async (source) => {
      const r = await underLazyInit(source, (dir) => `script -qfec '${TIMED_OUT(dir)}' /dev/null`);
      expect(r.code).toBe('124');
      expect(r.sleeps).toMatch(/^Z{1,2}$/);
      expect(r.killEscalated).toEqual([false]);
      expect(r.ms).toBeLessThan(40_000);
    },
    90_000,
  );
});
