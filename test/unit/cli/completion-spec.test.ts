import { describe, expect, it } from 'vitest';
import { SHELLS } from '../../../src/cli/argv.js';
import { bashScript } from '../../../src/cli/completion/bash.js';
import { fishScript } from '../../../src/cli/completion/fish.js';
import { completionSpec } from '../../../src/cli/completion/spec.js';
import { shellWord, valuedOptions } from '../../../src/cli/completion/words.js';
import { zshScript } from '../../../src/cli/completion/zsh.js';
import { SUBCOMMANDS } from '../../../src/cli/subcommands.js';
import { CATEGORIES } from '../../../src/model/categories.js';
import { TOOL_NAMES } from '../../../src/model/tools/types.js';
import { SETTINGS, type SettingRow } from '../../../src/settings/table.js';

const spec = completionSpec();
const rows: readonly SettingRow[] = SETTINGS;

describe('the completion spec is read off the settings table and the programs', () => {
  it('the run path: every setting, then --version and --help; its words are a subcommand or a command', () => {
    expect(spec.run.options.map((o) => o.long)).toEqual([...rows.map((r) => r.flag.long), '--version', '--help']);
    expect(spec.run.args).toEqual({ kind: 'command' });
  });

  it.each(rows.map((row) => [row.key, row] as const))('%s: its help line, and its values by its kind', (_key, row) => {
    const option = spec.run.options.find((o) => o.long === row.flag.long)!;
    expect(option.help).toBe(row.help);
    expect(option.short).toBe(row.flag.short);
    if (row.kind === 'boolean') return expect(option.value).toBeUndefined();
    const expected = {
      tool: { kind: 'words', words: TOOL_NAMES, list: false },
      list: { kind: 'words', words: CATEGORIES.filter((c) => c !== 'success'), list: true },
      file: { kind: 'file' },
      choice: { kind: 'words', words: row.values, list: false },
      signal: { kind: 'words', words: expect.arrayContaining(['TERM', 'INT', 'KILL', 'HUP', 'USR1']), list: false },
    }[row.kind as string] ?? { kind: 'none' };
    expect(option.value).toEqual(expected);
  });

  it('the subcommands, their own options and arguments', () => {
    expect(spec.subcommands.map((s) => s.name)).toEqual([...SUBCOMMANDS]);
    const byName = Object.fromEntries(spec.subcommands.map((s) => [s.name, s]));
    expect(byName['codes']!.options.map((o) => o.long)).toEqual(['--tool', '--json', '--help']);
    expect(byName['completion']!.args).toEqual({ kind: 'words', words: SHELLS, list: false });
    expect(byName['config']!.args).toEqual({ kind: 'command' });
    expect(byName['explain']!.args).toEqual({ kind: 'none' });
    // explain's --signal is its own option (what to explain) with the signals as values
    const signal = byName['explain']!.options.find((o) => o.long === '--signal')!;
    expect(signal.help).toBe('explain a death by this signal instead of an exit code');
    expect(signal.value).toMatchObject({ kind: 'words', words: expect.arrayContaining(['KILL']) });
  });

  it('one set of values per long option, whichever context has it', () => {
    const longs = valuedOptions(spec).map(([long]) => long);
    expect(new Set(longs).size).toBe(longs.length);
    expect(longs).toEqual(expect.arrayContaining(rows.filter((r) => r.kind !== 'boolean').map((r) => r.flag.long)));
  });

  it.each([
    ['bash', bashScript],
    ['zsh', zshScript],
    ['fish', fishScript],
  ] as const)('the %s script names every option, every subcommand and every value word', (_shell, script) => {
    const text = script(spec, '9.9.9');
    expect(text).toContain('xrun 9.9.9');
    for (const context of [spec.run, ...spec.subcommands])
      for (const o of context.options) expect(text).toContain(o.long.slice(2));
    for (const name of SUBCOMMANDS) expect(text).toContain(name);
    for (const word of [...TOOL_NAMES, ...CATEGORIES.filter((c) => c !== 'success'), 'always', 'never', 'KILL'])
      expect(text).toContain(word);
  });

  it('a value word that would need quoting is refused rather than written', () => {
    expect(shellWord('rate-limit')).toBe('rate-limit');
    expect(() => shellWord("it's")).toThrow("completion: 'it's' cannot be written into a completion script unquoted");
    expect(() => shellWord('a b')).toThrow();
  });
});
