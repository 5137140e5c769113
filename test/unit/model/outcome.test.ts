import { describe, expect, it } from 'vitest';
import { signalName, signalNumber } from '../../../src/model/outcome.js';

// Linux's numbers (the platform the suite runs on; see README "Platforms")
describe.runIf(process.platform === 'linux')('signal names and numbers', () => {
  it.each([
    ['SIGHUP', 1],
    ['SIGINT', 2],
    ['SIGQUIT', 3],
    ['SIGABRT', 6],
    ['SIGKILL', 9],
    ['SIGUSR1', 10],
    ['SIGSEGV', 11],
    ['SIGPIPE', 13],
    ['SIGTERM', 15],
    ['SIGSYS', 31],
  ])('%s is %i, and back', (name, num) => {
    expect(signalNumber(name)).toBe(num);
    expect(signalName(num)).toBe(name);
  });

  it('a number with two names reads as the first Node lists', () => {
    expect([signalNumber('SIGIOT'), signalName(6)]).toEqual([6, 'SIGABRT']);
    expect([signalNumber('SIGPOLL'), signalName(29)]).toEqual([29, 'SIGIO']);
  });

  it.each(['SIGFOO', 'INT', 'sigint', '', 'toString', '__proto__', 'constructor'])('%j is no signal', (name) => {
    expect(signalNumber(name)).toBeUndefined();
  });

  // 32 and 33 belong to the C library; realtime signals from 34 on have no names in Node
  it.each([0, -1, 32, 34, 64, 1.5, Number.NaN])('%d has no name', (num) => {
    expect(signalName(num)).toBeUndefined();
  });
});
