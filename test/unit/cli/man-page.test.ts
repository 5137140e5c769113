import { describe, expect, it } from 'vitest';
import { programs } from '../../../src/cli/argv.js';
import { manPage } from '../../../src/cli/man-page.js';
import { SUBCOMMANDS } from '../../../src/cli/subcommands.js';
import { isNegated, SETTINGS } from '../../../src/settings/table.js';

const page = manPage('1.2.3', '2026-12-05');
const lines = page.split('\n');

// The lines of section NAME (after its .SH line, up to the next .SH).
function section(name: string): string[] {
  const start = lines.indexOf(`.SH ${name}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('.SH '));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

describe('manPage', () => {
  it('the title line names the date and the version, quotes doubled', () => {
    expect(lines[0]).toBe('.TH XRUN 1 "2026-12-05" "xrun 1.2.3" "User Commands"');
    expect(manPage('2"b', 'x"y').split('\n')[0]).toBe('.TH XRUN 1 "x""y" "xrun 2""b" "User Commands"');
  });

  it('the sections in order, the page ending with a newline', () => {
    expect(lines.filter((l) => l.startsWith('.SH '))).toEqual([
      '.SH NAME',
      '.SH SYNOPSIS',
      '.SH DESCRIPTION',
      '.SH OPTIONS',
      '.SH SUBCOMMANDS',
      '.SH ENVIRONMENT',
      '.SH FILES',
      '.SH EXIT STATUS',
      '.SH EXAMPLES',
      '.SH SEE ALSO',
    ]);
    expect(
      page.endsWith('the README and docs/ of the xrun package (every behaviour, the exit-code model of each tool).\n'),
    ).toBe(true);
  });

  it("NAME: the run program's description, its first letter lowered and its final period dropped", () => {
    const description = programs()[''].description();
    expect(description.endsWith('.')).toBe(true);
    expect(section('NAME')).toEqual([`xrun \\- ${description[0]!.toLowerCase()}${description.slice(1, -1)}`]);
  });

  it('SYNOPSIS: the run form, then each subcommand with its usage, dashes as minus signs', () => {
    const synopsis = section('SYNOPSIS');
    expect(synopsis.slice(0, 2)).toEqual([
      '.B xrun',
      '[\\fIoptions\\fR] [\\fB\\-\\-\\fR] \\fIcommand\\fR [\\fIargs\\fR ...]',
    ]);
    expect(synopsis.filter((l) => l.startsWith('.B xrun ')).map((l) => l.slice('.B xrun '.length))).toEqual([
      ...SUBCOMMANDS,
    ]);
    expect(synopsis[synopsis.indexOf('.B xrun config') + 1]).toBe('[run options] [\\-\\- command [args...]]');
  });

  it('every line that starts with . is a man macro: no text line turns into a request', () => {
    const requests = new Set(lines.filter((l) => /^[.']/.test(l)).map((l) => l.split(' ')[0]));
    expect([...requests].sort()).toEqual(['.B', '.BR', '.PP', '.SH', '.TH', '.TP', '.br', '.fi', '.nf']);
  });

  it('every backslash is an escape roff knows (font, minus, backslash, zero-width)', () => {
    expect(page.match(/\\(?![fe&-])/g)).toBeNull();
    expect(page.match(/\\f(?![BIR])/g)).toBeNull();
  });

  it('OPTIONS: one entry per setting, then --version and --help', () => {
    const options = section('OPTIONS');
    expect(options.filter((l) => l === '.TP')).toHaveLength(SETTINGS.length + 2);
    expect(options.slice(-6)).toEqual([
      '.TP',
      '.BR \\-V ", " \\-\\-version',
      'print the version',
      '.TP',
      '.BR \\-h ", " \\-\\-help',
      'list every option with a one-line meaning and an example',
    ]);
  });

  it('an option entry: its flags (short first), its value in italics, its meaning, its default', () => {
    const options = section('OPTIONS');
    expect(options).toContain('\\fB\\-q\\fR, \\fB\\-\\-quiet\\fR');
    const at = options.indexOf('\\fB\\-\\-attempts\\fR \\fIn\\fR');
    expect(at).toBeGreaterThan(0);
    expect(options[at - 1]).toBe('.TP');
    expect(options[at + 2]).toBe('.br');
    expect(options[at + 3]).toMatch(/^Default: .+\.$/);
  });

  it("SUBCOMMANDS: only a subcommand's own options, not the settings it shares", () => {
    expect(section('SUBCOMMANDS').filter((l) => l.startsWith('\\fBxrun '))).toEqual([
      '\\fBxrun explain\\fR \\fB\\-\\-signal\\fR \\fIname\\fR',
      '\\fBxrun codes\\fR \\fB\\-\\-tool\\fR \\fIname\\fR',
      '\\fBxrun codes\\fR \\fB\\-\\-json\\fR',
      '\\fBxrun fleet\\fR \\fB\\-\\-fleet\\fR \\fIurl\\fR',
      '\\fBxrun fleet\\fR \\fB\\-\\-json\\fR',
    ]);
  });

  it("ENVIRONMENT: each setting's variable, a negated one's 0 said so; then the colour variables", () => {
    const environment = section('ENVIRONMENT');
    for (const row of SETTINGS) {
      const at = environment.indexOf(`.B ${row.env}`);
      const flag = `\\fB${row.flag.long.replaceAll('-', '\\-')}\\fR`;
      expect(environment[at + 1]).toBe(isNegated(row) ? `\\fB0\\fR is ${flag}` : `as ${flag}`);
    }
    expect(SETTINGS.some(isNegated)).toBe(true);
    expect(environment).toContain('.B NO_COLOR');
    expect(environment).toContain('.B FORCE_COLOR');
  });

  it('EXAMPLES: each in a no-fill block', () => {
    const examples = section('EXAMPLES');
    expect(examples.length % 4).toBe(0);
    for (let i = 0; i < examples.length; i += 4) {
      expect([examples[i], examples[i + 1], examples[i + 3]]).toEqual(['.PP', '.nf', '.fi']);
    }
  });
});
