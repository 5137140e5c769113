import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buck2Sim, eventually, isAlive, runXrun, startXrun, tempDir, XRUN_BIN, xrunLines } from '../helpers/xrun.js';

// The start times (ms since the epoch) the buck2 simulator logged, one per invocation.
function startTimes(log: string): number[] {
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => Number(BigInt(line.split(' ')[3]!) / 1_000_000n));
}

describe('backoff schedules (built binary, buck2 simulator)', () => {
  it('--backoff fixed --delay 300ms --jitter none waits 300 ms between attempts, and says so', async () => {
    const sim = buck2Sim('4,4,0');
    const r = await runXrun(
      ['--retry-busy', '--backoff', 'fixed', '--delay', '300ms', '--jitter', 'none', '--', 'buck2', 'build'],
      { env: sim.env },
    );
    expect(r.code).toBe(0);
    const starts = startTimes(sim.env.BUCK2_SIM_LOG);
    expect(starts).toHaveLength(3);
    for (const gap of [starts[1]! - starts[0]!, starts[2]! - starts[1]!]) {
      expect(gap).toBeGreaterThanOrEqual(280);
      // wide: the next attempt's start is in the gap too (the schedule itself is in the lines below)
      expect(gap).toBeLessThan(15_000);
    }
    expect(xrunLines(r.stderr).map((l) => l.replace(/.*; /, ''))).toEqual([
      'attempt 2 of 5 in 300ms',
      'attempt 3 of 5 in 300ms',
      'xrun: buck2 succeeded on attempt 3 of 5, flaky: it survived 2 failures (DaemonIsBusy, DaemonIsBusy)',
    ]);
  });

  it('--stagger waits the printed time before the first attempt', async () => {
    const sim = buck2Sim('0');
    const before = Date.now();
    const r = await runXrun(['--stagger', '900ms', '--', 'buck2', 'build'], { env: sim.env });
    expect(r.code).toBe(0);
    const [line] = xrunLines(r.stderr);
    const waited = Number(/^xrun: starting buck2 in (\d+)ms \(--stagger 900ms\)$/.exec(line ?? '')?.[1]);
    expect(waited).toBeGreaterThanOrEqual(0);
    expect(waited).toBeLessThanOrEqual(900);
    const [firstStart] = startTimes(sim.env.BUCK2_SIM_LOG);
    expect(firstStart! - before).toBeGreaterThanOrEqual(waited - 20);
    expect(firstStart! - before).toBeLessThan(waited + 15_000);
  });

  it.each([
    [['--backoff', 'doubling'], "xrun: --backoff: expected exponential, linear or fixed, got 'doubling'\n"],
    [['--jitter', 'some'], "xrun: --jitter: expected full, equal, decorrelated or none, got 'some'\n"],
    [['--delay', '1s,later'], "xrun: --delay: 'later' is not a duration (e.g. 250ms, 2s, 1m)\n"],
    [['--stagger', 'x'], "xrun: --stagger: 'x' is not a duration (e.g. 250ms, 2s, 1m)\n"],
  ])('%j is exit 125, one line, nothing started', async (args, message) => {
    const sim = buck2Sim('0');
    const r = await runXrun([...args, '--', 'buck2', 'build'], { env: sim.env });
    expect([r.code, r.stderr.toString(), sim.invocations()]).toEqual([125, message, 0]);
  });

  it('XRUN_BACKOFF and XRUN_JITTER are read too, and named when wrong', async () => {
    const r = await runXrun(['--', 'true'], { env: { XRUN_JITTER: 'wobbly' } });
    expect([r.code, r.stderr.toString()]).toEqual([
      125,
      "xrun: XRUN_JITTER: expected full, equal, decorrelated or none, got 'wobbly'\n",
    ]);
  });
});

// xrun retrying `sh -c SCRIPT` (exit 3 retried, 10 ms waits), with `options` before the command.
const retryingSh = (script: string, options: string[] = []) =>
  runXrun(['--retry-on', '3', '--delay', '10ms', ...options, '--', 'sh', '-c', script]);

describe('the child knows its attempt; --on-retry', () => {
  it('every attempt sees XRUN_ATTEMPT and XRUN_ATTEMPTS', async () => {
    const file = join(tempDir(), 'seen');
    const r = await retryingSh(`echo "$XRUN_ATTEMPT/$XRUN_ATTEMPTS" >> ${file}; exit 3`, ['--attempts', '3']);
    expect(r.code).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe('1/3\n2/3\n3/3\n');
  });

  it("an xrun inside an xrun's command does not take the outer XRUN_ATTEMPTS as its own --attempts", async () => {
    const dir = tempDir();
    // the inner xrun retries exit 3 with its default attempts (5): not the outer run's 2
    const inner = `"${XRUN_BIN}" --retry-on 3 --delay 1ms -- sh -c 'echo "$XRUN_ATTEMPT/$XRUN_ATTEMPTS" >> ${dir}/inner; exit 3'`;
    const r = await runXrun([
      '--retry-on',
      '4',
      '--attempts',
      '2',
      '--',
      'sh',
      '-c',
      `${inner}; echo "$XRUN_ATTEMPT/$XRUN_ATTEMPTS" >> ${dir}/outer; exit 3`,
    ]);
    expect(r.code).toBe(3);
    expect(readFileSync(join(dir, 'inner'), 'utf8')).toBe('1/5\n2/5\n3/5\n4/5\n5/5\n');
    expect(readFileSync(join(dir, 'outer'), 'utf8')).toBe('1/2\n');
  });

  it('runs the hook before each retry, after the wait, with the last ending; its output goes to stderr', async () => {
    const hook =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell default for an unset variable
      'echo "hook $XRUN_ATTEMPT code=${XRUN_LAST_CODE-none} signal=${XRUN_LAST_SIGNAL-none} $XRUN_LAST_CATEGORY"; echo to-stderr >&2';
    const r = await retryingSh('echo "attempt $XRUN_ATTEMPT" >&2; exit 3', ['--attempts', '3', '--on-retry', hook]);
    expect(r.code).toBe(3);
    expect(r.stdout.toString()).toBe('');
    const lines = r.stderr.toString().split('\n');
    expect(lines.filter((l) => !l.startsWith('xrun: '))).toEqual([
      'attempt 1',
      'hook 2 code=3 signal=none failure',
      'to-stderr',
      'attempt 2',
      'hook 3 code=3 signal=none failure',
      'to-stderr',
      'attempt 3',
      '',
    ]);
    // the retry line (the wait) comes before the hook's output
    expect(lines.indexOf('hook 2 code=3 signal=none failure')).toBeGreaterThan(
      lines.findIndex((l) => l.includes('attempt 2 of 3')),
    );
  });

  it('a command killed by a signal gives the hook XRUN_LAST_SIGNAL and no XRUN_LAST_CODE', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell default for an unset variable
    const hook = 'echo "hook ${XRUN_LAST_CODE-none} $XRUN_LAST_SIGNAL $XRUN_LAST_CATEGORY" >&2';
    const r = await runXrun([
      '--retry-on',
      'signal',
      '--attempts',
      '2',
      '--delay',
      '10ms',
      '--on-retry',
      hook,
      '--',
      'sh',
      '-c',
      'kill -USR1 $$',
    ]);
    expect(r.signal ?? r.code).not.toBe(0);
    expect(r.stderr.toString()).toContain('hook none SIGUSR1 signal\n');
  });

  it('a failing hook is one line and the retry goes on', async () => {
    const r = await retryingSh('exit 3', ['--attempts', '2', '--on-retry', 'exit 7']);
    expect(r.code).toBe(3);
    expect(xrunLines(r.stderr).filter((l) => l.includes('--on-retry'))).toEqual([
      'xrun: --on-retry hook exited 7; retrying anyway',
    ]);
    expect(xrunLines(r.stderr).at(-1)).toMatch(/giving up after 2 attempts$/);
  });

  it('the deadline stops a hook that outlasts it', async () => {
    const started = Date.now();
    // a deadline well past the first attempt's start and end, also on a loaded machine
    const r = await retryingSh('exit 3', ['--deadline', '5s', '--on-retry', 'sleep 30']);
    // well before the hook's 30 s
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(r.code).toBe(3);
    const lines = xrunLines(r.stderr);
    expect(lines).toContain('xrun: --on-retry hook was stopped: the deadline is spent');
    expect(lines.at(-1)).toMatch(/deadline of 5s spent after 1 attempt$/);
  });

  it('an interrupt during the hook stops it, and xrun ends as for the interrupt', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'hook.pid');
    const run = startXrun([
      '--retry-on',
      '3',
      '--delay',
      '10ms',
      '--on-retry',
      `sh -c 'echo $$ > ${pidFile}; exec sleep 30'`,
      '--',
      'sh',
      '-c',
      'exit 3',
    ]);
    expect(await eventually(() => readFileSync(pidFile, { flag: 'a+' }).toString().trim() !== '')).toBe(true);
    const hookPid = Number(readFileSync(pidFile, 'utf8'));
    run.child.kill('SIGTERM');
    const r = await run.finished;
    expect([r.signal, r.code]).toEqual(['SIGTERM', null]);
    expect(await eventually(() => !isAlive(hookPid))).toBe(true);
  });
});
