import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { programs, SHELLS } from '../../../../src/cli/argv.js';
import { completionSpec } from '../../../../src/cli/completion/spec.js';
import { SUBCOMMANDS } from '../../../../src/cli/subcommands.js';
import { TOOL_NAMES } from '../../../../src/model/tools/types.js';
import { SETTINGS } from '../../../../src/settings/table.js';

const spec = completionSpec();
const byName = Object.fromEntries(spec.subcommands.map((c) => [c.name, c]));
const optionOf = (context: { options: readonly { long: string }[] }, long: string) =>
  context.options.find((o) => o.long === long);

describe('completionSpec: the contexts', () => {
  it('the run path is named "" and each subcommand by its name, in SUBCOMMANDS order', () => {
    expect(spec.run.name).toBe('');
    expect(spec.subcommands.map((c) => c.name)).toEqual([...SUBCOMMANDS]);
  });

  it("each context's help is its program's description", () => {
    const all = programs();
    expect(spec.run.help).toBe(all[''].description());
    for (const name of SUBCOMMANDS) expect(byName[name]!.help).toBe(all[name].description());
  });

  it('what each context completes after its options', () => {
    expect(Object.fromEntries(spec.subcommands.map((c) => [c.name, c.args]))).toEqual({
      explain: { kind: 'none' },
      codes: { kind: 'none' },
      config: { kind: 'command' },
      completion: { kind: 'words', words: [...SHELLS], list: false },
      fleet: { kind: 'none' },
    });
  });

  it('every context ends with --help (-h, "show this help"), a switch; only the run path has --version', () => {
    for (const context of [spec.run, ...spec.subcommands])
      expect(context.options.at(-1)).toEqual({ long: '--help', short: '-h', help: 'show this help' });
    expect(optionOf(spec.run, '--version')).toEqual({ long: '--version', short: '-V', help: 'print the version' });
    for (const context of spec.subcommands) expect(optionOf(context, '--version')).toBeUndefined();
  });
});

describe('completionSpec: option values', () => {
  it("a setting's switch has no value; a setting's free value completes to nothing", () => {
    const booleans = SETTINGS.filter((r) => r.kind === 'boolean');
    expect(booleans.length).toBeGreaterThan(0);
    for (const row of booleans) expect(optionOf(spec.run, row.flag.long)).not.toHaveProperty('value');
    const attempts = SETTINGS.find((r) => r.flag.long === '--attempts')!;
    expect(attempts.kind).not.toBe('boolean');
    expect(spec.run.options.find((o) => o.long === '--attempts')!.value).toEqual({ kind: 'none' });
  });

  it('signals are named without SIG, every one this platform knows, in its order', () => {
    const signal = spec.run.options.find((o) => o.long === '--signal')!;
    expect(signal.value).toEqual({
      kind: 'words',
      words: Object.keys(constants.signals).map((n) => n.slice(3)),
      list: false,
    });
    expect(Object.keys(constants.signals).every((n) => n.startsWith('SIG'))).toBe(true);
  });

  it("a subcommand's own option not worded as the setting keeps its own help, with the setting's values", () => {
    const tool = byName['codes']!.options.find((o) => o.long === '--tool')!;
    expect(tool.help).not.toBe(SETTINGS.find((r) => r.flag.long === '--tool')!.help);
    expect(tool.value).toEqual({ kind: 'words', words: TOOL_NAMES, list: false });
  });

  it('an option of no setting with no value is a switch (codes --json)', () => {
    const json = byName['codes']!.options.find((o) => o.long === '--json')!;
    expect(Object.keys(json).sort()).toEqual(['help', 'long']);
  });

  it('the run and config share the settings: the same options with the same values, config without --version', () => {
    const strip = (o: object) => JSON.stringify(o);
    expect(byName['config']!.options.map(strip)).toEqual(
      spec.run.options.filter((o) => o.long !== '--version').map(strip),
    );
  });
});
