import { describe, expect, it } from 'vitest';
import { defaultRunCommand } from '../../../src/cli/run-kind.js';
import { RUN_SETTINGS } from '../../../src/settings/run-table.js';

describe('which runs are default runs (cli/run-kind.ts)', () => {
  it.each([
    [
      ['--', 'make', '-j4'],
      ['make', '-j4'],
    ],
    [
      ['make', '-j4'],
      ['make', '-j4'],
    ],
    // after `--` a word that looks like an option is the command
    [['--', '-weird'], ['-weird']],
    [
      ['--', 'true', '--', 'x'],
      ['true', '--', 'x'],
    ],
  ])('%j runs %j', (argv, command) => {
    expect(defaultRunCommand(argv, {})).toEqual(command);
  });

  it.each([[['--quiet', '--', 'true']], [['-q', 'true']], [['--help']], [['--']], [[]], [['--', '']], [['']]])(
    '%j is for the full run path to read',
    (argv) => {
      expect(defaultRunCommand(argv, {})).toBeUndefined();
    },
  );

  it('every setting variable, set, makes it a full run; set empty it is unset, as the settings read it', () => {
    for (const { env } of RUN_SETTINGS) {
      expect(defaultRunCommand(['true'], { [env]: '1' }), env).toBeUndefined();
      expect(defaultRunCommand(['true'], { [env]: '' }), env).toEqual(['true']);
    }
    // an XRUN_* variable xrun does not know may be one a newer xrun reads: the full path says what it makes of it
    expect(defaultRunCommand(['true'], { XRUN_SOMETHING_NEW: '1' })).toBeUndefined();
  });

  it("what xrun tells its command and hook, the launcher's state and the cache are no settings", () => {
    const told = {
      XRUN_ATTEMPT: '2',
      XRUN_ATTEMPTS: '3',
      XRUN_LAST_CODE: '1',
      XRUN_LAST_SIGNAL: 'SIGTERM',
      XRUN_LAST_CATEGORY: 'failure',
      XRUN_CALLER_STATE: 'closed=0 ignored=0',
      XRUN_CACHE_DIR: '/c',
    };
    expect(defaultRunCommand(['true'], told)).toEqual(['true']);
    // XRUN_ATTEMPTS alone is the caller's own setting (settings/layers.ts)
    expect(defaultRunCommand(['true'], { XRUN_ATTEMPTS: '3' })).toBeUndefined();
    // and none of the others is a setting's variable
    const settingVariables: ReadonlySet<string> = new Set(RUN_SETTINGS.map((row) => row.env));
    for (const name of Object.keys(told))
      if (name !== 'XRUN_ATTEMPTS') expect(settingVariables.has(name), name).toBe(false);
  });

  it('a GitHub step summary to append to, even an empty name, makes it a full run', () => {
    expect(defaultRunCommand(['true'], { GITHUB_STEP_SUMMARY: '/s' })).toBeUndefined();
    expect(defaultRunCommand(['true'], { GITHUB_STEP_SUMMARY: '' })).toBeUndefined();
  });
});
