import { describe, expect, it } from 'vitest';
import { guardRun } from '../../../src/cli/run-guards.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGXFSZ'] as const;
const listeners = () => Object.fromEntries(SIGNALS.map((s) => [s, process.listenerCount(s)]));

describe("a run's process-wide guards (cli/run-guards.ts)", () => {
  it('installs a handler for each forwarded signal, SIGUSR1 and SIGXFSZ, and release takes every one away', () => {
    const before = listeners();
    const guards = guardRun(false);
    const during = listeners();
    // signal-exit adds its own for the signals it re-raises: at least one more each
    for (const signal of SIGNALS) expect(during[signal], signal).toBeGreaterThan(before[signal]!);
    expect(guards.interrupts.received).toBeUndefined();
    guards.release();
    expect(listeners()).toEqual(before);
  });

  it('the interrupts it installed take a signal and forward it to the attached command', () => {
    const guards = guardRun(false);
    const sent: string[] = [];
    const detach = guards.interrupts.attach({ kill: (signal) => sent.push(signal) });
    try {
      process.emit('SIGTERM', 'SIGTERM');
      expect(guards.interrupts.received).toBe('SIGTERM');
      expect(sent).toEqual(['SIGTERM']);
    } finally {
      detach();
      guards.release();
    }
  });
});
