import { describe, expect, it } from 'vitest';
import { exitPlan } from '../../../src/cli/exit-plan.js';

const signal = (name: NodeJS.Signals, fallbackCode: number) =>
  ({ kind: 'signal', signal: name, fallbackCode }) as const;

describe('exitPlan', () => {
  it('a code is the code', () => {
    expect(exitPlan({ kind: 'code', code: 4 }, 1234)).toEqual({ kind: 'code', code: 4 });
    expect(exitPlan({ kind: 'code', code: 4 }, 1)).toEqual({ kind: 'code', code: 4 });
  });

  it('a signal is re-raised; only the core-dumping ones turn core dumps off first', () => {
    expect(exitPlan(signal('SIGTERM', 143), 1234)).toEqual({
      kind: 'raise',
      signal: 'SIGTERM',
      fallbackCode: 143,
      dumpsCore: false,
    });
    for (const s of ['SIGINT', 'SIGHUP', 'SIGKILL', 'SIGUSR2', 'SIGALRM'] as const)
      expect(exitPlan(signal(s, 130), 1234)).toMatchObject({ kind: 'raise', dumpsCore: false });
    for (const s of [
      'SIGQUIT',
      'SIGILL',
      'SIGTRAP',
      'SIGABRT',
      'SIGBUS',
      'SIGFPE',
      'SIGSEGV',
      'SIGXCPU',
      'SIGXFSZ',
      'SIGSYS',
    ] as const) {
      expect(exitPlan(signal(s, 139), 1234)).toMatchObject({ kind: 'raise', signal: s, dumpsCore: true });
    }
  });

  it('SIGPIPE and SIGUSR1 cannot end a Node process: 128+N', () => {
    expect(exitPlan(signal('SIGPIPE', 141), 1234)).toEqual({ kind: 'code', code: 141 });
    expect(exitPlan(signal('SIGUSR1', 138), 1234)).toEqual({ kind: 'code', code: 138 });
  });

  it('as PID 1 no signal is raised (the kernel would drop it): 128+N at once', () => {
    expect(exitPlan(signal('SIGTERM', 143), 1)).toEqual({ kind: 'code', code: 143 });
    expect(exitPlan(signal('SIGSEGV', 139), 1)).toEqual({ kind: 'code', code: 139 });
    expect(exitPlan(signal('SIGKILL', 137), 1)).toEqual({ kind: 'code', code: 137 });
  });
});
