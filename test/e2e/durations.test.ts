import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, isAlive, runXrun, startXrun, tempDir } from '../helpers/xrun.js';

// A directory holding xrun.config.json with `config` (none when undefined), to run xrun in.
function projectDir(config?: Record<string, unknown>): string {
  const dir = tempDir();
  if (config) writeFileSync(join(dir, 'xrun.config.json'), JSON.stringify(config));
  return dir;
}

// Lets `ms` pass, then says whether the xrun run has ended.
async function endedAfter(finished: Promise<unknown>, ms: number): Promise<boolean> {
  let ended = false;
  void finished.then(() => (ended = true));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return ended;
}

describe('durations of 2^31 ms and more (built binary)', () => {
  it('--timeout 600h: the command runs to its end (exit 3), with nothing on stderr', async () => {
    const r = await runXrun(['--timeout', '600h', '--', 'sh', '-c', 'exit 3']);
    expect(r.stderr.toString()).toBe('');
    expect(r.code).toBe(3);
  });

  it('--timeout 4294967296 (seconds): sleep 1 ends on its own, with nothing on stderr', async () => {
    const begun = Date.now();
    const r = await runXrun(['--timeout', '4294967296', '--', 'sleep', '1']);
    const took = Date.now() - begun;
    expect(r.stderr.toString()).toBe('');
    expect(r.code).toBe(0);
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(30_000);
  });

  it.each([
    ['XRUN_TIMEOUT=600h', [], { XRUN_TIMEOUT: '600h' }, undefined],
    ['config "timeout": 4294967296', [], {}, { timeout: 4_294_967_296 }],
    ['--deadline 600h', ['--deadline', '600h'], {}, undefined],
    ['XRUN_DEADLINE=1000000d', [], { XRUN_DEADLINE: '1000000d' }, undefined],
    ['config "deadline": "2.34e+5d"', [], {}, { deadline: '2.34e+5d' }],
    ['--timeout 1e4d', ['--timeout', '1e4d'], {}, undefined],
  ])('%s: the command runs to its end (exit 3 after 1 s), with nothing on stderr', async (_, flags, env, config) => {
    const r = await runXrun([...flags, '--', 'sh', '-c', 'sleep 1; exit 3'], { env, cwd: projectDir(config) });
    expect(r.stderr.toString()).toBe('');
    expect(r.code).toBe(3);
  });

  it('--kill-after 600h: a command that shrugs off the --timeout TERM is not SIGKILLed (still running 2 s after it)', async () => {
    const dir = tempDir();
    const [pidFile, got] = [join(dir, 'pid'), join(dir, 'got')];
    // the command notes the TERM and goes on; the timeout comes well after its trap, also on a loaded machine
    // (its stderr closed: sh would say "Terminated" of its sleep, which gets the TERM too)
    const script = `exec 2>/dev/null; trap 'echo TERM > ${got}' TERM; echo $$ > ${pidFile}; while :; do sleep 0.05; done`;
    const started = startXrun(['--timeout', '3s', '--kill-after', '600h', '--', 'sh', '-c', script]);
    expect(await eventually(() => existsSync(got), 30_000)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(await endedAfter(started.finished, 2000)).toBe(false);
    expect(isAlive(pid)).toBe(true);
    // the test ends it: its group (xrun started it in one of its own)
    process.kill(-pid, 'SIGKILL');
    const r = await started.finished;
    expect(r.code).toBe(124);
    expect(r.stderr.toString()).toBe('xrun: sh timed out after 3s (TimedOut: stopped by xrun after --timeout)\n');
  });

  it('--delay 1000h: the backoff sleep lasts (no second attempt after 2 s)', async () => {
    const marker = join(tempDir(), 'attempts');
    const started = startXrun([
      '--delay',
      '1000h',
      '--retry-on',
      '1',
      '--attempts',
      '2',
      '--',
      'sh',
      '-c',
      `echo x >> ${marker}; exit 1`,
    ]);
    await started.stderrIncludes('attempt 2 of 2 in');
    expect(await endedAfter(started.finished, 2000)).toBe(false);
    expect(readFileSync(marker, 'utf8')).toBe('x\n');
    // an interrupt still ends the sleep at once
    started.child.kill('SIGTERM');
    const r = await started.finished;
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(readFileSync(marker, 'utf8')).toBe('x\n');
    expect(r.stderr.toString()).not.toContain('Warning');
  });
});

describe('what GNU timeout users type (built binary)', () => {
  it.each(['9', 'KILL', 'SIGKILL', 'kill'])(
    '--signal %s: the --timeout stop signal is SIGKILL (a TERM-ignoring command ends without --kill-after)',
    async (signal) => {
      const pidFile = join(tempDir(), 'pid');
      // the timeout comes well after the command's trap, also on a loaded machine
      const started = startXrun([
        '--timeout',
        '3s',
        '--signal',
        signal,
        '--kill-after',
        '600h',
        '--',
        'sh',
        '-c',
        `trap '' TERM; echo $$ > ${pidFile}; exec sleep 60`,
      ]);
      // with TERM it would run on for 600h: bounded here, then cleaned up either way
      const ended = await eventually(
        () => existsSync(pidFile) && !isAlive(Number(readFileSync(pidFile, 'utf8'))),
        20_000,
      );
      if (!ended) process.kill(-Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
      expect(ended).toBe(true);
      expect((await started.finished).code).toBe(124);
    },
  );

  it.each([
    ['--timeout 0', ['--timeout', '0'], {}, undefined],
    ['XRUN_TIMEOUT=0s', [], { XRUN_TIMEOUT: '0s' }, undefined],
    ['--timeout 0 over a config "timeout": "100ms"', ['--timeout', '0'], {}, { timeout: '100ms' }],
    ['--deadline 0 over a config "deadline": "100ms"', ['--deadline', '0'], {}, { deadline: '100ms' }],
  ])('%s: no limit, the command runs to its end', async (_, flags, env, config) => {
    const r = await runXrun([...flags, '--', 'sh', '-c', 'sleep 0.5; exit 3'], { env, cwd: projectDir(config) });
    expect(r.stderr.toString()).toBe('');
    expect(r.code).toBe(3);
  });

  it.each([
    ['--timeout .3', ['--timeout', '.3']],
    ['--timeout 3e-1', ['--timeout', '3e-1']],
    ['--timeout 0.3s', ['--timeout', '0.3s']],
  ])('%s: a fraction of a second times out (124)', async (_, flags) => {
    const r = await runXrun([...flags, '--', 'sleep', '30']);
    expect(r.code).toBe(124);
  });

  it.each([
    [['--timeout', '-1'], {}, undefined, "xrun: --timeout: '-1' is negative (a duration is 0 or more)\n"],
    [['--timeout', 'NaN'], {}, undefined, "xrun: --timeout: 'NaN' is not a duration (e.g. 250ms, 2s, 1m)\n"],
    [['--timeout', '1x'], {}, undefined, "xrun: --timeout: '1x' is not a duration (e.g. 250ms, 2s, 1m)\n"],
    [
      ['--kill-after', 'Infinity'],
      {},
      undefined,
      "xrun: --kill-after: 'Infinity' is not a duration (e.g. 250ms, 2s, 1m)\n",
    ],
    [['--deadline', '1e400'], {}, undefined, "xrun: --deadline: '1e400' is too long (at most 104249991d)\n"],
    [['--delay', '104249992d'], {}, undefined, "xrun: --delay: '104249992d' is too long (at most 104249991d)\n"],
    [['--max-delay', '-2s'], {}, undefined, "xrun: --max-delay: '-2s' is negative (a duration is 0 or more)\n"],
    [['--signal', '0'], {}, undefined, "xrun: --signal: unknown signal '0' (e.g. TERM, INT, KILL)\n"],
    [['--signal', '65'], {}, undefined, "xrun: --signal: unknown signal '65' (e.g. TERM, INT, KILL)\n"],
    [[], { XRUN_TIMEOUT: '-1h' }, undefined, "xrun: XRUN_TIMEOUT: '-1h' is negative (a duration is 0 or more)\n"],
    [
      [],
      { XRUN_KILL_AFTER: 'inf' },
      undefined,
      "xrun: XRUN_KILL_AFTER: 'inf' is not a duration (e.g. 250ms, 2s, 1m)\n",
    ],
    [[], { XRUN_SIGNAL: '99' }, undefined, "xrun: XRUN_SIGNAL: unknown signal '99' (e.g. TERM, INT, KILL)\n"],
    [[], {}, { timeout: 1e300 }, "xrun: xrun.config.json: timeout: '1e+300' is too long (at most 104249991d)\n"],
    [[], {}, { deadline: '-5s' }, "xrun: xrun.config.json: deadline: '-5s' is negative (a duration is 0 or more)\n"],
  ])('%j %j %j: 125, one line, nothing started', async (flags, env, config, line) => {
    const dir = projectDir(config);
    const r = await runXrun([...flags, '--', 'touch', 'MARKER'], { env, cwd: dir });
    expect(r.stderr.toString()).toBe(line);
    expect(r.code).toBe(125);
    expect(existsSync(join(dir, 'MARKER'))).toBe(false);
  });
});
