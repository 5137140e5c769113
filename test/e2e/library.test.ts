import { describe, expect, it } from 'vitest';
import { classify, explain, models, run, UsageError } from '../../src/index.js';
import { buck2Sim, FIXTURES_BIN, tempDir } from '../helpers/xrun.js';

describe('library API', () => {
  it('run() returns the attempts, classifications and exit status the CLI uses', async () => {
    const lines: string[] = [];
    const r = await run(['sh', '-c', 'exit 3'], { retryOn: [3], attempts: 3, delay: '1ms', log: (l) => lines.push(l) });
    expect(r.attempts.map((a) => [a.outcome, a.classification.name, a.decision.retry])).toEqual([
      [{ kind: 'exited', code: 3 }, 'Failure', true],
      [{ kind: 'exited', code: 3 }, 'Failure', true],
      [{ kind: 'exited', code: 3 }, 'Failure', false],
    ]);
    expect(r.exitStatus).toEqual({ kind: 'code', code: 3 });
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('xrun: sh exited 3 (Failure: the command failed); giving up after 3 attempts');
  });

  it('two runs side by side in one process take turns in the wait queue, like two xruns', async () => {
    // held for 1 s: long enough that the second run's first attempt surely finds the daemon busy
    const sim = buck2Sim('daemon', { BUCK2_SIM_HOLD: '1' });
    const saved = { ...process.env };
    Object.assign(process.env, sim.env, {
      PATH: `${FIXTURES_BIN}:${process.env.PATH}`,
      TMPDIR: tempDir('xrun-queue-'),
    });
    try {
      const lines: string[] = [];
      const log = (line: string) => lines.push(line);
      const [a, b] = await Promise.all([
        run(['buck2', 'build'], { retryBusy: true, log }),
        run(['buck2', 'build'], { retryBusy: true, log }),
      ]);
      expect([a.exitStatus, b.exitStatus]).toEqual([
        { kind: 'code', code: 0 },
        { kind: 'code', code: 0 },
      ]);
      // the one told busy waited for the other's command through the queue, not by backing off
      expect(sim.invocations()).toBe(3);
      // the wait's first line, then the retry after it
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^xrun: waiting in the wait queue: pid \d+ holds the daemon; 1 ahead$/);
      expect(lines[1]).toMatch(
        /^xrun: buck2 exited 4 \(DaemonIsBusy: daemon busy with another command\); attempt 2 of 5 after \d+(ms|\.\ds|s) in the wait queue$/,
      );
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('run() reports a signal death without touching the process', async () => {
    const r = await run(['sh', '-c', 'kill -s TERM $$']);
    expect(r.last.outcome).toEqual({ kind: 'signaled', signal: 'SIGTERM' });
    expect(r.exitStatus).toEqual({ kind: 'signal', signal: 'SIGTERM', fallbackCode: 143 });
  });

  it('an abort signal stops the running attempt and ends the run', async () => {
    const controller = new AbortController();
    const running = run(['sh', '-c', 'while :; do sleep 0.05; done'], {
      retryOn: ['signal'],
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const r = await running;
    expect(r.attempts).toHaveLength(1);
    expect(r.last.outcome).toMatchObject({ kind: 'cancelled', signal: 'SIGTERM' });
    expect(r.interrupted).toBe('SIGTERM');
  });

  it('bad options reject with a UsageError naming the option', async () => {
    await expect(run(['true'], { attempts: 0 })).rejects.toThrow(
      new UsageError("run() options: attempts: expected a whole number of at least 1, got '0'"),
    );
    await expect(run([], {})).rejects.toThrow(UsageError);
  });

  it("classify, explain and models are the CLI's", () => {
    expect(classify('buck2', 4)).toMatchObject({ category: 'busy', name: 'DaemonIsBusy', normalizedCode: 4 });
    expect(classify('generic', { kind: 'signaled', signal: 'SIGKILL' })).toMatchObject({
      category: 'signal',
      normalizedCode: 137,
    });
    expect(explain('bazel', 9).decision).toEqual({
      retry: false,
      stop: 'not-retryable',
      reason: 'exit 9 LOCK_HELD_NOBLOCK_FOR_LOCK (busy) is not retried by the policy',
    });
    expect(explain('bazel', 9, { retryBusy: true }).decision).toEqual({
      retry: true,
      decider: 'explain() options: retryBusy',
      reason: 'explain() options: retryBusy retries exit 9 LOCK_HELD_NOBLOCK_FOR_LOCK (busy)',
    });
    expect(explain('docker', 'KILL').classification.normalizedCode).toBe(137);
    expect(models.buck2.codes.find((c) => c.code === 11)!.category).toBe('connect');
  });
});
