// GNU coreutils' tests/timeout/*.sh, ported to xrun's flags: every assertion those scripts make is a row
// below, run side by side with GNU timeout (/usr/bin/timeout) and with the built xrun. A row names the
// difference (docs/timeout.md, "Differences from GNU timeout") when xrun deliberately behaves otherwise, and says
// when it fails on main today because of a fix under way on another branch. The assertions are
// restated here in this project's own code: nothing of the upstream scripts is copied.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, plainEnv, tempDir, XRUN_BIN } from '../helpers/xrun.js';

const GNU_TIMEOUT = '/usr/bin/timeout';

// A signal the harness sends once ./traps runs: to the wrapper itself, or to the process group that
// the line's shell leads (a terminal's Ctrl-C reaches a foreground group that way).
interface Trigger {
  signal: NodeJS.Signals;
  to: 'wrapper' | 'group';
}

interface Expect {
  // as a shell sees it: the exit code, or 128+N after a death by signal N
  status?: number;
  stdout?: string;
  stderr?: string | RegExp;
  // wide bounds from start to end, never tight ones
  withinMs?: number;
  atLeastMs?: number;
  // ./traps caught its signal and marked it
  received?: boolean;
  // ./traps is gone shortly after the line ended
  commandGone?: boolean;
}

interface Side {
  line: string;
  expect: Expect;
  trigger?: Trigger;
}

type Need = 'unshare' | 'perl-posix' | 'proc';

interface Row {
  checks: string;
  gnu: Side & {
    // the coreutils release whose timeout first behaves as expected here
    since?: string;
  };
  xrun: Side;
  // the behaviour column of the docs/timeout.md row when xrun deliberately differs
  difference?: string;
  // why the xrun side cannot pass on main today, and which fix makes it pass
  onMain?: { fails: string } | { skip: string };
  needs?: Need;
}

const both = (gnu: string, xrun: string, expect: Expect): Pick<Row, 'gnu' | 'xrun'> => ({
  gnu: { line: gnu, expect },
  xrun: { line: xrun, expect },
});
const usageError: Expect = { status: 125 };
const xrunUsageError: Expect = { status: 125, stderr: /^xrun: [^\n]+\n$/ };
// every "sleep 10" the upstream scripts time out: done well before the sleep would be
const TIMED_OUT: Expect = { status: 124, withinMs: 9_000 };
// ./traps runs 20 s unless it gets its signal
const PROMPT = 15_000;

// getlimits' values on x86_64 Linux (the upstream scripts take them from coreutils' getlimits)
const TIME_T_OFLOW = '9223372036854775808';
const UINT_OFLOW = '4294967296';
const LDBL_MAX = '1.18973149535723176502e+4932';
// a command that shrugs off the stop signal, as GNU's -s 0 (send nothing) leaves sleep running
const IGNORES_TERM = `sh -c "trap '' TERM; exec sleep 10"`;
const BLOCK_ALRM = `perl -MPOSIX -e 'sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGALRM)) or exit 99; exec @ARGV'`;
const NEW_PIDS = 'unshare --pid --fork --map-root-user';

const FILES: Readonly<Record<string, readonly Row[]>> = {
  'timeout.sh': [
    { checks: 'no timeout', ...both('timeout 10 true', 'xrun --timeout 10 -- true', { status: 0 }) },
    { checks: 'no timeout, with a day suffix', ...both('timeout 1d true', 'xrun --timeout 1d -- true', { status: 0 }) },
    { checks: 'a timeout of 0 is none', ...both('timeout 0 true', 'xrun --timeout 0 -- true', { status: 0 }) },
    {
      checks: "the command's exit status passes through",
      ...both(`timeout 10 sh -c 'exit 2'`, `xrun --timeout 10 -- sh -c 'exit 2'`, { status: 2 }),
    },
    { checks: 'a timeout exits 124', ...both('timeout .1 sleep 10', 'xrun --timeout 0.1 -- sleep 10', TIMED_OUT) },
    {
      checks: 'a timeout exits 124 (GNU spelling .1)',
      ...both('timeout .1 sleep 10', 'xrun --timeout .1 -- sleep 10', TIMED_OUT),
    },
    {
      checks: '--preserve-status exits as the command did (128+TERM)',
      gnu: { line: 'timeout --preserve-status .1 sleep 10', expect: { status: 143, withinMs: 9_000 } },
      xrun: { line: 'xrun --timeout 0.1 -- sleep 10', expect: TIMED_OUT },
      difference: '`--preserve-status`',
    },
    {
      checks: 'a command still running after -k is killed: 128+KILL',
      gnu: { line: 'timeout -s0 -k1 .1 sleep 10', expect: { status: 137, withinMs: 9_000 } },
      xrun: { line: `xrun --kill-after 1 --timeout 0.1 -- ${IGNORES_TERM}`, expect: TIMED_OUT },
      difference: 'status after SIGKILL',
    },
    {
      checks: 'the same with --foreground',
      gnu: { line: 'timeout --foreground -s0 -k1 .1 sleep 10', expect: { status: 137, withinMs: 9_000 } },
      xrun: { line: `xrun --kill-after 1 --timeout 0.1 -- ${IGNORES_TERM}`, expect: TIMED_OUT },
      difference: '`--foreground`',
    },
    {
      checks: 'signal 0 sends nothing, yet the timeout counts',
      gnu: { line: 'timeout -s0 .1 sleep 1', expect: { status: 124 } },
      xrun: { line: 'xrun --signal 0 --timeout 0.1 -- sleep 1', expect: xrunUsageError },
      difference: '`-s 0`',
    },
    {
      checks: 'an ignored SIGCHLD in the parent does not matter',
      ...both(`trap '' CHLD; exec timeout 10 true`, `trap '' CHLD; exec xrun --timeout 10 -- true`, { status: 0 }),
    },
    {
      checks: 'started with a child of its own already (Bug#9098)',
      ...both(
        `out=$(setsid sleep .1 & exec timeout .5 sh -c 'sleep 2; echo foo'); echo "$?:$out"`,
        `out=$(setsid sleep .1 & exec xrun --timeout 0.5 -- sh -c 'sleep 2; echo foo'); echo "$?:$out"`,
        { status: 0, stdout: '124:\n' },
      ),
    },
    ...['-v', '--verbose'].map(
      (flag): Row => ({
        checks: `${flag} says which signals it sent`,
        gnu: {
          line: `timeout ${flag} -s0 -k .1 .1 sleep 10`,
          since: '9.10',
          expect: {
            status: 137,
            stderr: "timeout: sending signal 0 to command 'sleep'\ntimeout: sending signal KILL to command 'sleep'\n",
          },
        },
        xrun: {
          line: `xrun --kill-after 0.1 --timeout 0.1 -- ${IGNORES_TERM}`,
          expect: {
            status: 124,
            stderr:
              'xrun: sh timed out after 100ms (TimedOut: stopped by xrun after --timeout); SIGKILL after --kill-after 100ms\n',
          },
        },
        difference: '`-v`, `--verbose`',
      }),
    ),
    {
      checks: 'its message to a closed pipe does not kill it: still 124',
      gnu: {
        line: '{ timeout -v .1 sleep 10 2>&1; echo $? > status; } | :; cat status',
        since: '9.10',
        expect: { status: 0, stdout: '124\n' },
      },
      xrun: {
        line: '{ xrun --timeout 0.1 -- sleep 10 2>&1; echo $? > status; } | :; cat status',
        expect: { status: 0, stdout: '124\n' },
      },
    },
    {
      checks: 'an ignored SIGPIPE stays ignored for the command',
      ...both(
        `(trap '' PIPE && timeout 10 yes | :) 2>&1 | grep -q 'Broken pipe' && echo seen`,
        `(trap '' PIPE && xrun --timeout 10 -- yes | :) 2>&1 | grep -q 'Broken pipe' && echo seen`,
        { status: 0, stdout: 'seen\n' },
      ),
      needs: 'proc',
    },
  ],
  'timeout-parameters.sh': [
    {
      checks: 'a malformed timeout is a usage error',
      gnu: { line: 'timeout invalid sleep 0', expect: usageError },
      xrun: { line: 'xrun --timeout invalid -- sleep 0', expect: xrunUsageError },
    },
    {
      checks: 'a negative timeout is a usage error',
      gnu: { line: `timeout ' -0.1' sleep 0`, expect: usageError },
      xrun: { line: `xrun --timeout ' -0.1' -- sleep 0`, expect: xrunUsageError },
    },
    {
      checks: 'a negative underflowing timeout is a usage error',
      gnu: { line: `timeout ' -1e-10000' sleep 0`, since: '9.7', expect: usageError },
      xrun: { line: `xrun --timeout ' -1e-10000' -- sleep 0`, expect: xrunUsageError },
    },
    {
      checks: 'a malformed kill delay is a usage error',
      gnu: { line: 'timeout --kill-after=invalid 1 sleep 0', expect: usageError },
      xrun: { line: 'xrun --kill-after=invalid --timeout 1 -- sleep 0', expect: xrunUsageError },
    },
    {
      checks: 'an unknown suffix is a usage error',
      gnu: { line: 'timeout 42D sleep 0', expect: usageError },
      xrun: { line: 'xrun --timeout 42D -- sleep 0', expect: xrunUsageError },
    },
    { checks: 'a decimal timeout', ...both('timeout 10.34 sleep 0', 'xrun --timeout 10.34 -- sleep 0', { status: 0 }) },
    {
      checks: 'nanosecond digits',
      ...both('timeout 9.999999999 sleep 0', 'xrun --timeout 9.999999999 -- sleep 0', { status: 0 }),
    },
    {
      checks: 'an underflowing timeout rounds up to the smallest, not to none',
      gnu: { line: 'timeout 1e-10000 sleep 10', since: '9.7', expect: TIMED_OUT },
      xrun: { line: 'xrun --timeout 1e-10000 -- sleep 10', expect: TIMED_OUT },
    },
    {
      checks: 'an unknown signal is a usage error',
      gnu: { line: 'timeout --signal=invalid 1 sleep 0', expect: usageError },
      xrun: { line: 'xrun --signal=invalid --timeout 1 -- sleep 0', expect: xrunUsageError },
    },
    {
      checks: 'a command that cannot be executed: 126',
      ...both('timeout 10 .', 'xrun --timeout 10 -- .', { status: 126 }),
    },
    {
      checks: 'a command that is not found: 127',
      ...both('timeout 10 no_such', 'xrun --timeout 10 -- no_such', { status: 127 }),
    },
  ],
  'timeout-large-parameters.sh': [
    {
      checks: 'a timeout past time_t does not fire at once',
      gnu: { line: `timeout ${TIME_T_OFLOW} sleep 3`, expect: { status: 0 } },
      xrun: { line: `xrun --timeout ${TIME_T_OFLOW} -- sleep 3`, expect: xrunUsageError },
      difference: 'a timeout longer than 104249991d',
    },
    {
      checks: 'a timeout of 2^32 s does not fire at once',
      ...both(`timeout ${UINT_OFLOW} sleep 3`, `xrun --timeout ${UINT_OFLOW} -- sleep 3`, { status: 0 }),
    },
    {
      checks: "xrun's longest timeout does not fire at once",
      ...both('timeout 104249991d sleep 3', 'xrun --timeout 104249991d -- sleep 3', { status: 0 }),
    },
    {
      checks: 'a timeout past unsigned int',
      ...both(`timeout ${UINT_OFLOW} sleep 0`, `xrun --timeout ${UINT_OFLOW} -- sleep 0`, { status: 0 }),
    },
    {
      checks: 'a timeout of time_t days',
      gnu: { line: `timeout ${TIME_T_OFLOW}d sleep 0`, expect: { status: 0 } },
      xrun: { line: `xrun --timeout ${TIME_T_OFLOW}d -- sleep 0`, expect: xrunUsageError },
      difference: 'a timeout longer than 104249991d',
    },
    {
      checks: 'a timeout in days with an exponent',
      ...both('timeout 2.34e+5d sleep 0', 'xrun --timeout 2.34e+5d -- sleep 0', { status: 0 }),
    },
    {
      checks: 'a timeout past what a double holds',
      gnu: { line: `timeout ${LDBL_MAX} sleep 0`, expect: { status: 0 } },
      xrun: { line: `xrun --timeout ${LDBL_MAX} -- sleep 0`, expect: xrunUsageError },
      difference: 'a timeout longer than 104249991d',
    },
    {
      checks: 'its negative is a usage error',
      gnu: { line: `timeout -- -${LDBL_MAX} sleep 0`, expect: usageError },
      xrun: { line: `xrun --timeout -${LDBL_MAX} -- sleep 0`, expect: xrunUsageError },
    },
  ],
  'timeout-blocked.pl': [
    {
      checks: 'a SIGALRM blocked by the parent does not stop the timer',
      ...both(`${BLOCK_ALRM} timeout .1 sleep 10`, `${BLOCK_ALRM} xrun --timeout 0.1 -- sleep 10`, TIMED_OUT),
      needs: 'perl-posix',
    },
  ],
  'timeout-group.sh': [
    {
      checks: "a terminating signal sent to the caller's group (SIGUSR1) reaches the command",
      gnu: {
        line: `trap '' USR1; env --default-signal=USR1 timeout -v --foreground 25 ./traps USR1 20 & wait $!`,
        trigger: { signal: 'SIGUSR1', to: 'group' },
        expect: { received: true, withinMs: PROMPT },
      },
      xrun: {
        line: `trap '' USR1; env --default-signal=USR1 xrun --timeout 25 -- ./traps USR1 20 & wait $!`,
        trigger: { signal: 'SIGUSR1', to: 'group' },
        // and never Node's inspector ("Debugger listening on ws://127.0.0.1:9229")
        expect: { status: 138, stderr: '', received: false, commandGone: true, withinMs: PROMPT },
      },
      difference: 'signals it passes on',
    },
    {
      checks: "a terminating signal sent to the caller's group (SIGTERM) reaches the command",
      gnu: {
        line: `trap '' TERM; env --default-signal=TERM timeout --foreground 25 ./traps TERM 20 & wait $!`,
        trigger: { signal: 'SIGTERM', to: 'group' },
        expect: { received: true, withinMs: PROMPT },
      },
      xrun: {
        line: `trap '' TERM; env --default-signal=TERM xrun --timeout 25 -- ./traps TERM 20 & wait $!`,
        trigger: { signal: 'SIGTERM', to: 'group' },
        expect: { status: 143, received: true, withinMs: PROMPT },
      },
    },
    {
      checks: 'a SIGKILLed wrapper does not leave the command running',
      gnu: {
        line: 'exec timeout -sUSR1 25 ./traps USR1 20',
        since: '9.10',
        trigger: { signal: 'SIGKILL', to: 'wrapper' },
        expect: { status: 137, received: true, commandGone: true },
      },
      xrun: {
        line: 'exec xrun --signal USR1 --timeout 25 -- ./traps USR1 20',
        trigger: { signal: 'SIGKILL', to: 'wrapper' },
        expect: { status: 137, received: true, commandGone: true },
      },
    },
    {
      // GNU's outer timer is made to fire by a SIGALRM; xrun's timers are its own, so its outer one
      // simply fires after 1 s, and the inner xrun passes on the SIGTERM it gets
      checks: 'cascaded timeouts reach a command that leads its own group',
      gnu: {
        line: 'exec timeout -sALRM 30 timeout -sUSR1 25 ./traps USR1 20',
        trigger: { signal: 'SIGALRM', to: 'wrapper' },
        expect: { status: 124, received: true, withinMs: PROMPT },
      },
      // the outer timeout comes well after the inner xrun has started ./traps, also on a loaded machine
      xrun: {
        line: 'xrun --timeout 5 -- xrun --timeout 25 -- ./traps TERM 20',
        expect: { status: 124, received: true, withinMs: PROMPT },
      },
    },
    {
      checks: 'a SIGALRM sent to it acts as its timer',
      gnu: {
        line: 'exec timeout -sUSR1 25 ./traps USR1 20',
        trigger: { signal: 'SIGALRM', to: 'wrapper' },
        expect: { status: 124, received: true, withinMs: PROMPT },
      },
      xrun: {
        line: 'exec xrun --signal USR1 --timeout 25 -- ./traps USR1 20',
        trigger: { signal: 'SIGALRM', to: 'wrapper' },
        expect: { status: 142, received: false, commandGone: true, withinMs: PROMPT },
      },
      difference: 'SIGALRM',
    },
  ],
  'init-parent.sh': [
    {
      checks: 'as PID 1 of a PID namespace (a container entrypoint)',
      // a longer sleep than upstream's 10 s: a run in a new namespace starts slowly on a loaded machine
      ...both(`${NEW_PIDS} timeout .1 sleep 60`, `${NEW_PIDS} xrun --timeout 0.1 -- sleep 60`, {
        status: 124,
        withinMs: 40_000,
      }),
      needs: 'unshare',
    },
    {
      // xrun polls its parent every 250 ms: as PID 1 it has none, which must not read as a dead one
      checks: 'as PID 1, for longer than a parent poll',
      ...both(`${NEW_PIDS} timeout 2 sleep 60`, `${NEW_PIDS} xrun --timeout 2 -- sleep 60`, {
        status: 124,
        atLeastMs: 1_500,
        withinMs: 40_000,
      }),
      needs: 'unshare',
    },
  ],
};

// ./traps SIGNAL SECONDS: says it runs (its pid in ./running), and on SIGNAL marks ./received and ends;
// else it ends after SECONDS. It holds none of the caller's pipes, so they close with the wrapper.
const TRAPS = `#!/bin/sh
exec </dev/null >/dev/null 2>&1
trap 'touch received; exit' "$1"
echo $$ > running.new && mv running.new running
left=$2
while [ "$left" -gt 0 ] && [ ! -e received ]; do sleep 1; left=$((left - 1)); done
`;

const gnuVersion = readGnuVersion();
const available: Readonly<Record<Need, boolean>> = {
  unshare: spawnSync('unshare', ['--pid', '--fork', '--map-root-user', 'true']).status === 0,
  'perl-posix':
    spawnSync('perl', ['-MPOSIX', '-e', 'sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGALRM)) or exit 1']).status === 0,
  // xrun's launcher reads the caller's ignored signals in /proc/self/stat
  proc: existsSync('/proc/self/stat'),
};

function readGnuVersion(): string | undefined {
  if (!existsSync(GNU_TIMEOUT)) return undefined;
  const out = spawnSync(GNU_TIMEOUT, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return /\(GNU coreutils\) (\d+(?:\.\d+)*)/.exec(out)?.[1] ?? '0';
}

function atLeastVersion(version: string, since: string): boolean {
  const [a, b] = [version, since].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(a!.length, b!.length); i++) {
    const d = (a![i] ?? 0) - (b![i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

// Why the GNU side cannot run here, if it cannot.
function gnuSkipReason(row: Row): string | undefined {
  if (gnuVersion === undefined) return `${GNU_TIMEOUT} is missing: only xrun's side runs`;
  if (row.gnu.since && !atLeastVersion(gnuVersion, row.gnu.since))
    return `GNU timeout ${gnuVersion} predates this behaviour (coreutils ${row.gnu.since})`;
  return undefined;
}

interface Ran {
  status: number;
  stdout: string;
  stderr: string;
  ms: number;
  dir: string;
}

// A directory to run a line in: ./traps, and xrun and GNU timeout first on PATH under those names.
function sandbox(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir('xrun-coreutils-');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(XRUN_BIN, join(bin, 'xrun'));
  if (gnuVersion !== undefined) symlinkSync(GNU_TIMEOUT, join(bin, 'timeout'));
  writeFileSync(join(dir, 'traps'), TRAPS);
  chmodSync(join(dir, 'traps'), 0o755);
  // C locale: GNU's messages quote with ASCII quotes
  return { dir, env: { ...plainEnv(), PATH: `${bin}:${process.env.PATH}`, LC_ALL: 'C' } };
}

async function runLine(side: Side): Promise<Ran> {
  const { dir, env } = sandbox();
  const started = Date.now();
  const child = spawn('sh', ['-c', side.line], {
    cwd: dir,
    env,
    detached: side.trigger?.to === 'group',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  if (side.trigger) {
    const { signal, to } = side.trigger;
    if (await eventually(() => existsSync(join(dir, 'running'))))
      process.kill(to === 'group' ? -child.pid! : child.pid!, signal);
  }
  const { code, signal } = await exited;
  const ms = Date.now() - started;
  // a process left behind may hold the pipes: the output is what came until then
  await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000))]);
  const status = code ?? 128 + constants.signals[signal!];
  return { status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms, dir };
}

function commandPid(dir: string): number | undefined {
  const file = join(dir, 'running');
  return existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
}

// Runs, and not a zombie waiting for a reaper.
function runs(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function check(side: Side): Promise<void> {
  const ran = await runLine(side);
  const pid = commandPid(ran.dir);
  try {
    const { status, stdout, stderr, withinMs, atLeastMs, received, commandGone } = side.expect;
    const seen = `${side.line}\nstdout: ${JSON.stringify(ran.stdout)}\nstderr: ${JSON.stringify(ran.stderr)}`;
    if (status !== undefined) expect(ran.status, seen).toBe(status);
    if (stdout !== undefined) expect(ran.stdout, seen).toBe(stdout);
    if (typeof stderr === 'string') expect(ran.stderr, seen).toBe(stderr);
    if (stderr instanceof RegExp) expect(ran.stderr, seen).toMatch(stderr);
    if (withinMs !== undefined) expect(ran.ms, seen).toBeLessThan(withinMs);
    if (atLeastMs !== undefined) expect(ran.ms, seen).toBeGreaterThanOrEqual(atLeastMs);
    if (commandGone) {
      expect(pid, `${seen}\n./traps started`).toBeDefined();
      expect(await eventually(() => !runs(pid!), 10_000), `${seen}\n./traps ended`).toBe(true);
    }
    // a wrapper that died of the signal too may end before ./traps has marked it
    const marked = () => existsSync(join(ran.dir, 'received'));
    if (received === true) expect(await eventually(marked, 5_000), `${seen}\n./traps got its signal`).toBe(true);
    if (received === false) expect(marked(), `${seen}\n./traps got no signal`).toBe(false);
  } finally {
    // whatever a failing row left running ends with the row
    if (pid !== undefined && runs(pid)) process.kill(pid, 'SIGKILL');
  }
}

for (const [file, rows] of Object.entries(FILES)) {
  describe(`coreutils tests/timeout/${file}`, () => {
    for (const row of rows) {
      const missing = row.needs && !available[row.needs] ? `${row.needs} is unavailable here` : undefined;
      it(`${row.checks}: GNU \`${row.gnu.line}\``, async (ctx) => {
        const reason = missing ?? gnuSkipReason(row);
        if (reason) return ctx.skip(reason);
        await check(row.gnu);
      });
      const name = `${row.checks}: xrun \`${row.xrun.line}\`${row.difference ? ` (differs: ${row.difference})` : ''}`;
      const onMain = row.onMain;
      if (onMain && 'skip' in onMain) it.skip(`${name} [skipped on main: ${onMain.skip}]`, () => {});
      else if (onMain) it.fails(`${name} [fails on main: ${onMain.fails}]`, () => check(row.xrun));
      else
        it(name, async (ctx) => {
          if (missing) return ctx.skip(missing);
          await check(row.xrun);
        });
    }
  });
}

describe('docs/timeout.md: Differences from GNU timeout', () => {
  const section = readFileSync(new URL('../../docs/timeout.md', import.meta.url), 'utf8');
  const behaviours = [...section.matchAll(/^\| (.+?) \| .+ \|$/gm)]
    .map((m) => m[1]!)
    .filter((cell) => cell !== 'behaviour' && !/^-+$/.test(cell));
  const named = new Set(
    Object.values(FILES).flatMap((rows) => rows.flatMap((row) => (row.difference ? [row.difference] : []))),
  );

  it('lists every difference a row names, and only those', () => {
    expect(new Set(behaviours)).toEqual(named);
  });
});
