import { afterEach, describe, expect, it } from 'vitest';
import { type AttemptOptions, runAttempt } from '../../../src/process/attempt.js';
import { Interrupts } from '../../../src/process/interrupts.js';
import { releaseSpareFifos } from '../../../src/process/relay/fifo-pool.js';
import { HeldStdout } from '../../../src/process/relay/held-stdout.js';
import { INHERITED_STDIN } from '../../../src/process/stdin-inherit.js';

// One attempt of `script` (sh -c), its own process group, nothing read: the commands here print nothing.
function options(script: string, more: Partial<AttemptOptions> = {}): AttemptOptions {
  return {
    command: ['sh', '-c', script],
    terminal: false,
    readStderr: false,
    readStdout: false,
    killAfterMs: 10_000,
    stopSignal: 'SIGTERM',
    stdin: INHERITED_STDIN.forAttempt(1),
    extraFds: [],
    ...more,
  };
}

describe('one attempt of the command (process/attempt.ts)', () => {
  it('an exit: its code, nothing stopped, nothing lost', async () => {
    expect(await runAttempt(options('exit 7'), new Interrupts(false))).toEqual({
      outcome: { kind: 'exited', code: 7 },
      stderrTail: '',
      stdoutTail: '',
      outputErrors: [],
      killEscalated: false,
    });
  });

  it("the attempt's variables reach the command", async () => {
    const result = await runAttempt(
      options('exit $XRUN_ATTEMPT', { env: { XRUN_ATTEMPT: '4' } }),
      new Interrupts(false),
    );
    expect(result.outcome).toEqual({ kind: 'exited', code: 4 });
  });

  it('a command that cannot start is a spawn error', async () => {
    const result = await runAttempt(
      { ...options(''), command: ['no-such-command-xrun-attempt'] },
      new Interrupts(false),
    );
    expect(result.outcome).toMatchObject({ kind: 'spawn-error', errno: 'ENOENT' });
  });

  it('--timeout: the stop signal after the timeout; onStop is told once', async () => {
    let stops = 0;
    const result = await runAttempt(
      options('sleep 60', { timeoutMs: 200, onStop: () => stops++ }),
      new Interrupts(false),
    );
    expect(result.outcome).toEqual({
      kind: 'timed-out',
      timeoutMs: 200,
      ended: { kind: 'signaled', signal: 'SIGTERM' },
    });
    expect([result.killEscalated, stops]).toEqual([false, 1]);
  });

  it('a command that ignores the stop signal is killed after --kill-after', async () => {
    const result = await runAttempt(
      options('trap "" TERM; sleep 60 & wait; sleep 60', { timeoutMs: 200, killAfterMs: 300 }),
      new Interrupts(false),
    );
    expect(result.outcome).toEqual({
      kind: 'timed-out',
      timeoutMs: 200,
      ended: { kind: 'signaled', signal: 'SIGKILL' },
    });
    expect(result.killEscalated).toBe(true);
  });

  it("an interrupt is passed on; a SIGTERM as the tool's graceful cancel when it has one", async () => {
    const interrupts = new Interrupts(false);
    const running = runAttempt(options('sleep 60', { forwardedTermSignal: 'SIGINT' }), interrupts);
    setTimeout(() => interrupts.deliver('SIGTERM'), 300);
    const result = await running;
    expect(result.outcome).toEqual({
      kind: 'cancelled',
      signal: 'SIGTERM',
      ended: { kind: 'signaled', signal: 'SIGINT' },
    });
  });

  it('--hold-stdout: stdout goes to the sink, its size and tail reported', async () => {
    const held = new HeldStdout();
    const result = await runAttempt(options('echo held; printf more', { holdStdout: held }), new Interrupts(false));
    expect(result).toMatchObject({
      outcome: { kind: 'exited', code: 0 },
      stdoutTail: 'held\nmore',
      heldStdout: { bytes: 9, spilled: false },
    });
    held.discard();
  });
});

afterEach(releaseSpareFifos);

describe('an attempt whose stderr is relayed (process/attempt.ts)', () => {
  it('an interrupt that came while its FIFO was being made (no child yet) reaches the child once it starts', async () => {
    const interrupts = new Interrupts(false);
    const started = Date.now();
    const attempt = runAttempt(
      {
        command: ['sleep', '30'],
        terminal: false,
        readStderr: true,
        readStdout: false,
        killAfterMs: 10_000,
        stopSignal: 'SIGTERM',
        stdin: INHERITED_STDIN.forAttempt(1),
        extraFds: [],
      },
      interrupts,
    );
    // runAttempt is waiting for mkfifo now: nothing has been spawned to pass the signal to
    interrupts.deliver('SIGTERM');
    const result = await attempt;
    expect(result.outcome).toEqual({
      kind: 'cancelled',
      signal: 'SIGTERM',
      ended: { kind: 'signaled', signal: 'SIGTERM' },
    });
    expect(result.killEscalated).toBe(false);
    // far less than the 30 s the command would sleep; wide: a loaded machine
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 40_000);
});
