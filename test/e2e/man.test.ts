import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { programs } from '../../src/cli/argv.js';
import { SUBCOMMANDS } from '../../src/cli/subcommands.js';
import { LAUNCHER_VARIABLES, SETTINGS } from '../../src/settings/table.js';

// written by npm run build (scripts/man.mjs)
const PAGE = fileURLToPath(new URL('../../man/xrun.1', import.meta.url));
const ENV = { ...process.env, MANWIDTH: '100', LC_ALL: 'C.UTF-8', MAN_KEEP_FORMATTING: '' };

// The page as man shows it, without its bold and underlining.
function rendered(): string {
  return execFileSync('man', ['-l', PAGE], { env: ENV, encoding: 'utf8' }).replace(/.\x08/g, '');
}

describe('the man page xrun(1)', () => {
  it('groff renders it with every warning on and prints none', () => {
    const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', PAGE], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
  });

  it('man -l renders it without a word on stderr', () => {
    const r = spawnSync('man', ['-l', PAGE], { env: ENV, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^XRUN\(1\) +User Commands +XRUN\(1\)\n/);
  });

  it('has every option of every program, every subcommand and every variable, each in its section', () => {
    const text = rendered();
    const section = (name: string) => text.split(new RegExp(`^${name}$`, 'm'))[1]!.split(/^[A-Z][A-Z ]+$/m)[0]!;
    const options = section('OPTIONS');
    for (const row of SETTINGS)
      expect(options).toMatch(
        new RegExp(`^ {7}${'short' in row.flag ? `${row.flag.short}, ` : ''}${row.flag.long}\\b`, 'm'),
      );
    expect(options).toMatch(/^ {7}-V, --version$/m);
    expect(options).toMatch(/^ {7}-h, --help$/m);
    const subcommands = section('SUBCOMMANDS');
    for (const name of SUBCOMMANDS) expect(subcommands).toMatch(new RegExp(`^ {7}xrun ${name}\\b`, 'm'));
    const all = programs();
    for (const name of SUBCOMMANDS)
      for (const o of all[name].options.filter(
        (o) => !SETTINGS.some((row) => row.flag.long === o.long && o.description.startsWith(row.help)),
      ))
        expect(subcommands).toMatch(new RegExp(`^ {7}xrun ${name} ${o.long}\\b`, 'm'));
    const environment = section('ENVIRONMENT');
    for (const name of [
      ...SETTINGS.map((r) => r.env),
      'NO_COLOR',
      'FORCE_COLOR',
      ...LAUNCHER_VARIABLES.map((v) => v.name),
    ])
      expect(environment).toMatch(new RegExp(`^ {7}${name}$`, 'm'));
    for (const heading of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'FILES', 'EXIT STATUS', 'EXAMPLES', 'SEE ALSO'])
      expect(text).toMatch(new RegExp(`^${heading}$`, 'm'));
  });

  it("each option says what docs/options.md's options table says, and its default", () => {
    const text = rendered().replace(/\s+/g, ' ');
    expect(text).toContain('--kill-after duration grace period between a stop signal xrun sends');
    expect(text).toContain('Default: 10s.');
    expect(text).toContain('--map FROM=TO[,...] remap the final code afterwards');
    expect(text).toContain('(see Categories in docs/models.md)');
  });

  it('is named in package.json "man"', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      man: string[];
      files: string[];
    };
    expect(pkg.man).toEqual(['./man/xrun.1']);
    expect(pkg.files).toContain('man');
  });
});
