import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/model/outcome.js';
import { type LoopEffects, supervise } from '../../../src/run/supervise.js';
import { buildPlan } from '../../../src/settings/plan.js';

// A scripted run: each attempt takes `attemptMs` of fake time and ends as the script says.
function scripted(
  outcomes: Outcome[],
  options: { attemptMs?: number; interruptDuringSleep?: number; stderr?: string } = {},
) {
  let clock = 0;
  const sleeps: number[] = [];
  const lines: string[] = [];
  const timeouts: (number | undefined)[] = [];
  let interrupted: NodeJS.Signals | undefined;
  const effects: LoopEffects = {
    runAttempt: async (attempt, timeoutMs) => {
      timeouts.push(timeoutMs);
      clock += options.attemptMs ?? 100;
      return {
        outcome: outcomes[Math.min(attempt, outcomes.length) - 1]!,
        stderrTail: options.stderr ?? '',
        killEscalated: false,
      };
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      if (options.interruptDuringSleep === sleeps.length) {
        interrupted = 'SIGINT';
        return false;
      }
      clock += ms;
      return true;
    },
    interrupted: () => interrupted,
    retryBlocker: () => undefined,
    now: () => clock,
    random: () => 0.5,
    log: (line) => lines.push(line),
  };
  return { effects, sleeps, lines, timeouts };
}
const exited = (code: number): Outcome => ({ kind: 'exited', code });

describe('supervise', () => {
  it('lost output: one line even under --quiet, no retry the policy wanted, the errors recorded', async () => {
    const { effects, lines, timeouts } = scripted([exited(4), exited(0)]);
    const outputErrors = [{ stream: 'stderr', errno: 'EIO', message: 'i/o error' }] as const;
    const result = await supervise(buildPlan({ retryBusy: true, quiet: true }, ['buck2']), 'buck2', {
      ...effects,
      runAttempt: async (attempt, timeoutMs) => ({ ...(await effects.runAttempt(attempt, timeoutMs)), outputErrors }),
    });
    expect(timeouts).toHaveLength(1);
    expect(lines).toEqual(["xrun: writing the command's stderr failed: EIO (i/o error); the rest of it was discarded"]);
    expect(result.last.decision).toEqual({
      retry: false,
      stop: 'output-lost',
      reason: "writing the command's stderr failed: EIO (i/o error)",
    });
    expect(result.last.outputErrors).toEqual(outputErrors);
  });
  it('EPIPE is no lost output: recorded, no line, the policy decides', async () => {
    const { effects, lines, timeouts } = scripted([exited(4), exited(0)]);
    const outputErrors = [{ stream: 'stdout', errno: 'EPIPE', message: 'broken pipe' }] as const;
    const result = await supervise(buildPlan({ retryBusy: true, quiet: true, delay: '0' }, ['buck2']), 'buck2', {
      ...effects,
      runAttempt: async (attempt, timeoutMs) => ({ ...(await effects.runAttempt(attempt, timeoutMs)), outputErrors }),
    });
    expect(timeouts).toHaveLength(2);
    expect(lines).toEqual([]);
    expect(result.attempts.map((a) => a.outputErrors)).toEqual([outputErrors, outputErrors]);
  });
  it('waits the schedule asked for: fixed, no jitter', async () => {
    const { effects, sleeps } = scripted([exited(4), exited(4), exited(4), exited(0)]);
    await supervise(
      buildPlan({ retryBusy: true, backoff: 'fixed', delay: '300ms', jitter: 'none' }, ['buck2']),
      'buck2',
      effects,
    );
    expect(sleeps).toEqual([300, 300, 300]);
  });
  it('decorrelated jitter draws from the previous wait', async () => {
    const { effects, sleeps } = scripted([exited(4), exited(4), exited(4), exited(0)]);
    await supervise(buildPlan({ retryBusy: true, delay: '1s', jitter: 'decorrelated' }, ['buck2']), 'buck2', effects);
    // 1000 + 0.5 * (3 * previous - 1000): 2000, then 3500, then 5750
    expect(sleeps).toEqual([2000, 3500, 5750]);
  });
  it('a --delay list is waited as written, the last repeating', async () => {
    const { effects, sleeps } = scripted([exited(4), exited(4), exited(4), exited(0)]);
    await supervise(buildPlan({ retryBusy: true, delay: '1s,5s' }, ['buck2']), 'buck2', effects);
    expect(sleeps).toEqual([1000, 5000, 5000]);
  });
  it('--stagger sleeps before the first attempt and says so', async () => {
    const { effects, sleeps, lines } = scripted([exited(0)]);
    const result = await supervise(buildPlan({ stagger: '2s' }, ['buck2']), 'buck2', effects);
    expect(sleeps).toEqual([1000]);
    expect(lines).toEqual(['xrun: starting buck2 in 1s (--stagger 2s)']);
    expect(result.attempts).toHaveLength(1);
  });
  it('an interrupt during --stagger starts nothing and ends as the interrupt', async () => {
    const { effects, timeouts } = scripted([exited(0)], { interruptDuringSleep: 1 });
    const result = await supervise(buildPlan({ stagger: '2s' }, ['buck2']), 'buck2', effects);
    expect(timeouts).toEqual([]);
    expect(result.attempts).toEqual([]);
    expect(result.interrupted).toBe('SIGINT');
  });
  it('--on-retry runs before each retry with the attempt about to start; an interrupted hook ends the run', async () => {
    const { effects } = scripted([exited(4), exited(4), exited(0)]);
    const hooked: [number, number][] = [];
    const plan = buildPlan({ retryBusy: true, onRetry: 'true' }, ['buck2']);
    const result = await supervise(plan, 'buck2', {
      ...effects,
      beforeRetry: async (attempt, last) => {
        hooked.push([attempt, last.attempt]);
        return true;
      },
    });
    expect(hooked).toEqual([
      [2, 1],
      [3, 2],
    ]);
    expect(result.attempts).toHaveLength(3);
    const stopped = await supervise(plan, 'buck2', {
      ...scripted([exited(4), exited(0)]).effects,
      beforeRetry: async () => false,
    });
    expect(stopped.attempts).toHaveLength(1);
  });
  it('retries busy twice then succeeds: 3 attempts, two retry lines', async () => {
    const { effects, sleeps, lines } = scripted([exited(4), exited(4), exited(0)]);
    const result = await supervise(buildPlan({ retryBusy: true }, ['buck2', 'build']), 'buck2', effects);
    expect(result.attempts.map((a) => a.outcome)).toEqual([exited(4), exited(4), exited(0)]);
    expect(result.last.decision).toEqual({ retry: false, stop: 'success', reason: 'the command succeeded' });
    // the default schedule: 500 ms doubling, equal jitter (random 0.5: the ceiling and a quarter of it)
    expect(sleeps).toEqual([625, 1250]);
    expect(lines).toEqual([
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); attempt 2 of 5 in 625ms',
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); attempt 3 of 5 in 1.3s',
    ]);
  });
  it('does not retry a user error and prints nothing', async () => {
    const { effects, lines } = scripted([exited(3)]);
    const result = await supervise(buildPlan({ retryBusy: true }, ['buck2']), 'buck2', effects);
    expect(result.attempts).toHaveLength(1);
    expect(lines).toEqual([]);
  });
  it('is bounded by --attempts and says it gave up', async () => {
    const { effects, lines } = scripted([exited(4)]);
    const result = await supervise(buildPlan({ retryBusy: true, attempts: '3' }, ['buck2']), 'buck2', effects);
    expect(result.attempts).toHaveLength(3);
    expect(lines.at(-1)).toBe(
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); giving up after 3 attempts',
    );
  });
  it('--quiet silences the lines', async () => {
    const { effects, lines } = scripted([exited(4)]);
    await supervise(buildPlan({ retryBusy: true, quiet: true }, ['buck2']), 'buck2', effects);
    expect(lines).toEqual([]);
  });
  it('an interrupt during the backoff ends the run at once', async () => {
    const { effects, sleeps } = scripted([exited(4)], { interruptDuringSleep: 1 });
    const result = await supervise(buildPlan({ retryBusy: true }, ['buck2']), 'buck2', effects);
    expect(result.attempts).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
    expect(result.interrupted).toBe('SIGINT');
  });
  it('--deadline clamps timeouts; a retry whose backoff would end past it is not announced, and the run ends at once in one line', async () => {
    const { effects, sleeps, lines, timeouts } = scripted([exited(4)], { attemptMs: 1000 });
    const plan = buildPlan(
      { retryBusy: true, attempts: '100', delay: '1s', jitter: 'none', deadline: '5s', timeout: '4s' },
      ['buck2'],
    );
    const result = await supervise(plan, 'buck2', effects);
    // t=1000 sleep 1000; t=3000 a 2000 ms backoff would end at the deadline: no retry 3, no sleep
    expect(sleeps).toEqual([1000]);
    expect(timeouts).toEqual([4000, 3000]);
    expect(result.deadlineSpent).toBe(true);
    expect(result.last.decision).toMatchObject({ retry: false, stop: 'deadline' });
    expect(lines).toEqual([
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); attempt 2 of 100 in 1s',
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); not retrying: the next retry would start past the deadline of 5s (2 attempts)',
    ]);
  });

  it('--deadline spent by an attempt itself: the deadline line', async () => {
    const { effects, lines } = scripted([exited(4)], { attemptMs: 3000 });
    const plan = buildPlan({ retryBusy: true, attempts: '100', delay: '10ms', deadline: '5s' }, ['buck2']);
    const result = await supervise(plan, 'buck2', effects);
    expect(result.attempts).toHaveLength(2);
    expect(lines.at(-1)).toBe(
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); deadline of 5s spent after 2 attempts',
    );
  });

  it('a retry after waiting in the queue is logged and reported like a backoff retry, without a sleep', async () => {
    const { effects, sleeps, lines } = scripted([exited(4), exited(0)]);
    const retried: number[] = [];
    let clock = 0;
    const result = await supervise(buildPlan({ retryBusy: true }, ['buck2']), 'buck2', {
      ...effects,
      now: () => clock,
      waitForTurn: async () => {
        clock += 1200;
        return 'waited';
      },
      onRetry: (record) => {
        retried.push(record.attempt);
        return false;
      },
    });
    expect(result.attempts.map((a) => a.outcome)).toEqual([exited(4), exited(0)]);
    expect(result.attempts[0]!.delayMs).toBe(1200);
    expect(sleeps).toEqual([]);
    expect(retried).toEqual([1]);
    expect(lines).toEqual([
      'xrun: buck2 exited 4 (DaemonIsBusy: daemon busy with another command); attempt 2 of 5 after 1.2s in the wait queue',
    ]);
  });

  it('a hook that says the retry or the give-up itself (GitHub) replaces its plain line', async () => {
    const { effects, lines } = scripted([exited(4)]);
    const said: string[] = [];
    await supervise(buildPlan({ retryBusy: true, attempts: '2', delay: '1ms' }, ['buck2']), 'buck2', {
      ...effects,
      onRetry: (record) => said.push(`retry after ${record.attempt}`) > 0,
      onGiveUp: (record) => said.push(`gave up after ${record.attempt}`) > 0,
    });
    expect(said).toEqual(['retry after 1', 'gave up after 2']);
    expect(lines).toEqual([]);
  });
});
