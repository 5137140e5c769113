import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { optionNames, parseCommandLine } from '../../../src/cli/argv.js';
import { configText } from '../../../src/cli/config.js';
import { DOC_SECTIONS } from '../../../src/cli/readme-sections.js';
import { parseConfig } from '../../../src/settings/config.js';
import { optionHelp } from '../../../src/settings/docs.js';
import { envLayer, flagLayer, planFrom, resolveSettings } from '../../../src/settings/layers.js';
import { buildPlan } from '../../../src/settings/plan.js';
import {
  isNegated,
  type Kind,
  LAUNCHER_VARIABLES,
  limitOf,
  SETTINGS,
  type SettingRow,
} from '../../../src/settings/table.js';
import { UsageError } from '../../../src/settings/usage-error.js';

const rows: readonly SettingRow[] = SETTINGS;
const byKey = rows.map((row) => [row.key, row] as const);
const valued = byKey.filter(([, row]) => row.kind !== 'boolean' && row.key !== 'profile');

function helpText(): string {
  let text = '';
  parseCommandLine(['--help'], { write: (t) => (text += t) });
  return text;
}

// A value of each kind that its parser refuses (undefined: none the environment can carry).
const BAD: Readonly<Record<Kind, { flag: string | boolean; json: unknown } | undefined>> = {
  boolean: undefined,
  count: { flag: '0', json: 0 },
  duration: { flag: 'soon', json: 'soon' },
  size: { flag: 'lots', json: 'lots' },
  signal: { flag: 'NOPE', json: 'NOPE' },
  tool: { flag: 'buck3', json: 'buck3' },
  file: { flag: '', json: '' },
  name: undefined,
  list: { flag: 'bussy', json: 'bussy' },
  map: { flag: 'x', json: 'x' },
  patterns: { flag: '(', json: '(' },
  rules: { flag: '{', json: 'x' },
  choice: { flag: 'sometimes', json: 'sometimes' },
};

describe('the settings table', () => {
  it.each(byKey)('%s has a flag, a variable, help, an example and a meaning, each on one line', (key, row) => {
    expect(row.flag.long).toMatch(/^--[a-z][a-z-]*[a-z]$/);
    expect(row.env).toMatch(/^XRUN_[A-Z][A-Z_]*[A-Z]$/);
    for (const text of [row.help, row.example, row.meaning]) expect(text).toMatch(/^[^\n]+$/);
    // commander stores the flag's value under the setting's key (--no-queue under queue)
    expect(new Option(row.flag.long).attributeName()).toBe(key);
    // a switch takes no value; every other setting does
    expect(row.flag.value === undefined).toBe(row.kind === 'boolean');
    if (row.default.value !== undefined)
      expect(typeof row.default.value).toBe(row.kind === 'boolean' ? 'boolean' : 'string');
    // --no-queue: on unless the flag is given
    if (isNegated(row)) expect([row.kind, row.default.value]).toEqual(['boolean', true]);
  });

  it("each default's text, given, plans as the default does (buildPlan takes a duration or size default as its number)", () => {
    const withDefaults = rows.filter((row) => row.default.value !== undefined);
    expect(withDefaults.filter((row) => row.default.ms !== undefined).map((row) => row.key)).toEqual([
      'killAfter',
      'fleetWindow',
      'fleetCooldown',
      'fleetTimeout',
    ]);
    const base = { fleet: 'redis://r' };
    for (const row of withDefaults)
      expect(buildPlan({ ...base, [row.key]: row.default.value }, ['true']), row.key).toEqual(
        buildPlan(base, ['true']),
      );
  });

  it('a choice lists its words (the only values buildPlan takes), and only a choice does', () => {
    expect(rows.filter((row) => row.kind === 'choice').map((row) => [row.key, row.values])).toEqual([
      ['backoff', ['exponential', 'linear', 'fixed']],
      ['jitter', ['full', 'equal', 'decorrelated', 'none']],
      ['color', ['auto', 'always', 'never']],
    ]);
    expect(rows.filter((row) => row.values !== undefined).map((row) => row.key)).toEqual([
      'backoff',
      'jitter',
      'color',
    ]);
  });

  it('every setting that takes a number has a bound, which --help and docs/options.md say', () => {
    const numeric = rows.filter((row) => ['count', 'duration', 'size'].includes(row.kind) || row.key === 'fleetBudget');
    expect(numeric.length).toBeGreaterThan(10);
    const help = helpText();
    const options = readFileSync(new URL('../../../docs/options.md', import.meta.url), 'utf8');
    for (const row of numeric) {
      const limit = limitOf(row);
      expect(limit, row.key).toMatch(/^(at most|a ratio of at most) /);
      expect(optionHelp(row), row.key).toContain(limit);
      expect(help.replace(/\s+/g, ' '), row.key).toContain(limit);
      const tableRow = options.split('\n').find((line) => line.startsWith(`| \`${row.flag.long} `));
      expect(tableRow, row.key).toContain(`; ${limit} |`);
    }
    expect(rows.filter((row) => limitOf(row) !== undefined)).toEqual(numeric);
  });

  it('every setting has a config key but profile, which selects a part of the config file', () => {
    expect(rows.filter((row) => row.config === 'none').map((row) => row.key)).toEqual(['profile']);
    expect(rows.filter((row) => row.config === 'not-per-tool').map((row) => row.key)).toEqual(['tool']);
  });

  it('names are unique: keys, flags, short flags, variables, and no setting shares a launcher variable', () => {
    const names = [
      rows.map((r) => r.key),
      rows.map((r) => r.flag.long),
      rows.flatMap((r) => r.flag.short ?? []),
      [...rows.map((r) => r.env), ...LAUNCHER_VARIABLES.map((v) => v.name)],
    ];
    for (const list of names) expect(new Set(list).size).toBe(list.length);
  });

  it('the launcher variables are those bin/xrun and the loader of dist/cli.cjs (scripts/cli-loader.cjs) read', () => {
    const launcher = ['../../../bin/xrun', '../../../scripts/cli-loader.cjs']
      .map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'))
      .join('\n');
    expect(new Set(launcher.match(/\bXRUN_[A-Z_]*[A-Z]\b/g))).toEqual(new Set(LAUNCHER_VARIABLES.map((v) => v.name)));
  });

  it('--help lists every flag with its default and example, and every XRUN_* variable', () => {
    const help = helpText();
    for (const row of rows) {
      const flag = `${row.flag.short === undefined ? '' : `${row.flag.short}, `}${row.flag.long}`;
      expect(help).toMatch(new RegExp(`^  ${flag}\\b.*${escapeRegExp(optionHelp(row))}$`, 'm'));
      expect(optionHelp(row)).toMatch(/, e\.g\. /);
    }
    for (const name of [...rows.map((r) => r.env), ...LAUNCHER_VARIABLES.map((v) => v.name)])
      expect(help).toContain(name);
    expect(optionNames()).toEqual([...rows.map((r) => r.flag.long), '--version', '--help']);
  });

  it("docs/options.md's environment paragraph names the table's variables, in its order", () => {
    const named = DOC_SECTIONS['environment']!().match(/\bXRUN_[A-Z_]*[A-Z]\b/g);
    expect(named).toEqual([...rows.map((r) => r.env), ...LAUNCHER_VARIABLES.map((v) => v.name)]);
  });

  it('xrun config lists every setting, the tool and the profile first', () => {
    const resolved = resolveSettings({}, {}, undefined, ['x']);
    const keys = configText(resolved, planFrom(resolved, ['x']), false)
      .split('\n')
      .slice(2, 2 + rows.length)
      .map((line) => line.split(' ')[0]);
    expect(keys).toEqual(['tool', 'profile', ...rows.map((r) => r.key).filter((k) => k !== 'tool' && k !== 'profile')]);
  });

  it.each(byKey.filter(([, row]) => row.default.value !== undefined))(
    '%s: its declared default is what buildPlan uses when it is unset',
    (key, row) => {
      // busy retried, so that the queue's default shows too
      const unset = buildPlan({ retryOn: 'busy' }, ['x']);
      expect(buildPlan({ retryOn: 'busy', [key]: row.default.value }, ['x'])).toEqual(unset);
    },
  );

  it.each(valued)('%s: its example is a valid value', (key, row) => {
    expect(() => buildPlan({ [key]: row.example }, ['x'])).not.toThrow();
  });
});

describe('a bad value is named by where it came from, whichever layer gave it', () => {
  const badRows = valued.filter(([, row]) => BAD[row.kind] !== undefined);

  it.each(badRows)('%s', (key, row) => {
    const bad = BAD[row.kind]!;
    const fromFlag = () => planFrom(resolveSettings(flagLayer({ [key]: bad.flag }), {}, undefined, ['x']), ['x']);
    expect(fromFlag).toThrow(new RegExp(`^${row.flag.long}: `));
    const fromConfig = () =>
      planFrom(resolveSettings({}, {}, parseConfig('c.json', { [key]: bad.json }), ['x']), ['x']);
    expect(fromConfig).toThrow(new RegExp(`^c\\.json: ${key}: `));
    const perTool = { tools: { docker: { [key]: bad.json } } };
    if (row.config === 'anywhere')
      expect(() => planFrom(resolveSettings({}, {}, parseConfig('c.json', perTool), ['docker']), ['docker'])).toThrow(
        new RegExp(`^c\\.json: tools\\.docker\\.${key}: `),
      );
    // the environment cannot carry an empty value: it is unset
    if (bad.flag !== '')
      expect(() =>
        planFrom(resolveSettings({}, envLayer({ [row.env]: String(bad.flag) }), undefined, ['x']), ['x']),
      ).toThrow(new RegExp(`^${row.env}: `));
    for (const make of [fromFlag, fromConfig]) expect(make).toThrow(UsageError);
  });

  it.each(byKey.filter(([, row]) => row.kind === 'boolean'))(
    '%s: a bad switch in the environment or the config',
    (key, row) => {
      expect(() => envLayer({ [row.env]: 'maybe' })).toThrow(
        new UsageError(`${row.env}: expected 1, true, yes, 0, false or no, got 'maybe'`),
      );
      expect(() => parseConfig('c.json', { [key]: 'yes' })).toThrow(
        new UsageError(`c.json: ${key}: expected true or false, got "yes"`),
      );
    },
  );

  it('XRUN_STDIN_BUFFER names itself (it used to be reported as --stdin-buffer)', () => {
    expect(() =>
      planFrom(resolveSettings({}, envLayer({ XRUN_STDIN_BUFFER: 'lots' }), undefined, ['x']), ['x']),
    ).toThrow(new UsageError("XRUN_STDIN_BUFFER: 'lots' is not a size (e.g. 16MiB, 512KiB, 0)"));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
