import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optionNames, subcommandOptionNames } from '../../src/cli/argv.js';
import { DOC_SECTIONS, SECTION_PAGES, sectionOf } from '../../src/cli/readme-sections.js';
import { SUBCOMMANDS } from '../../src/cli/subcommands.js';
import { LAUNCHER_VARIABLES, SETTINGS } from '../../src/settings/table.js';

// README.md and the docs/ pages it points to, read from the repository's root
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const PAGES = [
  'README.md',
  ...readdirSync(new URL('../../docs', import.meta.url))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const options = read('docs/options.md');
const subcommands = read('docs/subcommands.md');

describe.each(Object.entries(SECTION_PAGES))('%s', (path, names) => {
  it.each(names)('its %s section is the generated one (node scripts/readme-tables.mjs)', (name) => {
    expect(sectionOf(read(path), name)).toBe(`${DOC_SECTIONS[name]!()}\n`);
  });
});

it('README.md is at most 300 lines', () => {
  expect(read('README.md').split('\n').length - 1).toBeLessThanOrEqual(300);
});

it('docs/options.md documents every option', () => {
  expect(optionNames().length).toBeGreaterThanOrEqual(16);
  for (const option of optionNames()) expect(options).toMatch(new RegExp(`^\\| (\`-\\w\`, )?\`${option}\\b`, 'm'));
});

it('docs/subcommands.md documents every subcommand and its own options; docs/options.md every XRUN_* variable and config key', () => {
  for (const subcommand of SUBCOMMANDS) expect(subcommands).toMatch(new RegExp(`^\\| \`xrun ${subcommand}\\b`, 'm'));
  expect(subcommandOptionNames()).toEqual(['--json']);
  for (const option of subcommandOptionNames()) expect(subcommands).toMatch(new RegExp(`^\\| \`${option}\\b`, 'm'));
  for (const { env } of SETTINGS) expect(options).toContain(`\`${env}\``);
  const configKeys = SETTINGS.filter((row) => row.config !== 'none').map((row) => row.key);
  for (const key of [...configKeys, 'tools', 'profiles'])
    expect(options).toMatch(new RegExp(`^\\| [^|]*\`${key}\``, 'm'));
});

it("every XRUN_* variable README.md or docs/ names is a setting's or the launcher's, and each is named", () => {
  // what xrun adds to the command's environment (XRUN_ATTEMPTS is also a setting's) and the --on-retry hook's
  const given = ['XRUN_ATTEMPT', 'XRUN_LAST_CODE', 'XRUN_LAST_SIGNAL', 'XRUN_LAST_CATEGORY'];
  const known = new Set<string>([
    ...SETTINGS.map((row) => row.env),
    ...LAUNCHER_VARIABLES.map((v) => v.name),
    ...given,
  ]);
  const named = new Set(PAGES.flatMap((path) => read(path).match(/\bXRUN_[A-Z_]*[A-Z]\b/g) ?? []));
  expect([...named].filter((name) => !known.has(name))).toEqual([]);
  expect([...known].filter((name) => !named.has(name))).toEqual([]);
});

it("docs/subcommands.md's explain example is the real output", () => {
  const golden = read('test/golden/explain-4-buck2-retry-busy.txt');
  expect(subcommands).toContain(`$ xrun explain 4 --tool buck2 --retry-busy\n${golden}\`\`\``);
});

// A page's text outside its fenced code blocks.
const prose = (text: string) => text.replace(/^```[\s\S]*?^```$/gm, '');
// GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes (a repeat gains -1, -2, ...).
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  return new Set(
    [...prose(text).matchAll(/^#+ (.+)$/gm)].map((m) => {
      const base = m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\- _]/gu, '')
        .replaceAll(' ', '-');
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return n === 0 ? base : `${base}-${n}`;
    }),
  );
}

it.each(PAGES)('every relative link of %s leads to a file, and to a heading of it', (path) => {
  const dir = new URL(`../../${path}`, import.meta.url);
  const broken = [...prose(read(path)).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/.test(target))
    .filter((target) => {
      const [file, anchor] = target.split('#');
      const url = new URL(file || path.split('/').pop()!, dir);
      if (!existsSync(url)) return true;
      return anchor !== undefined && !anchors(readFileSync(url, 'utf8')).has(anchor);
    });
  expect(broken).toEqual([]);
});
