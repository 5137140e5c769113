import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_SECTIONS, sectionOf, withSections } from '../../../src/cli/readme-sections.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const NAMES = ['options', 'config-keys', 'environment', 'model-tables'];

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

describe('withSections: every section regenerated', () => {
  it('the generated parts are the options, config keys, environment and the model tables', () => {
    expect(Object.keys(README_SECTIONS)).toEqual(NAMES);
  });

  it('replaces stale sections and leaves the rest of the text alone', () => {
    const stale = NAMES.map((name) => `## ${name}\n<!-- ${name}:begin -->\nold ${name}\n<!-- ${name}:end -->\n`).join('text between\n');
    const expected = NAMES.map((name) => `## ${name}\n<!-- ${name}:begin -->\n${README_SECTIONS[name]!()}\n<!-- ${name}:end -->\n`).join('text between\n');
    expect(withSections(stale)).toBe(expected);
    expect(withSections(expected)).toBe(expected);
  });

  it("regenerates the README's emptied sections to the README as it is", () => {
    const emptied = NAMES.reduce((text, name) => text.replace(`<!-- ${name}:begin -->\n${sectionOf(text, name)}`, `<!-- ${name}:begin -->\n`), readme);
    expect(emptied.length).toBeLessThan(readme.length);
    expect(withSections(emptied)).toBe(readme);
  });

  it('throws when a section has no markers', () => {
    const withoutEnvironment = readme.replace('<!-- environment:begin -->\n', '');
    expect(() => withSections(withoutEnvironment)).toThrow(new Error('README.md has no <!-- environment:begin --> ... <!-- environment:end --> markers'));
  });
});
