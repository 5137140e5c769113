// The README's generated parts, each between `<!-- NAME:begin -->` and `<!-- NAME:end -->`: the settings'
// tables and the exit-code model's. scripts/readme-tables.mjs writes them; test/unit/readme.test.ts
// keeps README.md identical to them. Pure.
import { categoriesMarkdown, codesMarkdown } from '../model/codes-table.js';
import { models } from '../model/tools/index.js';
import { configKeysMarkdown, environmentMarkdown, optionsMarkdown } from '../settings/docs.js';

export const README_SECTIONS: Readonly<Record<string, () => string>> = {
  options: optionsMarkdown,
  'config-keys': configKeysMarkdown,
  environment: environmentMarkdown,
  'model-tables': modelTablesMarkdown,
};

function modelTablesMarkdown(): string {
  const tools = Object.values(models).flatMap((m) => [`\n### ${m.title} (\`--tool ${m.tool}\`)\n`, codesMarkdown(m)]);
  return ['### Categories\n', categoriesMarkdown(), ...tools].join('\n');
}

// The text between a section's markers, or undefined if `readme` lacks them.
export function sectionOf(readme: string, name: string): string | undefined {
  const [, after] = readme.split(`<!-- ${name}:begin -->\n`);
  return after?.split(`<!-- ${name}:end -->`)[0];
}

// `readme` with every section regenerated; throws if a section's markers are missing.
export function withSections(readme: string): string {
  let text = readme;
  for (const [name, generate] of Object.entries(README_SECTIONS)) {
    const old = sectionOf(text, name);
    if (old === undefined) throw new Error(`README.md has no <!-- ${name}:begin --> ... <!-- ${name}:end --> markers`);
    text = text.replace(`<!-- ${name}:begin -->\n${old}<!-- ${name}:end -->`, () => `<!-- ${name}:begin -->\n${generate()}\n<!-- ${name}:end -->`);
  }
  return text;
}
