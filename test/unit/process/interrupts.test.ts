import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FORWARDED_SIGNALS, Interrupts } from '../../../src/process/interrupts.js';

// A child that records what it is sent.
function child() {
  const sent: NodeJS.Signals[] = [];
  return { sent, kill: (signal: NodeJS.Signals) => void sent.push(signal) };
}

describe('Interrupts.deliver: forward, escalate, or leave it to the terminal (docs/behaviour.md "Signals")', () => {
  it.each<[string, boolean, NodeJS.Signals[], NodeJS.Signals[]]>([
    // without a terminal the command has a group of its own: xrun forwards all four
    ['forwards SIGINT', false, ['SIGINT'], ['SIGINT']],
    ['forwards SIGTERM', false, ['SIGTERM'], ['SIGTERM']],
    ['forwards SIGHUP', false, ['SIGHUP'], ['SIGHUP']],
    ['forwards SIGQUIT', false, ['SIGQUIT'], ['SIGQUIT']],
    // a second SIGINT, or a SIGTERM, while the command is stopping: SIGKILL at once
    ['a second SIGINT kills', false, ['SIGINT', 'SIGINT'], ['SIGINT', 'SIGKILL']],
    ['a SIGTERM after a SIGHUP kills', false, ['SIGHUP', 'SIGTERM'], ['SIGHUP', 'SIGKILL']],
    ['a SIGINT after a SIGTERM kills', false, ['SIGTERM', 'SIGINT'], ['SIGTERM', 'SIGKILL']],
    ['a second SIGHUP is forwarded', false, ['SIGHUP', 'SIGHUP'], ['SIGHUP', 'SIGHUP']],
    ['a second SIGQUIT is forwarded', false, ['SIGQUIT', 'SIGQUIT'], ['SIGQUIT', 'SIGQUIT']],
    // with a terminal, Ctrl-C and Ctrl-\ reach the command from the terminal: xrun sends no second one
    ['terminal: SIGINT is not sent again', true, ['SIGINT'], []],
    ['terminal: SIGQUIT is not sent again', true, ['SIGQUIT'], []],
    ['terminal: SIGTERM is forwarded', true, ['SIGTERM'], ['SIGTERM']],
    ['terminal: SIGHUP is forwarded', true, ['SIGHUP'], ['SIGHUP']],
    ['terminal: a second SIGINT kills', true, ['SIGINT', 'SIGINT'], ['SIGKILL']],
    ['terminal: a second SIGQUIT is left to the terminal', true, ['SIGQUIT', 'SIGQUIT'], []],
  ])('%s', (_, terminal, delivered, sent) => {
    const interrupts = new Interrupts(terminal);
    const target = child();
    interrupts.attach(target);
    for (const signal of delivered) interrupts.deliver(signal);
    expect(target.sent).toEqual(sent);
    expect(interrupts.received).toBe(delivered[0]);
  });

  it('remembers the first signal and aborts its AbortSignal once, with or without a child', () => {
    const interrupts = new Interrupts(false);
    const aborts: unknown[] = [];
    interrupts.signal.addEventListener('abort', () => aborts.push(interrupts.received));
    expect([interrupts.received, interrupts.signal.aborted]).toEqual([undefined, false]);
    interrupts.deliver('SIGHUP');
    interrupts.deliver('SIGTERM');
    expect([interrupts.received, interrupts.signal.aborted, aborts]).toEqual(['SIGHUP', true, ['SIGHUP']]);
    // a child attached after the interrupt is not sent it after the fact
    const late = child();
    interrupts.attach(late);
    expect(late.sent).toEqual([]);
    interrupts.deliver('SIGINT');
    expect(late.sent).toEqual(['SIGKILL']);
  });

  it("attach's return unregisters that child only; killRunning SIGKILLs the registered one", () => {
    const interrupts = new Interrupts(false);
    const first = child();
    const second = child();
    const detachFirst = interrupts.attach(first);
    detachFirst();
    interrupts.deliver('SIGTERM');
    expect(first.sent).toEqual([]);
    const detachSecond = interrupts.attach(second);
    // an old registration's detach leaves the new child alone
    detachFirst();
    interrupts.killRunning();
    expect(second.sent).toEqual(['SIGKILL']);
    detachSecond();
    interrupts.killRunning();
    expect(second.sent).toEqual(['SIGKILL']);
  });
});

describe('Interrupts.install: the process signals and the parent watch', () => {
  it('receives the forwarded signals while installed, and none after', async () => {
    const before = FORWARDED_SIGNALS.map((signal) => process.listenerCount(signal));
    const interrupts = new Interrupts(false).install(process.ppid);
    const target = child();
    interrupts.attach(target);
    expect(FORWARDED_SIGNALS.map((signal) => process.listenerCount(signal))).toEqual(before.map((n) => n + 1));
    const received = once(process, 'SIGHUP');
    process.kill(process.pid, 'SIGHUP');
    await received;
    interrupts.uninstall();
    expect(FORWARDED_SIGNALS.map((signal) => process.listenerCount(signal))).toEqual(before);
    expect([interrupts.received, target.sent]).toEqual(['SIGHUP', ['SIGHUP']]);
  });

  // it polls every 250 ms: ten seconds is a wide margin
  it("a parent that is no longer xrun's parent is gone: a SIGTERM is delivered", { timeout: 10_000 }, async () => {
    // no process has pid -1: the parent seen at startup is never the current one
    const interrupts = new Interrupts(false).install(-1);
    const target = child();
    interrupts.attach(target);
    try {
      await once(interrupts.signal, 'abort');
      expect([interrupts.received, target.sent]).toEqual(['SIGTERM', ['SIGTERM']]);
    } finally {
      interrupts.uninstall();
    }
  });
});
