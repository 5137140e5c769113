import { describe, expect, it } from 'vitest';
import { boundedByListening } from '../../../../src/process/fleet/listening-bound.js';

// Holds the event loop for `ms`, as a burst of synchronous process starts does.
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("a fleet call's bound, counted in the time the event loop listened (fleet/listening-bound.ts)", () => {
  it('a stall of the process longer than the bound is not the server being slow: an answer that comes after it wins', async () => {
    const answer = new Promise<string>((resolve) => {
      // the answer comes 20 ms after the stall ends; the bound (100 ms) was due during the stall
      setImmediate(() => {
        stall(400);
        setTimeout(() => resolve('answered'), 20);
      });
    });
    await expect(boundedByListening(answer, 100, 'did not answer')).resolves.toBe('answered');
  });

  it('no answer, no stall: the rejection says what, once the bound has passed', async () => {
    const started = performance.now();
    await expect(boundedByListening(new Promise<never>(() => {}), 150, 'did not answer within 150 ms')).rejects.toThrow(
      /^did not answer within 150 ms$/,
    );
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(145);
    // wide: a loaded machine
    expect(waited).toBeLessThan(10_000);
  });

  it('no answer after a stall: the bound is waited out in full after it (the stall not counted)', async () => {
    const started = performance.now();
    setImmediate(() => stall(300));
    await expect(boundedByListening(new Promise<never>(() => {}), 100, 'did not connect')).rejects.toThrow(
      'did not connect',
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });
});
