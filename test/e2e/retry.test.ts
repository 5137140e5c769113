import { describe, expect, it } from 'vitest';
import { buck2Sim, runXrun, startXrun } from '../helpers/xrun.js';

const BUSY_STDERR =
  'Command failed: \nBuck daemon is busy processing another command: 0f3c1e2a-7b9d-4c55-9a61-2d5e8b7f4c10\n\nCaused by:\n    `--exit-when=differentstate` was set\n';
const retryLine = (code: number, name: string, meaning: string, next: number, total: number) =>
  new RegExp(`^xrun: buck2 exited ${code} \\(${name}: ${meaning}\\); attempt ${next} of ${total} in \\d+ms$`);

describe('retry policy (built binary, buck2 simulator)', () => {
  it('busy twice then success with --retry-busy: 3 attempts, exit 0', async () => {
    const sim = buck2Sim('4,4,0');
    const r = await runXrun(['--retry-busy', '--delay', '20ms', '--', 'buck2', 'build', '//...'], { env: sim.env });
    expect(r.code).toBe(0);
    expect(sim.invocations()).toBe(3);
    const lines = r.stderr.toString().split('\n');
    // buck2's own stderr is forwarded byte for byte, with xrun's one line after each attempt, and the
    // flaky run's end line
    expect(r.stderr.toString().startsWith(BUSY_STDERR)).toBe(true);
    const xrunLines = lines.filter((l) => l.startsWith('xrun: '));
    expect(xrunLines).toHaveLength(3);
    expect(xrunLines[0]).toMatch(retryLine(4, 'DaemonIsBusy', 'daemon busy with another command', 2, 5));
    expect(xrunLines[1]).toMatch(retryLine(4, 'DaemonIsBusy', 'daemon busy with another command', 3, 5));
    const flaky = 'xrun: buck2 succeeded on attempt 3 of 5, flaky: it survived 2 failures (DaemonIsBusy, DaemonIsBusy)';
    expect(r.stderr.toString()).toBe(`${BUSY_STDERR}${xrunLines[0]}\n${BUSY_STDERR}${xrunLines[1]}\n${flaky}\n`);
  });

  it('does not retry a user error', async () => {
    const sim = buck2Sim('3,0');
    const r = await runXrun(['--retry-busy', '--retry-connect', '--delay', '10ms', '--', 'buck2', 'build'], {
      env: sim.env,
    });
    expect(r.code).toBe(3);
    expect(sim.invocations()).toBe(1);
    expect(r.stderr.toString()).toBe('');
  });

  it('retries are bounded by --attempts; the last status is the exit status', async () => {
    const sim = buck2Sim('5');
    const r = await runXrun(['--retry-busy', '--attempts', '3', '--delay', '10ms', '--', 'buck2', 'build'], {
      env: sim.env,
    });
    expect(r.code).toBe(5);
    expect(sim.invocations()).toBe(3);
    const xrunLines = r.stderr
      .toString()
      .split('\n')
      .filter((l) => l.startsWith('xrun: '));
    expect(xrunLines).toHaveLength(3);
    expect(xrunLines[2]).toBe(
      'xrun: buck2 exited 5 (DaemonPreempted: daemon preempted this command for a newer one); giving up after 3 attempts',
    );
  });

  it('--retry-connect retries 11, a lifecycle lock and a daemon that died mid-command', async () => {
    const sim = buck2Sim('11,lock,daemon-died,0');
    const r = await runXrun(['--retry-connect', '--delay', '10ms', '--', 'buck2', 'test', '//...'], { env: sim.env });
    expect(r.code).toBe(0);
    expect(sim.invocations()).toBe(4);
    const xrunLines = r.stderr
      .toString()
      .split('\n')
      .filter((l) => l.startsWith('xrun: '));
    expect(xrunLines.map((l) => l.replace(/ in \d+ms$/, ''))).toEqual([
      'xrun: buck2 exited 11 (ConnectError: could not connect to or start the buck2 daemon); attempt 2 of 5',
      'xrun: buck2 exited 11 (ConnectError: could not take the daemon lifecycle lock); attempt 3 of 5',
      'xrun: buck2 exited 1 (DaemonDied: the daemon died during the command); attempt 4 of 5',
      'xrun: buck2 succeeded on attempt 4 of 5, flaky: it survived 3 failures (ConnectError, ConnectError, DaemonDied)',
    ]);
  });

  it('--retry-on takes codes and categories; --quiet silences xrun', async () => {
    const sim = buck2Sim('2,12,0');
    const r = await runXrun(['--retry-on', '2,oom', '--delay', '10ms', '--quiet', '--', 'buck2', 'build'], {
      env: sim.env,
    });
    expect(r.code).toBe(0);
    expect(sim.invocations()).toBe(3);
    expect(r.stderr.toString()).not.toContain('xrun:');
  });

  it('detects buck2 through env/nice prefixes', async () => {
    const sim = buck2Sim('4,0');
    const r = await runXrun(
      ['--retry-busy', '--delay', '10ms', '--', 'env', 'A=1', 'nice', '-n', '1', 'buck2', 'build'],
      { env: sim.env },
    );
    expect(r.code).toBe(0);
    expect(sim.invocations()).toBe(2);
  });

  it('--normalize and --map', async () => {
    const sigint = buck2Sim('141');
    expect((await runXrun(['--', 'buck2', 'build'], { env: sigint.env })).code).toBe(141);
    expect((await runXrun(['--normalize', '--', 'buck2', 'build'], { env: sigint.env })).code).toBe(130);
    const noTests = buck2Sim('64');
    expect((await runXrun(['--map', 'no-tests=0', '--', 'buck2', 'test'], { env: noTests.env })).code).toBe(0);
    const runner = buck2Sim('42');
    expect((await runXrun(['--normalize', '--', 'buck2', 'build'], { env: runner.env })).code).toBe(1);
    // buck2 test's 42 is the executor's "needs base-revision retry": tests failed
    expect((await runXrun(['--normalize', '--', 'buck2', 'test'], { env: runner.env })).code).toBe(32);
    expect(
      (
        await runXrun(['--tool', 'generic', '--retry-busy', '--delay', '10ms', '--', 'buck2'], {
          env: buck2Sim('4').env,
        })
      ).code,
    ).toBe(4);
  });

  it('Ctrl-C during a backoff sleep ends it at once and xrun dies of SIGINT', async () => {
    const sim = buck2Sim('4');
    const started = startXrun(['--retry-busy', '--delay', '60s', '--max-delay', '60s', '--', 'buck2', 'build'], {
      env: sim.env,
    });
    await started.stderrIncludes('; attempt 2 of 5 in');
    const sentAt = Date.now();
    started.child.kill('SIGINT');
    const r = await started.finished;
    expect(r).toMatchObject({ code: null, signal: 'SIGINT' });
    expect(sim.invocations()).toBe(1);
    // the backoff was up to 60 s; ending well before it shows the sleep was cut short
    expect(Date.now() - sentAt).toBeLessThan(20_000);
  });

  it('a child that died of SIGINT is not retried, and xrun dies of SIGINT', async () => {
    const sim = buck2Sim('sig:INT,0');
    const r = await runXrun(['--retry-on', 'signal', '--delay', '10ms', '--', 'buck2', 'build'], { env: sim.env });
    expect(r).toMatchObject({ code: null, signal: 'SIGINT' });
    expect(sim.invocations()).toBe(1);
  });
});
