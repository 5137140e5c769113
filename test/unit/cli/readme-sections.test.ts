import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_SECTIONS, SECTION_PAGES, sectionOf, withSections } from '../../../src/cli/readme-sections.js';

const NAMES = ['options', 'config-keys', 'environment', 'model-tables'];
const page = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('sectionOf: the text between the markers', () => {
  it.each<[string, string, string | undefined]>([
    ['intro\n<!-- x:begin -->\none\ntwo\n<!-- x:end -->\nrest\n', 'x', 'one\ntwo\n'],
    ['<!-- x:begin -->\n<!-- x:end -->', 'x', ''],
    // the begin marker ends its line; another section's markers are not this one's
    ['<!-- x:begin --> one\n<!-- x:end -->', 'x', undefined],
    ['<!-- y:begin -->\none\n<!-- y:end -->', 'x', undefined],
    ['no markers', 'x', undefined],
    // no end marker: the rest
    ['<!-- x:begin -->\nall the rest', 'x', 'all the rest'],
  ])('%j, section %s -> %j', (text, name, section) => {
    expect(sectionOf(text, name)).toBe(section);
  });
});

describe('withSections: the named sections regenerated', () => {
  it('the generated parts are the options, config keys, environment and the model tables, each in one page', () => {
    expect(Object.keys(DOC_SECTIONS)).toEqual(NAMES);
    expect(Object.values(SECTION_PAGES).flat().sort()).toEqual([...NAMES].sort());
  });

  it('replaces stale sections and leaves the rest of the text alone', () => {
    const stale = NAMES.map((name) => `## ${name}\n<!-- ${name}:begin -->\nold ${name}\n<!-- ${name}:end -->\n`).join(
      'text between\n',
    );
    const expected = NAMES.map(
      (name) => `## ${name}\n<!-- ${name}:begin -->\n${DOC_SECTIONS[name]!()}\n<!-- ${name}:end -->\n`,
    ).join('text between\n');
    expect(withSections(stale, 'x.md', NAMES)).toBe(expected);
    expect(withSections(expected, 'x.md', NAMES)).toBe(expected);
  });

  it('leaves the sections it is not asked for alone', () => {
    const text =
      '<!-- options:begin -->\nold\n<!-- options:end -->\n<!-- environment:begin -->\nold\n<!-- environment:end -->\n';
    expect(withSections(text, 'x.md', ['environment'])).toBe(
      `<!-- options:begin -->\nold\n<!-- options:end -->\n<!-- environment:begin -->\n${DOC_SECTIONS['environment']!()}\n<!-- environment:end -->\n`,
    );
  });

  it.each(Object.entries(SECTION_PAGES))("regenerates %s's emptied sections to the page as it is", (path, names) => {
    const text = page(path);
    const emptied = names.reduce(
      (t, name) => t.replace(`<!-- ${name}:begin -->\n${sectionOf(t, name)}`, `<!-- ${name}:begin -->\n`),
      text,
    );
    expect(emptied.length).toBeLessThan(text.length);
    expect(withSections(emptied, path, names)).toBe(text);
  });

  it('throws, naming the page, when a section has no markers', () => {
    const withoutEnvironment = page('docs/options.md').replace('<!-- environment:begin -->\n', '');
    expect(() => withSections(withoutEnvironment, 'docs/options.md', ['environment'])).toThrow(
      new Error('docs/options.md has no <!-- environment:begin --> ... <!-- environment:end --> markers'),
    );
    expect(() => withSections('', 'x.md', ['nonesuch'])).toThrow(new Error('no generated section is named nonesuch'));
  });
});
