import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buck2Sim, eventually, isAlive, runXrun, startXrun, tempDir, XRUN_BIN } from '../helpers/xrun.js';

const lines = (b: Buffer) =>
  b
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('xrun: '));

describe('timeouts and process groups (built binary)', () => {
  it('a child that ignores SIGTERM is SIGKILLed after --kill-after; exit 124, normalized 6', async () => {
    const dir = tempDir();
    const script = `trap '' TERM; echo $$ > ${dir}/pid; while :; do sleep 0.1; done`;
    // a timeout well past the shell's start (its trap), also on a loaded machine
    const r = await runXrun(['--timeout', '3s', '--kill-after', '1s', '--', 'sh', '-c', script]);
    expect(r.code).toBe(124);
    expect(lines(r.stderr)).toEqual([
      'xrun: sh timed out after 3s (TimedOut: stopped by xrun after --timeout); SIGKILL after --kill-after 1s',
    ]);
    expect(isAlive(Number(readFileSync(join(dir, 'pid'), 'utf8')))).toBe(false);
    const normalized = await runXrun([
      '--normalize',
      '--timeout',
      '300ms',
      '--kill-after',
      '300ms',
      '--',
      'sh',
      '-c',
      script,
    ]);
    expect(normalized.code).toBe(6);
  });

  it('--signal KILL: the timed-out line tells of no escalation, since SIGKILL was the stop signal', async () => {
    const r = await runXrun(['--timeout', '300ms', '--signal', 'KILL', '--', 'sleep', '30']);
    expect(r.code).toBe(124);
    expect(lines(r.stderr)).toEqual(['xrun: sleep timed out after 300ms (TimedOut: stopped by xrun after --timeout)']);
  });

  it('a grandchild started by the child is gone after a timeout', async () => {
    const dir = tempDir();
    const r = await runXrun(['--timeout', '3s', '--', 'sh', '-c', `sleep 60 & echo $! > ${dir}/grandchild; wait`]);
    expect(r.code).toBe(124);
    expect(await eventually(() => !isAlive(Number(readFileSync(join(dir, 'grandchild'), 'utf8'))))).toBe(true);
  });

  it('--signal chooses the stop signal', async () => {
    const dir = tempDir();
    const r = await runXrun([
      '--timeout',
      '3s',
      '--signal',
      'INT',
      '--',
      'sh',
      '-c',
      `trap 'echo INT > ${dir}/got; exit 0' INT; while :; do sleep 0.05; done`,
    ]);
    expect(r.code).toBe(124);
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe('INT\n');
  });

  it('a timeout is retried only when the policy names it', async () => {
    const dir = tempDir();
    const script = `echo x >> ${dir}/runs; sleep 30`;
    const plain = await runXrun(['--timeout', '3s', '--retry-busy', '--', 'sh', '-c', script]);
    expect(plain.code).toBe(124);
    expect(readFileSync(join(dir, 'runs'), 'utf8')).toBe('x\n');
    const retried = await runXrun([
      '--timeout',
      '3s',
      '--retry-on',
      'timeout',
      '--attempts',
      '2',
      '--delay',
      '10ms',
      '--',
      'sh',
      '-c',
      script,
    ]);
    expect(retried.code).toBe(124);
    expect(readFileSync(join(dir, 'runs'), 'utf8')).toBe('x\nx\nx\n');
  });

  it('--deadline stops a run that would otherwise retry forever, and says so', async () => {
    const dir = tempDir();
    const r = await runXrun([
      '--retry-on',
      '3',
      '--attempts',
      '100000',
      '--delay',
      '200ms',
      '--max-delay',
      '200ms',
      '--deadline',
      '5s',
      '--',
      'sh',
      '-c',
      `echo x >> ${dir}/runs; exit 3`,
    ]);
    const runs = readFileSync(join(dir, 'runs'), 'utf8').split('\n').length - 1;
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(runs).toBeLessThan(1000);
    // the end, wherever the deadline fell: during an attempt, whose timeout it clamps (124, as for
    // --timeout; on a loaded machine), during the backoff, or ahead of the next backoff
    const last = lines(r.stderr).at(-1) ?? '';
    if (r.code === 124) {
      expect(last).toMatch(
        new RegExp(
          `^xrun: sh timed out after [\\d.]+m?s \\(TimedOut: [^)]*\\); deadline of 5s spent after ${runs} attempts$`,
        ),
      );
    } else {
      expect(r.code).toBe(3);
      expect([
        `xrun: sh exited 3 (Failure: the command failed); deadline of 5s spent after ${runs} attempts`,
        `xrun: sh exited 3 (Failure: the command failed); not retrying: the next retry would start past the deadline of 5s (${runs} attempts)`,
      ]).toContain(last);
    }
    // every retry announced ran, but for one whose wait the deadline ended (a loaded machine's sleep overshoots)
    const announced = lines(r.stderr).filter((l) => / attempt \d+ of 100000 in /.test(l)).length;
    expect([runs - 1, runs]).toContain(announced);
    if (announced === runs) expect(last).toMatch(/; deadline of 5s spent after \d+ attempts$/);
  });

  it('without a terminal the child leads its own process group (and session); signals reach the whole group', async () => {
    const dir = tempDir();
    const inner = `trap 'echo TERM > ${dir}/grandchild-got; exit 0' TERM; echo ready >&2; while :; do sleep 0.05; done`;
    const started = startXrun([
      '--',
      'sh',
      '-c',
      `ps -o pgid=,sid= -p $$ > ${dir}/pgid; echo $$ > ${dir}/pid; sh -c "${inner}" & wait`,
    ]);
    await started.stderrIncludes('ready');
    // the group comes with a session of its own (Node's detached is setsid; README)
    const pid = readFileSync(join(dir, 'pid'), 'utf8').trim();
    expect(readFileSync(join(dir, 'pgid'), 'utf8').trim().split(/\s+/)).toEqual([pid, pid]);
    started.child.kill('SIGTERM');
    const r = await started.finished;
    expect(r.signal).toBe('SIGTERM');
    expect(await eventually(() => existsSync(join(dir, 'grandchild-got')))).toBe(true);
  });

  it('when its parent dies, xrun stops the child as for SIGTERM', async () => {
    const dir = tempDir();
    const child = `trap 'echo TERM > ${dir}/got; exit 0' TERM; echo > ${dir}/ready; while :; do sleep 0.05; done`;
    const shell = spawn('bash', ['-c', `"${XRUN_BIN}" -- sh -c "${child}" & echo $! > ${dir}/xrun; wait`], {
      stdio: 'ignore',
    });
    // once the child runs, xrun watches its parent
    expect(await eventually(() => existsSync(join(dir, 'ready')) && existsSync(join(dir, 'xrun')))).toBe(true);
    shell.kill('SIGKILL');
    const xrunPid = Number(readFileSync(join(dir, 'xrun'), 'utf8'));
    expect(await eventually(() => existsSync(join(dir, 'got')))).toBe(true);
    expect(await eventually(() => !isAlive(xrunPid))).toBe(true);
  });
});

describe('terminal mode under a real pseudo-terminal', () => {
  it('the child shares the foreground group and gets exactly one SIGINT per Ctrl-C', async () => {
    const dir = tempDir();
    // the child counts the SIGINTs it gets, records its and xrun's process groups, and exits 3 a second
    // after it has got one (time for a second one to show), or after a minute
    writeFileSync(
      join(dir, 'child.sh'),
      `trap 'echo INT >> ${dir}/ints' INT\nps -o pgid= -p $$ -p $PPID | tr -d ' ' > ${dir}/pgids\necho ready > ${dir}/ready\nn=0\nwhile [ $n -lt 1200 ] && [ ! -s ${dir}/ints ]; do sleep 0.05; n=$((n+1)); done\nsleep 1\nexit 3\n`,
    );
    const script = spawn('script', ['-qfec', `"${XRUN_BIN}" -- sh ${dir}/child.sh`, '/dev/null'], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const closed = new Promise<number | null>((resolve) => script.on('close', (c) => resolve(c)));
    expect(await eventually(() => existsSync(join(dir, 'ready')))).toBe(true);
    script.stdin.end('\x03');
    // script -e reports the command's status: xrun re-raised SIGINT on itself after the child finished
    expect(await closed).toBe(130);
    // exactly one SIGINT reached the child: the terminal's; xrun forwarded none
    expect(readFileSync(join(dir, 'ints'), 'utf8')).toBe('INT\n');
    const [childGroup, xrunGroup] = readFileSync(join(dir, 'pgids'), 'utf8').trim().split('\n');
    expect(childGroup).toBe(xrunGroup);
  });
});

describe('terminal mode: timeouts reach the command tree', () => {
  it('a grandchild is gone after a timeout, also when it ignores the stop signal', async () => {
    const dir = tempDir();
    // the grandchild ignores SIGTERM, and SIGHUP too (the end of the terminal session would send it);
    // the child (sh) ignores SIGTERM and waits for it
    writeFileSync(join(dir, 'grandchild.sh'), `trap '' TERM HUP\necho $$ > ${dir}/grandchild\nexec sleep 60\n`);
    writeFileSync(join(dir, 'child.sh'), `trap '' TERM\nsh ${dir}/grandchild.sh &\nwait\n`);
    const script = spawn(
      'script',
      ['-qfec', `"${XRUN_BIN}" --timeout 3s --kill-after 1s -- sh ${dir}/child.sh`, '/dev/null'],
      {
        stdio: ['pipe', 'ignore', 'ignore'],
      },
    );
    const closed = new Promise<number | null>((resolve) => script.on('close', (c) => resolve(c)));
    expect(await closed).toBe(124);
    const grandchild = Number(readFileSync(join(dir, 'grandchild'), 'utf8'));
    expect(grandchild).toBeGreaterThan(1);
    expect(await eventually(() => !isAlive(grandchild))).toBe(true);
  });
});

describe('stdin across retries', () => {
  it('a pipe is replayed byte for byte on the third attempt', async () => {
    const sim = buck2Sim('4,4,0');
    const input = randomBytes(300_000);
    const r = await runXrun(['--retry-busy', '--delay', '10ms', '--', 'buck2', 'build'], {
      env: { ...sim.env, BUCK2_SIM_STDIN: sim.dir },
      input,
    });
    expect(r.code).toBe(0);
    for (const n of [1, 2, 3]) expect(readFileSync(join(sim.dir, `stdin.${n}`)).equals(input)).toBe(true);
  });

  it('a regular file is read from the start by every attempt', async () => {
    const sim = buck2Sim('4,4,0');
    const file = join(sim.dir, 'input');
    const input = randomBytes(200_000);
    writeFileSync(file, input);
    const fd = openSync(file, 'r');
    const r = await runXrun(['--retry-busy', '--delay', '10ms', '--', 'buck2', 'build'], {
      env: { ...sim.env, BUCK2_SIM_STDIN: sim.dir },
      stdinFd: fd,
    });
    closeSync(fd);
    expect(r.code).toBe(0);
    for (const n of [1, 2, 3]) expect(readFileSync(join(sim.dir, `stdin.${n}`)).equals(input)).toBe(true);
  });

  it('past --stdin-buffer a pipe is not replayed: no retry, and xrun says why', async () => {
    const sim = buck2Sim('4,0');
    const r = await runXrun(['--retry-busy', '--stdin-buffer', '1KiB', '--delay', '10ms', '--', 'buck2', 'build'], {
      env: { ...sim.env, BUCK2_SIM_STDIN: sim.dir },
      input: randomBytes(10_000),
    });
    expect(r.code).toBe(4);
    expect(sim.invocations()).toBe(1);
    expect(lines(r.stderr)).toEqual([
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); not retrying: stdin is a pipe and the command consumed more than --stdin-buffer 1KiB, so a retry could not replay it',
    ]);
  });
});
