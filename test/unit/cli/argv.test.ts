import { describe, expect, it } from 'vitest';
import { parseCodesLine, parseCommandLine, parseConfigLine, parseExplainLine } from '../../../src/cli/argv.js';
import { misshapenFlag } from '../../../src/cli/flag-shape.js';
import { oneLine, UsageError } from '../../../src/settings/usage-error.js';

const quietOut = { write: () => {} };
const parse = (argv: string[]) => parseCommandLine(argv, quietOut);

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
    [['--attempts', '-q1', '-q1'], '-q1: -q takes no value and combines with no other flag (give each flag on its own)'],
  ])('%j is rejected', (argv, message) => {
    expect(misshapenFlag(argv, flags, true)).toBe(message);
  });

  it.each([
    [['-q', '-V', '--retry-busy', 'cmd']],
    [['--attempts=3', '--attempts', '-q1', 'cmd']],
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

describe("the command line's usage errors are one line", () => {
  it.each([
    [['--retry-busy=1', '--', 'touch', 'm'], "--retry-busy: takes no value, got '--retry-busy=1'"],
    [['--no-queue=false', 'touch', 'm'], "--no-queue: takes no value, got '--no-queue=false'"],
    [['--version=2'], "--version: takes no value, got '--version=2'"],
    [['--help=me'], "--help: takes no value, got '--help=me'"],
    [['-q1', '--', 'touch', 'm'], '-q1: -q takes no value and combines with no other flag (give each flag on its own)'],
    [['-qV'], '-qV: -q takes no value and combines with no other flag (give each flag on its own)'],
    [['-hq'], '-hq: -h takes no value and combines with no other flag (give each flag on its own)'],
    [['-Vh'], '-Vh: -V takes no value and combines with no other flag (give each flag on its own)'],
    [['--retry-bussy', 'touch'], "unknown option '--retry-bussy' (Did you mean --retry-busy?)"],
    [['--retry', 'touch'], "unknown option '--retry' (Did you mean one of --on-retry, --report, --retry-on?)"],
    [['--attempts'], "option '--attempts <n>' argument missing"],
    [['-x', 'touch'], "unknown option '-x'"],
  ])('%j', (argv, message) => {
    expect(() => parse(argv)).toThrow(new UsageError(message));
  });

  it.each([
    [() => parseExplainLine(['4', '-q1'], quietOut), 'explain: -q1: -q takes no value and combines with no other flag (give each flag on its own)'],
    [() => parseExplainLine(['4', '--retry-connec'], quietOut), "explain: unknown option '--retry-connec' (Did you mean --retry-connect?)"],
    [() => parseCodesLine(['--json=yes'], quietOut), "codes: --json: takes no value, got '--json=yes'"],
    [() => parseCodesLine(['--jsno'], quietOut), "codes: unknown option '--jsno' (Did you mean --json?)"],
    [() => parseConfigLine(['-q1'], quietOut), 'config: -q1: -q takes no value and combines with no other flag (give each flag on its own)'],
  ])('subcommand %#', (run, message) => {
    expect(run).toThrow(new UsageError(message));
  });

  it('leaves the command and its arguments alone, glued or not', () => {
    expect(parse(['-q', '--retry-busy', '--attempts=3', 'touch', '-q1', '--retry-busy=1'])).toEqual({
      kind: 'run',
      settings: { quiet: true, retryBusy: true, attempts: '3' },
      command: ['touch', '-q1', '--retry-busy=1'],
    });
    expect(parse(['--', '-q1'])).toMatchObject({ command: ['-q1'] });
    expect(parse(['--report', '-q1', 'x'])).toMatchObject({ settings: { report: '-q1' }, command: ['x'] });
  });

  it('every usage error is one line, whatever it quotes', () => {
    expect(new UsageError("--attempts: got '1\n2\r\t\u001b[31m\u2028'").message).toBe("--attempts: got '1\\n2\\r\\t\\u001b[31m\\u2028'");
    expect(oneLine('plain')).toBe('plain');
    expect(() => parse(['--attempts', '1\n2', 'x'])).not.toThrow();
  });
});
