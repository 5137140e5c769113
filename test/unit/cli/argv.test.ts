import { describe, expect, it } from 'vitest';
import { parseCodesLine, parseCommandLine, parseConfigLine, parseExplainLine } from '../../../src/cli/argv.js';
import { UsageError } from '../../../src/settings/usage-error.js';

const quietOut = { write: () => {} };
const parse = (argv: string[]) => parseCommandLine(argv, quietOut);

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
    [
      () => parseExplainLine(['4', '-q1'], quietOut),
      'explain: -q1: -q takes no value and combines with no other flag (give each flag on its own)',
    ],
    [
      () => parseExplainLine(['4', '--retry-connec'], quietOut),
      "explain: unknown option '--retry-connec' (Did you mean --retry-connect?)",
    ],
    [() => parseCodesLine(['--json=yes'], quietOut), "codes: --json: takes no value, got '--json=yes'"],
    [() => parseCodesLine(['--jsno'], quietOut), "codes: unknown option '--jsno' (Did you mean --json?)"],
    [
      () => parseConfigLine(['-q1'], quietOut),
      'config: -q1: -q takes no value and combines with no other flag (give each flag on its own)',
    ],
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
    expect(parse(['--report=-q1', 'x'])).toMatchObject({ settings: { report: '-q1' }, command: ['x'] });
  });

  it('passes a value with a line break on as given (buildPlan validates values)', () => {
    expect(() => parse(['--attempts', '1\n2', 'x'])).not.toThrow();
  });
});
