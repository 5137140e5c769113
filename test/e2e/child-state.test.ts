import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, isAlive, plainEnv, startXrun, tempDir, XRUN_BIN } from '../helpers/xrun.js';

// Runs `sh -c script` with $XRUN naming the built launcher, as a user's shell would.
function sh(script: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('/bin/sh', ['-c', script, 'sh', ...args], {
    env: { ...plainEnv(), XRUN: XRUN_BIN, ...env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The same command directly and through xrun, after the same `setup` of the shell (a trap, a redirection).
function directAndThroughXrun(setup: string, command: readonly string[], redirect = '') {
  return {
    direct: sh(`${setup} "$@" ${redirect}`, command),
    xrun: sh(`${setup} "$XRUN" -- "$@" ${redirect}`, command),
  };
}

// Prints whether descriptor 2 is open, and exits 3: without a stderr of its own it has no other way to say.
const STDERR_PROBE = ['sh', '-c', 'if true 3>&2; then echo open; else echo closed; fi; exit 3'];

describe('a descriptor 0-2 closed for xrun is closed for the command', () => {
  it.each([
    ['stdout', ['/bin/echo', 'hi'], '>&-'],
    ['stdin', ['cat'], '<&-'],
    ['stderr', STDERR_PROBE, '2>&-'],
    ['stderr, relayed by xrun (a model that reads it)', STDERR_PROBE, '2>&-'],
  ])('%s', (what, command, redirect) => {
    const tool = what.includes('relayed') ? ['--tool', 'buck2'] : [];
    const direct = sh(`"$@" ${redirect}`, command);
    const xrun = sh(`"$XRUN" ${tool.join(' ')} -- "$@" ${redirect}`, command);
    expect(direct.code).not.toBe(0);
    expect(xrun).toEqual(direct);
  });

  it('stdin and stdout closed together; the command still runs on what is left', () => {
    const { direct, xrun } = directAndThroughXrun('', ['sh', '-c', 'cat; echo "cat: $?" >&2'], '<&- >&-');
    expect(direct.stderr).toContain('Bad file descriptor');
    expect(xrun).toEqual(direct);
  });
});

// The command's own ignored-signal mask, as the kernel has it.
const SIGIGN = ['grep', 'SigIgn', '/proc/self/status'];

// The launcher reads the caller's ignored signals in /proc/self/stat, and these commands read /proc.
const hasProc = existsSync('/proc/self/stat');

describe.runIf(hasProc)("the caller's ignored signals stay ignored for the command, default ones default", () => {
  it('SIGPIPE ignored: the command ignores it (and `yes` reports the broken pipe, as directly)', () => {
    const mask = directAndThroughXrun("trap '' PIPE;", SIGIGN);
    expect(mask.direct.stdout).toBe('SigIgn:\t0000000000001000\n');
    expect(mask.xrun).toEqual(mask.direct);
    const yes = directAndThroughXrun("trap '' PIPE;", ['sh', '-c', 'yes | head -1']);
    expect(yes.direct).toEqual({ code: 0, stdout: 'y\n', stderr: 'yes: standard output: Broken pipe\n' });
    expect(yes.xrun).toEqual(yes.direct);
  });

  it('SIGPIPE default: default for the command (`yes` dies of it silently)', () => {
    const mask = directAndThroughXrun('', SIGIGN);
    expect(mask.direct.stdout).toBe('SigIgn:\t0000000000000000\n');
    expect(mask.xrun).toEqual(mask.direct);
    const yes = directAndThroughXrun('', ['sh', '-c', 'yes | head -1']);
    expect(yes.xrun).toEqual({ code: 0, stdout: 'y\n', stderr: '' });
  });

  it('the signals xrun catches itself (HUP here) reach the command at their default, as under GNU timeout', () => {
    const setup = "trap '' USR2 HUP PIPE;";
    const xrun = sh(`${setup} "$XRUN" -- "$@"`, SIGIGN);
    // USR2 (12) and PIPE (13) stay ignored
    expect(xrun.stdout).toBe('SigIgn:\t0000000000001800\n');
    expect(xrun).toEqual(sh(`${setup} timeout 60 "$@"`, SIGIGN));
  });
});

describe('the exec shims change nothing else', () => {
  // pid and parent, process group and session, argv, then the environment, seen by the command
  const probe = 'printf "%s %s " $$ $PPID; cut -d" " -f5,6 /proc/$$/stat; tr "\\0" " " </proc/$$/cmdline; echo; env';
  const states: [string, string, string][] = [
    ['nothing to restore', '', ''],
    ['SIGPIPE ignored', "trap '' PIPE;", ''],
    ['stdin closed', '', '<&-'],
  ];

  it.runIf(hasProc).each(states)(
    "%s: the command is xrun's own child, leads its group and session, has its argv",
    (_, setup, redirect) => {
      const r = sh(`${setup} "$XRUN" -- sh -c '${probe}' ${redirect} & echo $!; wait`);
      const [xrunPid, line, argv] = r.stdout.split('\n') as [string, string, string];
      const [self, parent, pgid, sid] = line.split(' ');
      expect(parent).toBe(xrunPid);
      expect([pgid, sid]).toEqual([self, self]);
      expect(argv).toBe(`sh -c ${probe} `);
    },
  );

  it("the environment is exactly the one without a shim; the launcher's variable is gone", () => {
    const same = { TMPDIR: tempDir('xrun-tmp-') };
    const envs = states.map(
      ([, setup, redirect]) => sh(`${setup} "$XRUN" -- /usr/bin/env ${redirect}`, [], same).stdout,
    );
    expect(envs[0]).toContain('XRUN=');
    expect(envs[0]).not.toContain('XRUN_CALLER_STATE');
    expect(envs[1]).toBe(envs[0]);
    expect(envs[2]).toBe(envs[0]);
  });

  it("the environment is the caller's with exactly XRUN_ATTEMPT and XRUN_ATTEMPTS added", () => {
    const same = { TMPDIR: tempDir('xrun-tmp-') };
    const lines = (text: string) =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .sort();
    const direct = lines(sh('/usr/bin/env', [], same).stdout);
    const viaXrun = lines(sh('"$XRUN" -- /usr/bin/env', [], same).stdout);
    expect(viaXrun).toEqual([...direct, 'XRUN_ATTEMPT=1', 'XRUN_ATTEMPTS=1'].sort());
  });

  it.runIf(hasProc)('argv[0] is the name as given, not the path found', () => {
    expect(sh(`trap '' PIPE; "$XRUN" -- cat /proc/self/cmdline`).stdout).toBe('cat\0/proc/self/cmdline\0');
  });

  it.each([
    ['a missing command', ['no-such-command-xrun'], 127, 'xrun: no-such-command-xrun: command not found\n'],
    ['a file that is not executable', ['/etc/passwd'], 126, 'xrun: /etc/passwd: cannot execute (EACCES)\n'],
    ['a directory (as bash says it)', ['/etc'], 126, 'xrun: /etc: Is a directory\n'],
  ])("%s is still xrun's own line and code, with a shim or without", (_, command, code, line) => {
    for (const setup of ['', "trap '' PIPE;"])
      expect(sh(`${setup} "$XRUN" -- "$@"`, command)).toEqual({ code, stdout: '', stderr: line });
  });

  it.runIf(hasProc)("make's jobserver descriptors still reach the command behind the shims", () => {
    const dir = tempDir('xrun-make-');
    // the command shows MAKEFLAGS and what its jobserver descriptors are
    writeFileSync(join(dir, 'Makefile'), 'all:\n\t+@$(XRUN) -- sh -c \'echo "$$MAKEFLAGS"; ls -l /proc/$$$$/fd\'\n');
    const r = spawnSync('/bin/sh', ['-c', `trap '' PIPE; make -s -j4 XRUN=${XRUN_BIN}`], {
      cwd: dir,
      env: plainEnv(),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const [, read, write] = /--jobserver-auth=(\d+),(\d+)/.exec(r.stdout) ?? [];
    const pipeOf = (fd: string | undefined) => new RegExp(` ${fd} -> (pipe:\\[\\d+\\])`).exec(r.stdout)?.[1];
    expect(pipeOf(read)).toMatch(/^pipe:/);
    expect(pipeOf(write)).toBe(pipeOf(read));
  });
});

it("another program named setpriv on PATH (busybox's applet has no --pdeathsig) is not used", () => {
  const dir = tempDir('xrun-setpriv-');
  writeFileSync(join(dir, 'not-setpriv'), '#!/bin/sh\nexit 99\n');
  chmodSync(join(dir, 'not-setpriv'), 0o755);
  symlinkSync(join(dir, 'not-setpriv'), join(dir, 'setpriv'));
  expect(sh(`"$XRUN" -- sh -c 'exit 3'`, [], { PATH: `${dir}:${process.env['PATH']}` }).code).toBe(3);
});

// util-linux's setpriv asks the kernel for the parent-death signal (Linux)
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;

describe.skipIf(!hasSetpriv)(
  'xrun killed by SIGKILL: the command gets the stop signal (the kernel sends it, through setpriv)',
  () => {
    it.each([
      ['TERM by default', [], 'TERM'],
      ['--signal INT', ['--signal', 'INT'], 'INT'],
    ])('%s', async (_, options, signal) => {
      const log = join(tempDir('xrun-pdeath-'), 'log');
      const script = `trap 'echo got ${signal} >> ${log}; exit 0' ${signal}; echo $$ >> ${log}; while :; do sleep 0.1; done`;
      const run = startXrun([...options, '--', 'sh', '-c', script]);
      // on 'exit': the command, if it outlived xrun, holds xrun's pipes open
      const died = new Promise((resolve) => run.child.once('exit', (_code, how) => resolve(how)));
      const written = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
      expect(await eventually(() => /^\d+\n/.test(written()))).toBe(true);
      const command = Number.parseInt(written(), 10);
      try {
        run.child.kill('SIGKILL');
        expect(await died).toBe('SIGKILL');
        expect(await eventually(() => written().includes('got'))).toBe(true);
        expect(written()).toBe(`${command}\ngot ${signal}\n`);
        expect(await eventually(() => !isAlive(command))).toBe(true);
      } finally {
        if (isAlive(command)) process.kill(command, 'SIGKILL');
      }
    });
  },
);
