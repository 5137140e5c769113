import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { optionNames, subcommandOptionNames } from '../../src/cli/argv.js';
import { SUBCOMMANDS } from '../../src/cli/subcommands.js';
import { README_SECTIONS, sectionOf } from '../../src/cli/readme-sections.js';
import { LAUNCHER_VARIABLES, SETTINGS } from '../../src/settings/table.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

it.each(Object.entries(README_SECTIONS))("README's %s section is the generated one (node scripts/readme-tables.mjs)", (name, generate) => {
  expect(sectionOf(readme, name)).toBe(`${generate()}\n`);
});

it('README documents every option', () => {
  expect(optionNames().length).toBeGreaterThanOrEqual(16);
  for (const option of optionNames()) expect(readme).toMatch(new RegExp(`^\\| (\`-\\w\`, )?\`${option}\\b`, 'm'));
});

it('README documents every subcommand, its own options, every XRUN_* variable and every config key', () => {
  for (const subcommand of SUBCOMMANDS) expect(readme).toMatch(new RegExp(`^\\| \`xrun ${subcommand}\\b`, 'm'));
  expect(subcommandOptionNames()).toEqual(['--json']);
  for (const option of subcommandOptionNames()) expect(readme).toMatch(new RegExp(`^\\| \`${option}\\b`, 'm'));
  for (const { env } of SETTINGS) expect(readme).toContain(`\`${env}\``);
  const configKeys = SETTINGS.filter((row) => row.config !== 'none').map((row) => row.key);
  for (const key of [...configKeys, 'tools', 'profiles']) expect(readme).toMatch(new RegExp(`^\\| [^|]*\`${key}\``, 'm'));
});

it("every XRUN_* variable the README names anywhere is a setting's or the launcher's", () => {
  // what xrun adds to the command's environment (XRUN_ATTEMPTS is also a setting's) and the --on-retry hook's
  const given = ['XRUN_ATTEMPT', 'XRUN_LAST_CODE', 'XRUN_LAST_SIGNAL', 'XRUN_LAST_CATEGORY'];
  const known = new Set<string>([...SETTINGS.map((row) => row.env), ...LAUNCHER_VARIABLES.map((v) => v.name), ...given]);
  const named = new Set(readme.match(/\bXRUN_[A-Z_]*[A-Z]\b/g));
  expect([...named].filter((name) => !known.has(name))).toEqual([]);
  expect([...known].filter((name) => !named.has(name))).toEqual([]);
});

it("README's explain example is the real output", () => {
  const golden = readFileSync(new URL('../golden/explain-4-buck2-retry-busy.txt', import.meta.url), 'utf8');
  expect(readme).toContain(`$ xrun explain 4 --tool buck2 --retry-busy\n${golden}\`\`\``);
});
