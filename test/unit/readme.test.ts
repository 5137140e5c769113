import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { optionNames, subcommandOptionNames, SUBCOMMANDS } from '../../src/command-line.js';
import { CONFIG_KEYS } from '../../src/config.js';
import { envNameOf, SETTING_KEYS } from '../../src/settings.js';
import { categoriesMarkdown, codesMarkdown } from '../../src/codes-table.js';
import { models } from '../../src/models/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

it("README's model tables are the model's", () => {
  const expected = [
    '### Categories\n',
    categoriesMarkdown(),
    ...Object.values(models).flatMap((m) => [`\n### ${m.title} (\`--tool ${m.tool}\`)\n`, codesMarkdown(m)]),
  ].join('\n');
  const between = readme.split('<!-- model-tables:begin -->\n')[1]!.split('<!-- model-tables:end -->')[0]!;
  expect(between).toBe(`${expected}\n`);
});

it('README documents every option', () => {
  expect(optionNames().length).toBeGreaterThanOrEqual(16);
  for (const option of optionNames()) expect(readme).toMatch(new RegExp(`^\\| (\`-\\w\`, )?\`${option}\\b`, 'm'));
});

it("README documents every subcommand, its own options, every XRUN_* variable and every config key", () => {
  for (const subcommand of SUBCOMMANDS) expect(readme).toMatch(new RegExp(`^\\| \`xrun ${subcommand}\\b`, 'm'));
  expect(subcommandOptionNames()).toEqual(['--json']);
  for (const option of subcommandOptionNames()) expect(readme).toMatch(new RegExp(`^\\| \`${option}\\b`, 'm'));
  for (const key of SETTING_KEYS) expect(readme).toContain(`\`${envNameOf(key)}\``);
  for (const key of [...Object.keys(CONFIG_KEYS), 'tools', 'profiles']) expect(readme).toMatch(new RegExp(`^\\| [^|]*\`${key}\``, 'm'));
});

it("README's explain example is the real output", () => {
  const golden = readFileSync(new URL('../golden/explain-4-buck2-retry-busy.txt', import.meta.url), 'utf8');
  expect(readme).toContain(`$ xrun explain 4 --tool buck2 --retry-busy\n${golden}\`\`\``);
});
