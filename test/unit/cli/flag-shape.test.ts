import { describe, expect, it } from 'vitest';
import { misshapenFlag } from '../../../src/cli/flag-shape.js';

describe('flags glued to what they cannot take', () => {
  const flags = [
    { short: '-q', long: '--quiet', takesValue: false },
    { short: '-V', long: '--version', takesValue: false },
    { long: '--retry-busy', takesValue: false },
    { long: '--attempts', takesValue: true },
    { short: '-n', long: '--count', takesValue: true },
  ];

  it.each([
    [['-q1'], '-q1: -q takes no value and combines with no other flag (give each flag on its own)'],
    [['-qV'], '-qV: -q takes no value and combines with no other flag (give each flag on its own)'],
    [['-Vq', 'x'], '-Vq: -V takes no value and combines with no other flag (give each flag on its own)'],
    [['-q', '-qq'], '-qq: -q takes no value and combines with no other flag (give each flag on its own)'],
    [['--retry-busy=1'], "--retry-busy: takes no value, got '--retry-busy=1'"],
    [['--quiet='], "--quiet: takes no value, got '--quiet='"],
    [['--attempts', '-q1', '-q1'], "--attempts: needs a value, got '-q1' (an option, not a value)"],
    [['--attempts', '--', 'cmd'], "--attempts: needs a value, got '--' (an option, not a value)"],
    [['-n', '--attempts', '3'], "-n: needs a value, got '--attempts' (an option, not a value)"],
    [['--count', '-q'], "--count: needs a value, got '-q' (an option, not a value)"],
  ])('%j is rejected', (argv, message) => {
    expect(misshapenFlag(argv, flags, true)).toBe(message);
  });

  it.each([
    [['-q', '-V', '--retry-busy', 'cmd']],
    [['--attempts=3', '--attempts', '3', 'cmd']],
    [['--count', '-1', 'cmd']],
    [['--count', '-', 'cmd']],
    [['-n3', 'cmd']],
    [['--', '-q1']],
    [['cmd', '-q1', '--retry-busy=1']],
    [['-1']],
    [['--bogus', '-q1']],
    [['-x1']],
  ])('%j is for commander (a value, the command, an unknown option)', (argv) => {
    expect(misshapenFlag(argv, flags, true)).toBeUndefined();
  });

  it('without a command to follow, looks past the arguments', () => {
    expect(misshapenFlag(['4', '-q1'], flags, false)).toMatch(/^-q1: /);
    expect(misshapenFlag(['4', '-q1'], flags, true)).toBeUndefined();
  });
});
