// The docs' generated parts, each between `<!-- NAME:begin -->` and `<!-- NAME:end -->` in the page that
// holds it: the settings' tables (docs/options.md) and the exit-code model's (docs/models.md).
// scripts/readme-tables.mjs writes them; test/unit/readme.test.ts keeps the pages identical to them. Pure.
import { categoriesMarkdown, codesMarkdown } from '../model/codes-table.js';
import { models } from '../model/tools/index.js';
import { configKeysMarkdown, environmentMarkdown, optionsMarkdown } from '../settings/docs.js';

export const DOC_SECTIONS: Readonly<Record<string, () => string>> = {
  options: optionsMarkdown,
  'config-keys': configKeysMarkdown,
  environment: environmentMarkdown,
  'model-tables': modelTablesMarkdown,
};

// Which page (a path from the repository's root) holds which sections.
export const SECTION_PAGES: Readonly<Record<string, readonly string[]>> = {
  'docs/options.md': ['options', 'config-keys', 'environment'],
  'docs/models.md': ['model-tables'],
};

function modelTablesMarkdown(): string {
  const tools = Object.values(models).flatMap((m) => [`\n### ${m.title} (\`--tool ${m.tool}\`)\n`, codesMarkdown(m)]);
  return ['### Categories\n', categoriesMarkdown(), ...tools].join('\n');
}

// The text between a section's markers, or undefined if `page` lacks them.
export function sectionOf(page: string, name: string): string | undefined {
  const [, after] = page.split(`<!-- ${name}:begin -->\n`);
  return after?.split(`<!-- ${name}:end -->`)[0];
}

// `page` (named `path` in errors) with the sections `names` regenerated; throws if a section's markers are missing.
export function withSections(page: string, path: string, names: readonly string[]): string {
  let text = page;
  for (const name of names) {
    const generate = DOC_SECTIONS[name];
    if (generate === undefined) throw new Error(`no generated section is named ${name}`);
    const old = sectionOf(text, name);
    if (old === undefined) throw new Error(`${path} has no <!-- ${name}:begin --> ... <!-- ${name}:end --> markers`);
    text = text.replace(
      `<!-- ${name}:begin -->\n${old}<!-- ${name}:end -->`,
      () => `<!-- ${name}:begin -->\n${generate()}\n<!-- ${name}:end -->`,
    );
  }
  return text;
}
