// The man page xrun(1), in roff (the man macros), from what --help and docs/options.md's tables are made
// of: the settings table and its docs, the commander programs, --help's epilogue. scripts/man.mjs
// writes it at build time into man/xrun.1. Pure.
import { defaultShown } from '../settings/docs.js';
import { isNegated, LAUNCHER_VARIABLES, SETTINGS, type SettingRow } from '../settings/table.js';
import { HELP_CONFIG, HELP_EXAMPLES, HELP_EXIT_STATUS, HELP_SUBCOMMANDS, programs } from './argv.js';
import { SUBCOMMANDS } from './subcommands.js';

export function manPage(version: string, date: string): string {
  const all = programs();
  const lines = [
    `.TH XRUN 1 ${quotedArg(date)} ${quotedArg(`xrun ${version}`)} "User Commands"`,
    ...headSections(all),
    ...SUBCOMMANDS.flatMap((name) => subcommandOptions(name, all[name].options)),
    ...tailSections(),
  ];
  return `${lines.join('\n')}\n`;
}

// NAME to SUBCOMMANDS: what xrun is, how it is called, its options and subcommands.
function headSections(all: ReturnType<typeof programs>): string[] {
  return [
    '.SH NAME',
    `xrun \\- ${text(
      all['']
        .description()
        .replace(/\.$/, '')
        .replace(/^./, (c) => c.toLowerCase()),
    )}`,
    '.SH SYNOPSIS',
    '.B xrun',
    `[\\fIoptions\\fR] [\\fB\\-\\-\\fR] \\fIcommand\\fR [\\fIargs\\fR ...]`,
    ...SUBCOMMANDS.flatMap((name) => ['.br', `.B xrun ${name}`, text(all[name].usage())]),
    '.SH DESCRIPTION',
    text(all[''].description()),
    'Everything after the first non-option word (or after',
    '.BR \\-\\- )',
    'is the command and its arguments, untouched.',
    '.SH OPTIONS',
    ...SETTINGS.flatMap(optionEntry),
    '.TP',
    '.BR \\-V ", " \\-\\-version',
    'print the version',
    '.TP',
    '.BR \\-h ", " \\-\\-help',
    'list every option with a one-line meaning and an example',
    '.SH SUBCOMMANDS',
    'The first word selects a subcommand; a command named like one runs with',
    '.BR "xrun \\-\\- " \\fINAME\\fR.',
    ...HELP_SUBCOMMANDS.flatMap(([usage, meaning]) => ['.TP', `.B ${text(usage)}`, text(meaning)]),
  ];
}

// ENVIRONMENT to SEE ALSO: the variables, the config file, the exit status, examples.
function tailSections(): string[] {
  return [
    '.SH ENVIRONMENT',
    ...SETTINGS.flatMap((row) => [
      '.TP',
      `.B ${row.env}`,
      isNegated(row) ? `\\fB0\\fR is ${roffFlag(row.flag.long)}` : `as ${roffFlag(row.flag.long)}`,
    ]),
    '.TP',
    '.B NO_COLOR',
    'non-empty: no colour, unless \\fB\\-\\-color always\\fR',
    '.TP',
    '.B FORCE_COLOR',
    'non-empty: colour, unless \\fB0\\fR or \\fBfalse\\fR (below \\fB\\-\\-color\\fR and \\fBNO_COLOR\\fR)',
    ...LAUNCHER_VARIABLES.flatMap((v) => ['.TP', `.B ${v.name}`, markdown(v.meaning)]),
    '.SH FILES',
    ...HELP_CONFIG.split('\n').map(text),
    '.SH EXIT STATUS',
    ...HELP_EXIT_STATUS.split('\n').map(text),
    '.SH EXAMPLES',
    ...HELP_EXAMPLES.flatMap((example) => ['.PP', '.nf', text(example), '.fi']),
    '.SH SEE ALSO',
    '.BR timeout (1),',
    '.BR make (1);',
    'the README and docs/ of the xrun package (every behaviour, the exit-code model of each tool).',
  ];
}

// `.TP` / `.BR \-\-attempts " " \fIn\fR` / what it does / the default.
function optionEntry(row: SettingRow): string[] {
  const { long, short, value, docValue } = row.flag;
  const flags = [...(short === undefined ? [] : [`${roffFlag(short)}, `]), roffFlag(long)].join('');
  const shownValue = value === undefined ? '' : ` \\fI${escaped(docValue ?? value)}\\fR`;
  return ['.TP', `${flags}${shownValue}`, markdown(row.meaning), '.br', `Default: ${markdown(defaultShown(row))}.`];
}

// A subcommand's options that the run path lacks.
function subcommandOptions(
  name: string,
  options: readonly { long?: string; flags: string; description: string }[],
): string[] {
  const own = options.filter(
    (o) => !SETTINGS.some((row) => row.flag.long === o.long && o.description.startsWith(row.help)),
  );
  return own.flatMap((o) => {
    // commander's flags: `--tool <name>`
    const [flag, value] = o.flags.split(' <');
    const shownValue = value === undefined ? '' : ` \\fI${escaped(value.replace(/>$/, ''))}\\fR`;
    return ['.TP', `\\fBxrun ${name}\\fR ${roffFlag(flag!)}${shownValue}`, text(o.description)];
  });
}

function roffFlag(flag: string): string {
  return `\\fB${flag.replaceAll('-', '\\-')}\\fR`;
}

// Markdown of docs/options.md's cells to roff: `code` bold, [text](page.md#anchor) its text, **strong** bold.
function markdown(source: string): string {
  return source
    .split(/(`[^`]*`|\[[^\]]*\]\([^)]*\)|\*\*[^*]*\*\*)/)
    .map((part) => {
      if (part.startsWith('`')) return `\\fB${escaped(part.slice(1, -1)).replaceAll('-', '\\-')}\\fR`;
      if (part.startsWith('**')) return `\\fB${escaped(part.slice(2, -2))}\\fR`;
      // a link to a page of docs/ (or a section of it): its name, and the page that holds it
      if (part.startsWith('[')) return `${escaped(part.slice(1, part.indexOf(']')))} in ${linkedPage(part)}`;
      return escaped(part);
    })
    .join('');
}

// `[text](models.md#categories)` -> docs/models.md: the links in docs/options.md's cells are relative to docs/.
function linkedPage(link: string): string {
  const target = link.slice(link.indexOf('](') + 2, -1).split('#')[0];
  return target ? `docs/${target}` : 'docs/options.md';
}

// Plain text as a roff line: backslashes escaped, options' dashes as minus signs, never a request.
function text(source: string): string {
  return escaped(source).replace(
    /(^|[\s[(|])(--?)(?=[a-zA-Z]|\s|$)/g,
    (_m, before: string, dashes: string) => `${before}${dashes.replaceAll('-', '\\-')}`,
  );
}

function escaped(source: string): string {
  const body = source.replaceAll('\\', '\\e');
  // a line starting with . or ' would be a request
  return /^[.']/.test(body) ? `\\&${body}` : body;
}

function quotedArg(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}
