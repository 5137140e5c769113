import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buck2Sim, runXrun, tempDir } from '../helpers/xrun.js';

// Issue 26 §2: `--attempts N` alone retries as Debian's `retry` does; `--delay` is a minimum.
const runsIn = (dir: string) => readFileSync(join(dir, 'runs'), 'utf8');
const withoutDelays = (stderr: Buffer) => stderr.toString().replace(/ in \d+ms$/gm, ' in Nms');

describe('--attempts alone (built binary)', () => {
  it('retries any failure of a command with no model, and the last status is the exit status', async () => {
    const dir = tempDir();
    const r = await runXrun([
      '--attempts',
      '3',
      '--delay',
      '1ms',
      '--',
      'sh',
      '-c',
      `echo x >> ${dir}/runs; echo child >&2; exit 3`,
    ]);
    expect(r.code).toBe(3);
    expect(runsIn(dir)).toBe('x\nx\nx\n');
    const failed = 'xrun: sh exited 3 (Failure: the command failed)';
    expect(withoutDelays(r.stderr)).toBe(
      `child\n${failed}; attempt 2 of 3 in Nms\nchild\n${failed}; attempt 3 of 3 in Nms\nchild\n${failed}; giving up after 3 attempts\n`,
    );
  });

  it('stops at the first success', async () => {
    const dir = tempDir();
    const script = `echo x >> ${dir}/runs; test $(wc -l < ${dir}/runs) -ge 2`;
    const r = await runXrun(['--attempts', '5', '--delay', '1ms', '--', 'sh', '-c', script]);
    expect(r.code).toBe(0);
    expect(runsIn(dir)).toBe('x\nx\n');
  });

  it.each([
    ['a death by SIGTERM', 'kill -TERM $$', { code: null, signal: 'SIGTERM' }],
    ['a death by SIGHUP', 'kill -HUP $$', { code: null, signal: 'SIGHUP' }],
    ['exit 130 (read as SIGINT)', 'exit 130', { code: 130, signal: null }],
    ['exit 143 (read as SIGTERM)', 'exit 143', { code: 143, signal: null }],
  ])('never retries an interrupt: %s', async (_, end, status) => {
    const dir = tempDir();
    const r = await runXrun(['--attempts', '3', '--delay', '1ms', '--', 'sh', '-c', `echo x >> ${dir}/runs; ${end}`]);
    expect({ code: r.code, signal: r.signal }).toEqual(status);
    expect(runsIn(dir)).toBe('x\n');
  });

  it("retries what a tool's model calls transient, and not the rest", async () => {
    const transient = buck2Sim('11,2,0');
    const retried = await runXrun(['--attempts', '3', '--delay', '1ms', '--', 'buck2', 'build'], {
      env: transient.env,
    });
    expect(retried.code).toBe(0);
    expect(transient.invocations()).toBe(3);
    const user = buck2Sim('3,0');
    const stopped = await runXrun(['--attempts', '3', '--delay', '1ms', '--', 'buck2', 'build'], { env: user.env });
    expect(stopped.code).toBe(3);
    expect(user.invocations()).toBe(1);
  });

  it('without --attempts nothing is retried', async () => {
    const dir = tempDir();
    const r = await runXrun(['--', 'sh', '-c', `echo x >> ${dir}/runs; exit 3`]);
    expect(r.code).toBe(3);
    expect(runsIn(dir)).toBe('x\n');
    expect(r.stderr.toString()).toBe('');
  });

  it('a retry option takes over: --attempts then retries only what it names', async () => {
    const dir = tempDir();
    const r = await runXrun([
      '--attempts',
      '3',
      '--retry-on',
      '4',
      '--delay',
      '1ms',
      '--',
      'sh',
      '-c',
      `echo x >> ${dir}/runs; exit 3`,
    ]);
    expect(r.code).toBe(3);
    expect(runsIn(dir)).toBe('x\n');
  });

  it('xrun config and xrun explain say what it retries', async () => {
    const generic = await runXrun(['config', '--attempts', '3', '--', 'sh', '-c', 'true']);
    expect(generic.stdout.toString()).toContain(
      '\nretried: any failure, never an interrupt (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE), as --attempts alone asks; 3 attempts in all\n',
    );
    const bazel = await runXrun(['config', '--attempts', '3', '--', 'bazel', 'build', '//...']);
    expect(bazel.stdout.toString()).toContain(
      '\nretried: what the bazel model calls transient (busy, preempted, connect, daemon-died, network, rate-limit, infra, timeout), never an interrupt (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE), as --attempts alone asks; 3 attempts in all\n',
    );
    const explained = await runXrun(['explain', '1', '--attempts', '3', '--tool', 'generic']);
    expect(explained.stdout.toString()).toContain(
      '  policy:       retried: --attempts retries exit 1 Failure (failure); 3 attempts, first delay at least 500ms\n',
    );
    const none = await runXrun(['config', '--', 'sh', '-c', 'true']);
    expect(none.stdout.toString()).toContain('\nretried: nothing; 1 attempt in all\n');
  });
});

describe('--delay is a minimum (built binary)', () => {
  it('every wait is at least --delay, as the attempts measure it themselves', async () => {
    const dir = tempDir();
    // each attempt stamps its start and its end (ns); the wait is the next start minus the last end
    const script = `date +%s%N >> ${dir}/starts; date +%s%N >> ${dir}/ends; exit 1`;
    const r = await runXrun(['--attempts', '5', '--backoff', 'fixed', '--delay', '400ms', '--', 'sh', '-c', script]);
    expect(r.code).toBe(1);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8').trim().split('\n').map(BigInt);
    const starts = read('starts');
    const ends = read('ends');
    expect(starts).toHaveLength(5);
    for (let k = 1; k < 5; k++) expect(Number(starts[k]! - ends[k - 1]!) / 1e6).toBeGreaterThanOrEqual(400);
    // the announced waits are at least the delay, and jitter adds at most half of it
    const waits = [...r.stderr.toString().matchAll(/ in (\d+)ms$/gm)].map((m) => Number(m[1]));
    expect(waits).toHaveLength(4);
    for (const wait of waits) expect(wait >= 400 && wait < 600).toBe(true);
  });
});
