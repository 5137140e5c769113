import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fnv1a64 } from '../../src/process/queue/wait-queue.js';
import {
  buck2Sim,
  eventually,
  FIXTURES_BIN,
  type Finished,
  HAS_PROC,
  plainEnv,
  runXrun,
  startXrun,
  tempDir,
  XRUN_BIN,
} from '../helpers/xrun.js';

// Eight xruns at once against one simulated buck2 daemon that serves one command at a time for 300 ms
// and answers busy (4) at once otherwise.
async function contention(extra: string[]) {
  const sim = buck2Sim('daemon', { BUCK2_SIM_HOLD: '0.3' });
  const env = { ...sim.env, TMPDIR: tempDir('xrun-queue-') };
  const runs = await Promise.all(
    Array.from({ length: 8 }, () => runXrun(['--retry-busy', ...extra, '--', 'buck2', 'build'], { env })),
  );
  const perRun = Object.values(
    readFileSync(sim.env.BUCK2_SIM_LOG, 'utf8')
      .trim()
      .split('\n')
      .reduce<Record<string, number>>((acc, line) => {
        const parent = line.split(' ')[2]!;
        acc[parent] = (acc[parent] ?? 0) + 1;
        return acc;
      }, {}),
  );
  return {
    codes: runs.map((r) => r.code),
    stderr: runs.map((r) => r.stderr.toString()),
    perRun,
    attempts: sim.invocations(),
  };
}

describe('the wait queue (busy retries take turns)', () => {
  it('eight runs against one busy daemon all succeed with the default settings, in few attempts', async () => {
    const r = await contention([]);
    expect(r.codes).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.perRun).toHaveLength(8);
    // each run waits its turn: its first attempt, perhaps a few while a non-queued holder runs, then its turn
    expect(Math.max(...r.perRun)).toBeLessThanOrEqual(5);
    expect(r.stderr.join('')).toMatch(/; attempt 2 of 5 after \d+(ms|\.\ds|s) in the wait queue\n/);
  });

  it('one queue per buck2 isolation dir (one daemon each), named by tool, project and isolation dir', async () => {
    const tmp = tempDir('xrun-queue-');
    const cwd = tempDir('xrun-project-');
    const sim = buck2Sim('4,0');
    const { readdirSync } = await import('node:fs');
    const { fnv1a64 } = await import('../../src/process/queue/wait-queue.js');
    const keys: string[] = [];
    for (const isolation of ['one', 'two']) {
      const r = await runXrun(
        ['--retry-busy', '--delay', '10ms', '--', 'buck2', '--isolation-dir', isolation, 'build'],
        {
          cwd,
          env: { ...sim.env, TMPDIR: tmp },
        },
      );
      expect(r.code).toBe(0);
      keys.push(fnv1a64(`buck2\0${cwd}\0${isolation}`));
    }
    const [queues] = readdirSync(tmp).filter((d) => d.startsWith('xrun-queue-'));
    expect(readdirSync(join(tmp, queues!)).sort()).toEqual(keys.sort());
  });

  it('the queue files are gone afterwards', async () => {
    const tmp = tempDir('xrun-queue-');
    const sim = buck2Sim('4,0');
    const r = await runXrun(['--retry-busy', '--delay', '10ms', '--', 'buck2', 'build'], {
      env: { ...sim.env, TMPDIR: tmp },
    });
    expect(r.code).toBe(0);
    const { readdirSync } = await import('node:fs');
    const queues = readdirSync(tmp).filter((d) => d.startsWith('xrun-queue-'));
    expect(queues).toHaveLength(1);
    const [key] = readdirSync(join(tmp, queues[0]!));
    expect(readdirSync(join(tmp, queues[0]!, key!))).toEqual([]);
  });
});

const uid = process.getuid!();
const root = uid === 0;

// The queue of `buck2 build` run in `cwd` with TMPDIR=`tmp`, made as xrun makes it (0700).
function queueOf(tmp: string, cwd: string): string {
  const dir = join(tmp, `xrun-queue-${uid}`, fnv1a64(`buck2\0${cwd}\0v2`));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

// Runs xrun through `prefix` (setpriv, unshare, ...) and kills it if it hangs: a hung run fails the
// test with what it printed rather than timing the test out.
function runBounded(
  prefix: string[],
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
  limitMs = 30_000,
): Promise<Finished & { hung: boolean }> {
  const [file, ...rest] = [...prefix, XRUN_BIN];
  const child = spawn(file!, [...rest, ...args], {
    cwd: options.cwd,
    env: { ...plainEnv(), PATH: `${FIXTURES_BIN}:${process.env.PATH}`, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  let hung = false;
  const guard = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, limitMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err), hung });
    });
  });
}

// Runs `buck2 build`, told busy twice and then failing with 3 (UserError), with --retry-busy in a fresh
// project and TMPDIR that `setup` prepares; checks that it ran to the end, retrying by backoff, and
// returns its stderr.
async function busyTwice(
  // biome-ignore lint/suspicious/noConfusingVoidType: a setup that only plants files returns nothing
  setup: (tmp: string, cwd: string, sim: ReturnType<typeof buck2Sim>) => { tmpdir?: string; prefix?: string[] } | void,
): Promise<string> {
  const tmp = tempDir('xrun-queue-');
  const cwd = tempDir('xrun-project-');
  const sim = buck2Sim('4,4,3');
  const { tmpdir = tmp, prefix = [] } = setup(tmp, cwd, sim) ?? {};
  const r = await runBounded(prefix, ['--retry-busy', '--delay', '20ms', '--', 'buck2', 'build'], {
    cwd,
    env: { ...sim.env, TMPDIR: tmpdir },
  });
  expect(r.hung).toBe(false);
  expect(r.code).toBe(3);
  expect(sim.invocations()).toBe(3);
  const stderr = r.stderr.toString();
  expect(
    stderr
      .split('\n')
      .filter((l) => /^xrun: buck2 exited 4 \(DaemonIsBusy: [^)]*\); attempt [23] of 5 in \d+ms$/.test(l)),
  ).toHaveLength(2);
  return stderr;
}

describe('entries that are not a live xrun never hold the queue', () => {
  it('a planted active-1-1 (pid 1 is alive and no xrun) is removed, and the run retries by backoff', async () => {
    let queue = '';
    const stderr = await busyTwice((tmp, cwd) => {
      queue = queueOf(tmp, cwd);
      writeFileSync(join(queue, 'active-1-1'), '');
    });
    expect(stderr).not.toContain('wait queue');
    expect(readdirSync(queue)).toEqual([]);
  });

  it("planted entries of a live process that is no xrun (a SIGKILLed xrun's pid, reused) do not hold it either", async () => {
    const sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
    const pid = sleeper.pid!;
    let queue = '';
    try {
      await busyTwice((tmp, cwd) => {
        queue = queueOf(tmp, cwd);
        // as an older xrun left them (empty), and with the pid's former start time
        writeFileSync(join(queue, `active-1-${pid}`), '');
        writeFileSync(join(queue, `active-2-${pid}`), `${pid} t1\n`);
        writeFileSync(join(queue, `wait-00000000000000000001-${pid}`), `${pid} t1\n`);
      });
      expect(readdirSync(queue)).toEqual([]);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('a live xrun whose command holds the daemon is waited for only until nothing moved for 20 backoff ceilings', async () => {
    const tmp = tempDir('xrun-queue-');
    const cwd = tempDir('xrun-project-');
    const sim = buck2Sim('daemon', { BUCK2_SIM_HOLD: '120' });
    const env = { ...sim.env, TMPDIR: tmp };
    const holder = startXrun(['--retry-busy', '--', 'buck2', 'build'], { cwd, env });
    try {
      const queue = queueOf(tmp, cwd);
      expect(await eventually(() => readdirSync(queue).some((f) => f.startsWith('active-')))).toBe(true);
      // --max-delay 100ms: the bound is 2 s, against a holder of 2 minutes
      const r = await runBounded(
        [],
        ['--retry-busy', '--delay', '20ms', '--max-delay', '100ms', '--attempts', '3', '--', 'buck2', 'build'],
        { cwd, env },
        60_000,
      );
      expect(r.hung).toBe(false);
      expect(r.code).toBe(4);
      const lines = r.stderr
        .toString()
        .split('\n')
        .filter((l) => l.startsWith('xrun: '));
      // each wait says at once whom it waits for
      expect(
        lines.filter((l) => l === `xrun: waiting in the wait queue: pid ${holder.child.pid} holds the daemon; 1 ahead`),
      ).toHaveLength(2);
      expect(lines.filter((l) => l.includes('waiting in the wait queue'))).toHaveLength(2);
      expect(
        lines.filter(
          (l) => l === 'xrun: wait queue: no progress for 2s (ahead: 1 running command); retrying by backoff',
        ),
      ).toHaveLength(2);
      expect(lines.at(-1)).toMatch(/; giving up after 3 attempts$/);
    } finally {
      holder.child.kill('SIGTERM');
      await holder.finished;
    }
  });
});

describe('an unusable queue turns itself off in one line; the command runs and retries by backoff', () => {
  const canUnshare = root && spawnSync('unshare', ['-m', 'true']).status === 0;
  interface Case {
    // returns TMPDIR for the run, and what to run xrun through
    setup(tmp: string, cwd: string, sim: ReturnType<typeof buck2Sim>): { tmpdir: string; prefix?: string[] };
    // the reason the queue-off line gives
    says: RegExp;
  }
  const cases: [string, boolean, Case][] = [
    [
      'TMPDIR=/dev/null',
      true,
      { setup: () => ({ tmpdir: '/dev/null' }), says: /^cannot create \/dev\/null\/xrun-queue-\d+ \(ENOTDIR\)$/ },
    ],
    [
      'TMPDIR naming a file',
      true,
      {
        setup: (tmp) => (writeFileSync(join(tmp, 'file'), ''), { tmpdir: join(tmp, 'file') }),
        says: /\/file\/xrun-queue-\d+ \(ENOTDIR\)$/,
      },
    ],
    [
      // root may write anywhere: the run is made as nobody
      'TMPDIR a 0555 directory (EACCES)',
      true,
      {
        setup: (tmp, cwd, sim) => {
          chmodSync(tmp, 0o555);
          if (!root) return { tmpdir: tmp };
          chmodSync(sim.dir, 0o777);
          chmodSync(cwd, 0o755);
          return { tmpdir: tmp, prefix: ['setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups'] };
        },
        says: /^cannot create .*\/xrun-queue-\d+ \(EACCES\)$/,
      },
    ],
    [
      'TMPDIR on a read-only filesystem (EROFS, a read-only bind mount in a mount namespace; needs root)',
      canUnshare,
      {
        setup: (tmp) => ({
          tmpdir: tmp,
          prefix: ['unshare', '-m', 'sh', '-c', 'mount --bind -o ro "$0" "$0" && exec "$@"', tmp],
        }),
        says: /^cannot create .*\/xrun-queue-\d+ \(EROFS\)$/,
      },
    ],
    [
      "the user's queue path a file",
      true,
      {
        setup: (tmp) => (writeFileSync(join(tmp, `xrun-queue-${uid}`), ''), { tmpdir: tmp }),
        says: /\/xrun-queue-\d+ is not a directory$/,
      },
    ],
    [
      'the queue directory made 0777',
      true,
      {
        setup: (tmp, cwd) => (chmodSync(queueOf(tmp, cwd), 0o777), { tmpdir: tmp }),
        says: /\/[0-9a-f]{16} is writable by group and others \(mode 0777\)$/,
      },
    ],
    [
      "the user's queue directory owned by another uid (chown needs root)",
      root,
      {
        setup: (tmp, cwd) => (chownSync(dirname(queueOf(tmp, cwd)), 65534, 65534), { tmpdir: tmp }),
        says: /\/xrun-queue-0 is owned by uid 65534, not 0$/,
      },
    ],
  ];

  for (const [name, runnable, { setup, says }] of cases) {
    it.skipIf(!runnable)(name, async () => {
      const off = (await busyTwice(setup)).split('\n').filter((l) => l.startsWith('xrun: wait queue'));
      expect(off).toHaveLength(1);
      const reason = /^xrun: wait queue off: (.*); busy retries back off instead$/.exec(off[0]!)?.[1];
      expect(reason).toMatch(says);
    });
  }
});

describe('a holder killed without a word (SIGKILL) loses no wake-up', () => {
  it('the waiter finds the dead holder, takes its turn, succeeds, and leaves no entry behind', async () => {
    const tmp = tempDir('xrun-queue-');
    const cwd = tempDir('xrun-project-');
    // the holder's command outlives its xrun by up to 8 s: the waiter is told busy at least once
    const sim = buck2Sim('daemon', { BUCK2_SIM_HOLD: '8' });
    const env = { ...sim.env, TMPDIR: tmp };
    const holder = startXrun(['--retry-busy', '--', 'buck2', 'build'], { cwd, env });
    const queue = queueOf(tmp, cwd);
    expect(await eventually(() => readdirSync(queue).some((f) => f.startsWith('active-')))).toBe(true);
    const waiter = runBounded(
      [],
      ['--retry-busy', '--attempts', '10', '--', 'buck2', 'build'],
      { cwd, env: { ...env, BUCK2_SIM_HOLD: '0.1' } },
      60_000,
    );
    expect(await eventually(() => readdirSync(queue).some((f) => f.startsWith('wait-')))).toBe(true);
    // the waiter has found its holder alive before the kill (a loaded machine is slow to get there)
    await new Promise((resolve) => setTimeout(resolve, 3000));
    holder.child.kill('SIGKILL');
    await holder.finished;
    const r = await waiter;
    expect(r.hung).toBe(false);
    expect(r.code).toBe(0);
    // without /proc on Linux no start time can be read: entries are not waited for, the run backs off
    if (HAS_PROC) expect(r.stderr.toString()).toMatch(/in the wait queue\n/);
    expect(readdirSync(queue)).toEqual([]);
  });
  it('a waiter killed in front of another (SIGKILL) is passed: the one behind removes its ticket and takes its turn after the holder', async () => {
    const tmp = tempDir('xrun-queue-');
    const cwd = tempDir('xrun-project-');
    // long enough for both waiters to start and be told busy
    const sim = buck2Sim('daemon', { BUCK2_SIM_HOLD: '15' });
    const env = { ...sim.env, TMPDIR: tmp };
    const holder = startXrun(['--retry-busy', '--', 'buck2', 'build'], { cwd, env });
    const queue = queueOf(tmp, cwd);
    const tickets = () => readdirSync(queue).filter((f) => f.startsWith('wait-'));
    try {
      expect(await eventually(() => readdirSync(queue).some((f) => f.startsWith('active-')))).toBe(true);
      const front = startXrun(['--retry-busy', '--attempts', '10', '--', 'buck2', 'build'], {
        cwd,
        env: { ...env, BUCK2_SIM_HOLD: '0.1' },
      });
      expect(await eventually(() => tickets().length === 1)).toBe(true);
      const frontTicket = tickets()[0]!;
      expect(frontTicket).toMatch(new RegExp(`-${front.child.pid}$`));
      const behind = runBounded(
        [],
        ['--retry-busy', '--attempts', '10', '--', 'buck2', 'build'],
        { cwd, env: { ...env, BUCK2_SIM_HOLD: '0.1' } },
        90_000,
      );
      expect(await eventually(() => tickets().length === 2)).toBe(true);
      front.child.kill('SIGKILL');
      await front.finished;
      // without /proc on Linux no start time can be read: entries are not waited for (nor removed), the
      // run backs off
      // only the waiter behind reads the queue while the holder's command runs
      if (HAS_PROC) expect(await eventually(() => !tickets().includes(frontTicket), 30_000)).toBe(true);
      const r = await behind;
      expect(r.hung).toBe(false);
      expect(r.code).toBe(0);
      if (HAS_PROC) expect(r.stderr.toString()).toMatch(/; attempt 2 of 10 after \d+(ms|\.\ds|s) in the wait queue\n/);
      expect(readdirSync(queue).filter((name) => HAS_PROC || name !== frontTicket)).toEqual([]);
    } finally {
      holder.child.kill('SIGTERM');
      await holder.finished;
    }
  });
});
