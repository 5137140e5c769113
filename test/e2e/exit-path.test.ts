import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Finished, plainEnv, startXrun, tempDir, XRUN_BIN } from '../helpers/xrun.js';

const root = process.getuid?.() === 0;
const which = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
const has = (tool: string) => which(tool) !== '';
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

// xrun with its stderr (or stdout) a pipe whose reader is gone: the test closes its end before xrun starts.
function runWithClosed(
  stream: 'stderr' | 'stdout',
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Finished> {
  const started = startXrun(args, { env });
  started.child[stream]!.destroy();
  return started.finished;
}

describe("xrun's own writes never change its exit status (its stderr or stdout reader is gone)", () => {
  it('--timeout: 124', async () => {
    expect(await runWithClosed('stderr', ['--timeout', '100ms', '--', 'sleep', '10'])).toMatchObject({
      code: 124,
      signal: null,
    });
  });

  it('a command not found: 127', async () => {
    expect(await runWithClosed('stderr', ['--', 'xrun-no-such-command'])).toMatchObject({ code: 127, signal: null });
  });

  it("retry lines do not stop the retries: 3 attempts run, and the command's code passes through", async () => {
    const marker = join(tempDir(), 'attempts');
    const r = await runWithClosed('stderr', [
      '--retry-on',
      '7',
      '--attempts',
      '3',
      '--delay',
      '10ms',
      '--',
      'sh',
      '-c',
      `echo x >> ${marker}; exit 7`,
    ]);
    expect(r).toMatchObject({ code: 7, signal: null });
    expect(lines(marker)).toHaveLength(3);
  });

  it("after a retry line, the command's signal is re-raised", async () => {
    const marker = join(tempDir(), 'attempts');
    const script = `echo x >> ${marker}; [ "$(wc -l < ${marker})" -ge 2 ] && kill -TERM $$; exit 7`;
    const r = await runWithClosed('stderr', [
      '--retry-on',
      '7',
      '--attempts',
      '3',
      '--delay',
      '10ms',
      '--',
      'sh',
      '-c',
      script,
    ]);
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(lines(marker)).toHaveLength(2);
  });

  it('GitHub annotations and folds, and the warnings for a step summary and a report that cannot be written', async () => {
    const dir = tempDir();
    const marker = join(dir, 'attempts');
    // a directory cannot be appended to, and the report's directory is gone by the end (the command removes it)
    const reportDir = join(dir, 'gone');
    mkdirSync(reportDir);
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: dir };
    const args = [
      '--report',
      join(reportDir, 'r.json'),
      '--retry-on',
      '7',
      '--attempts',
      '3',
      '--delay',
      '10ms',
      '--',
      'sh',
      '-c',
      `echo x >> ${marker}; rmdir ${reportDir} 2>/dev/null; exit 7`,
    ];
    expect(await runWithClosed('stderr', args, env)).toMatchObject({ code: 7, signal: null });
    expect(lines(marker)).toHaveLength(3);
  });

  it("the relay of a buck2 command's stderr still stops reading: every attempt sees the broken pipe", async () => {
    const marker = join(tempDir(), 'attempts');
    // SIGPIPE ignored: the write fails with EPIPE and the attempt exits 1 (retried) instead of dying of SIGPIPE
    const script = `trap '' PIPE; while :; do echo xxxxxxxxxxxxxxxxxxxxxxxx >&2 || { echo epipe >> ${marker}; exit 1; }; done`;
    const r = await runWithClosed('stderr', [
      '--tool',
      'buck2',
      '--retry-on',
      '1',
      '--attempts',
      '3',
      '--delay',
      '10ms',
      '--',
      'sh',
      '-c',
      script,
    ]);
    expect(r).toMatchObject({ code: 1, signal: null });
    expect(lines(marker)).toEqual(['epipe', 'epipe', 'epipe']);
  });

  it('a subcommand whose stdout reader is gone exits 0, silently', async () => {
    const r = await runWithClosed('stdout', ['codes']);
    expect(r).toMatchObject({ code: 0, signal: null });
    expect(r.stderr.toString()).toBe('');
  });
});

// Runs argv under perl, which leaves the process a zombie until it has read from /proc the core limit
// the kernel used when it died, then reaps it: "<exit code> <signal> <core dumped: 0|1> <core limit>".
const AT_DEATH = `
my $pid = fork // die;
if (!$pid) { exec @ARGV or exit 127 }
while (1) { open my $f, '<', "/proc/$pid/stat" or die; last if <$f> =~ /\\) Z /; select undef, undef, undef, 0.01 }
open my $l, '<', "/proc/$pid/limits" or die; my ($core) = grep /^Max core file size/, <$l>;
waitpid $pid, 0;
printf "%d %d %d %s\\n", $? >> 8, $? & 127, ($? & 128) ? 1 : 0, (split /\\s{2,}/, $core)[1];
`;

// `ulimit -c LIMIT`, then argv under perl in `cwd` with `path` as PATH.
function atDeath(limit: string, args: readonly string[], cwd: string, path = process.env.PATH): Promise<string> {
  const env = { ...plainEnv(), PATH: path };
  const child = spawn('sh', ['-c', `ulimit -c ${limit} && exec "${which('perl')}" -e "$0" "$@"`, AT_DEATH, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const out: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  return new Promise((resolve) => child.on('close', () => resolve(Buffer.concat(out).toString().trim())));
}

const corePattern = existsSync('/proc/sys/kernel/core_pattern')
  ? readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim()
  : '';
// cores are files in the crashing process's directory (not piped to a program, not put elsewhere)
const coresInCwd = corePattern !== '' && !corePattern.startsWith('|') && !corePattern.includes('/');
// the probe reads xrun's core limit from /proc/PID/limits as it dies: these tests need /proc
const perl =
  process.platform === 'linux' &&
  existsSync('/proc/self/limits') &&
  has('perl') &&
  spawnSync('sh', ['-c', 'ulimit -c unlimited']).status === 0;
const cores = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('core'));

// A directory for xrun with `child/` for the command: a core of xrun's would land beside `child/`.
function crashDirs(): { dir: string; child: string } {
  const dir = tempDir();
  mkdirSync(join(dir, 'child'));
  return { dir, child: join(dir, 'child') };
}

// Where cores are files in the crashing process's directory: the command's is in `child`, none of xrun's beside it.
function expectOnlyTheCommandsCore(dir: string, child: string): void {
  if (coresInCwd) {
    expect(cores(dir)).toEqual([]);
    expect(cores(child)).toHaveLength(1);
  }
  rmSync(dir, { recursive: true });
}

// a PATH with node and sh, and no prlimit (BusyBox, macOS)
function pathWithoutPrlimit(): string {
  const bin = tempDir('xrun-bin-');
  for (const tool of ['node', 'sh', 'readlink']) symlinkSync(which(tool), join(bin, tool));
  return bin;
}

describe.runIf(perl)(
  'core dumps on (ulimit -c unlimited): xrun dumps no core of its own (needs /proc for the probe)',
  () => {
    it.runIf(has('prlimit')).each([
      ['SEGV', 11],
      ['ABRT', 6],
      ['QUIT', 3],
    ])(
      "a child that dumps core on SIG%s: xrun dies of the signal with core dumps off, and the child's core stays",
      async (signal, number) => {
        const { dir, child } = crashDirs();
        const control = await atDeath('unlimited', ['sh', '-c', `cd child && kill -${signal} $$`], dir);
        // without xrun the command dumps core (a program a core_pattern pipes to may decline it) ...
        expect(control).toMatch(new RegExp(`^0 ${number} ${corePattern.startsWith('|') ? '[01]' : '1'} unlimited$`));
        // ... under xrun too, and xrun died of the same signal with RLIMIT_CORE 0, so it dumped none
        expect(await atDeath('unlimited', [XRUN_BIN, '--', 'sh', '-c', `cd child && kill -${signal} $$`], dir)).toBe(
          `0 ${number} 0 0`,
        );
        expectOnlyTheCommandsCore(dir, child);
      },
    );

    it("the command's core limit is the caller's", async () => {
      const { dir } = crashDirs();
      expect(
        await atDeath('unlimited', [XRUN_BIN, '--', 'sh', '-c', 'grep "^Max core" /proc/$$/limits > limit'], dir),
      ).toBe('0 0 0 unlimited');
      expect(readFileSync(join(dir, 'limit'), 'utf8')).toMatch(/^Max core file size\s+unlimited\s+unlimited/);
    });

    it("without prlimit: exit 128+N instead of a core of xrun's", async () => {
      const { dir, child } = crashDirs();
      expect(
        await atDeath(
          'unlimited',
          [XRUN_BIN, '--', 'sh', '-c', 'cd child && kill -SEGV $$'],
          dir,
          pathWithoutPrlimit(),
        ),
      ).toBe('139 0 0 unlimited');
      expectOnlyTheCommandsCore(dir, child);
    });

    it('without prlimit, core dumps already off (ulimit -c 0): the signal is re-raised', async () => {
      const { dir } = crashDirs();
      expect(await atDeath('0', [XRUN_BIN, '--', 'sh', '-c', 'kill -SEGV $$'], dir, pathWithoutPrlimit())).toBe(
        '0 11 0 0',
      );
    });
  },
);

describe.runIf(process.platform === 'linux' && root && has('unshare'))('as root, in namespaces of its own', () => {
  it('as PID 1 (a container without an init), a child killed by SIGTERM: exit 143 at once, not after the 1 s fallback', async () => {
    const dir = tempDir();
    // a re-raise the kernel drops ends xrun only by the fallback timer, 1000 ms after the child died:
    // every run then takes that long, where a loaded machine may slow one run (the least of up to 5 counts)
    let least = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 5 && least >= 1000; run++) {
      const marker = join(dir, `dying-${run}`);
      const script = `[ "$PPID" = 1 ] && : > ${marker}; kill -TERM $$`;
      const child = spawn('unshare', ['--fork', '--pid', '--mount-proc', XRUN_BIN, '--', 'sh', '-c', script], {
        env: plainEnv(),
        stdio: 'ignore',
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(143);
      least = Math.min(least, Date.now() - statSync(marker).mtimeMs);
    }
    expect(least).toBeLessThan(1000);
  });

  it('--report on a full disk: the old report stays byte for byte, and one line says why', () => {
    const dir = tempDir();
    const args = ['--quiet', '--retry-on', '7', '--attempts', '8', '--delay', '1ms', '--', 'sh', '-c', 'exit 7'];
    // the new report is over a page: writing it in place would leave a torn one
    spawnSync(XRUN_BIN, ['--report', join(dir, 'big.json'), ...args], { env: plainEnv() });
    expect(statSync(join(dir, 'big.json')).size).toBeGreaterThan(4096);
    const old = '{"old": true}\n';
    const disk = join(dir, 'disk');
    mkdirSync(disk);
    // 8 KiB of tmpfs: the old report takes one page; the command fills the other (the disk had room when xrun checked it)
    const fills = [...args.slice(0, -1), `cat /dev/zero > ${disk}/fill 2>/dev/null; exit 7`];
    const script = `mount -t tmpfs -o size=8k tmpfs "$1" && printf '%s' '${old}' > "$1/r.json" &&
      "$0" --report "$1/r.json" "$@"; echo "status $?"; cat "$1/r.json"; ls -A "$1"`;
    const r = spawnSync(
      'unshare',
      ['--mount', 'sh', '-c', script.replace('"$@"', fills.map((a) => `'${a}'`).join(' ')), XRUN_BIN, disk],
      {
        env: plainEnv(),
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toBe(`status 7\n${old}fill\nr.json\n`);
    expect(r.stderr).toBe(`xrun: --report: cannot write ${disk}/r.json (ENOSPC)\n`);
  });
});
