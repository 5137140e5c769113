import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/argv.js';
import { plainCommandLine } from '../../../src/cli/plain-argv.js';
import { SETTINGS, type SettingRow } from '../../../src/settings/table.js';

const quietOut = { write: () => {} };

// Every flag of the table once, with a value where it takes one: the reader must know each row.
const everyFlag = SETTINGS.flatMap((row: SettingRow) =>
  row.flag.value === undefined ? [row.flag.long] : [row.flag.long, 'x'],
);

describe('the plain command line reader gives what commander gives', () => {
  it.each([
    [['--', 'true']],
    [['true']],
    [['true', '--', 'x']],
    [['--', '--', 'x']],
    [['--', '-q']],
    [['make', '-j2', '--retry-busy']],
    [['--retry-busy', '--', 'buck2', 'build', '//...']],
    [['-q', '--attempts', '3', '--delay=250ms', 'docker', 'pull', 'busybox']],
    [['--no-queue', '--retry-busy', '--retry-busy', 'buck2', 'build']],
    [['--attempts', '2', '--attempts', '4', '--', 'true']],
    [['--retry-on-output', 'a', '--retry-on-output=b', '--stop-on-output', 'c', '--', 'true']],
    [['--tool', 'buck2', '--map', 'no-tests=0', '--normalize', 'buck2', 'test']],
    [[...everyFlag, '--', 'true']],
  ])('%j', (argv) => {
    const plain = plainCommandLine(argv);
    expect(plain).toBeDefined();
    expect(plain).toEqual(parseCommandLine(argv, quietOut));
  });
});

describe('the plain reader leaves the rest to commander', () => {
  it.each([
    [[]],
    [['--']],
    [['--help']],
    [['-h']],
    [['--version']],
    [['-V']],
    [['--retry-busy']],
    [['--retry-bussy', 'touch']],
    [['--retry-busy=1', '--', 'true']],
    [['-q1', '--', 'true']],
    [['--attempts']],
    [['--attempts', '--', 'true']],
    [['--attempts=', 'true']],
    [['--delay', '-5', 'true']],
    [['-x', 'true']],
  ])('%j', (argv) => {
    expect(plainCommandLine(argv)).toBeUndefined();
  });
});
