import { afterEach, describe, expect, it } from 'vitest';
import { runAttempt } from '../../../src/process/attempt.js';
import { Interrupts } from '../../../src/process/interrupts.js';
import { removeSpareFifos } from '../../../src/process/relay/fifo-pool.js';
import { INHERITED_STDIN } from '../../../src/process/stdin-inherit.js';

afterEach(removeSpareFifos);

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
