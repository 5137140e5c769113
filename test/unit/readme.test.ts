import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { optionNames } from '../../src/command-line.js';
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
