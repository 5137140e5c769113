// The settings table as text: each option's line in --help, the environment paragraph of --help, and
// the options, config-key and environment tables of docs/options.md (scripts/readme-tables.mjs writes
// them there; test/unit/readme.test.ts keeps them identical). Pure.
import { isNegated, KINDS, LAUNCHER_VARIABLES, limitOf, SETTING, SETTINGS, type SettingRow } from './table.js';

// --help's line of an option: what it does, its default, an example.
export function optionHelp(row: SettingRow): string {
  const shownDefault = row.default.help ?? (typeof row.default.value === 'string' ? row.default.value : undefined);
  const notes = [shownDefault === undefined ? undefined : `default ${shownDefault}`, limitOf(row)].filter(
    (note) => note !== undefined,
  );
  return `${row.help}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}, e.g. ${row.example}`;
}

// --help's paragraph on the variables, wrapped like the rest of its text.
export function environmentHelp(): string {
  const settings = SETTINGS.map((row) => `${row.env}${isNegated(row) ? ` (0 is ${row.flag.long})` : ''}`).join(', ');
  const launcher = LAUNCHER_VARIABLES.map((v) => v.name).join(' and ');
  return wrap(`Environment: ${settings} (each as its flag); the launcher reads ${launcher}.`, 110);
}

// docs/options.md: | option | meaning | default |, every setting and then commander's own two.
export function optionsMarkdown(): string {
  const rows = SETTINGS.map((row) => [flagShown(row), meaningShown(row), defaultShown(row)]);
  const builtIn = [
    ['`-V`, `--version`', 'print the version', ''],
    ['`-h`, `--help`', 'list every option with a one-line meaning and an example', ''],
  ];
  return markdownTable(['option', 'meaning', 'default'], [...rows, ...builtIn]);
}

// docs/options.md: | key | JSON | same as |, the keys that share a JSON form on one row, then the sections.
export function configKeysMarkdown(): string {
  const groups = new Map<string, SettingRow[]>();
  for (const row of SETTINGS) {
    if (row.config === 'none') continue;
    const form = jsonShown(row);
    groups.set(form, [...(groups.get(form) ?? []), row]);
  }
  const rows = [...groups].map(([form, members]) => [
    members.map((r) => `\`${r.key}\``).join(', '),
    form,
    members.map((r) => `\`${r.flag.long}\``).join(', '),
  ]);
  const notPerTool = SETTINGS.filter((row) => row.config === 'not-per-tool').map((row) => row.key);
  rows.push(
    ['`tools`', `\`{ "<tool>": { ...the keys above but ${notPerTool.join(', ')} } }\``, 'per-tool settings'],
    [
      '`profiles`',
      '`{ "<name>": { ...the keys above, tools } }`',
      `named profiles for \`${SETTING.profile.flag.long}\``,
    ],
  );
  return markdownTable(['key', 'JSON', 'same as'], rows);
}

// docs/options.md: the paragraph naming every XRUN_* variable, the settings' and the launcher's.
export function environmentMarkdown(): string {
  const settings = SETTINGS.map((row) => `\`${row.env}\`${isNegated(row) ? ` (\`0\` is \`${row.flag.long}\`)` : ''}`);
  const launcher = LAUNCHER_VARIABLES.map((v) => `\`${v.name}\` (${v.meaning})`);
  return [
    wrap(`**Environment.** Each setting has a variable: ${settings.join(', ')}.`, 110),
    wrap(`The launcher also reads ${launcher.join(' and ')}; see [Startup and speed](performance.md).`, 110),
  ].join('\n');
}

// docs/options.md's meaning column: the row's meaning, then its bound.
function meaningShown(row: SettingRow): string {
  const limit = limitOf(row);
  return limit === undefined ? row.meaning : `${row.meaning}; ${limit}`;
}

function flagShown(row: SettingRow): string {
  const { long, short, value, docValue } = row.flag;
  const shownValue = value === undefined ? '' : ` ${docValue ?? value.toUpperCase()}`;
  return `${short === undefined ? '' : `\`${short}\`, `}\`${long}${shownValue}\``;
}

// docs/options.md's default column of a setting (markdown), also the man page's (cli/man-page.ts).
export function defaultShown(row: SettingRow): string {
  const { value, doc } = row.default;
  if (doc !== undefined) return doc;
  if (value === undefined) return 'none';
  return typeof value === 'boolean' ? (value ? 'on' : 'off') : `\`${value}\``;
}

function jsonShown(row: SettingRow): string {
  const negation = isNegated(row) ? ` (\`false\` is \`${row.flag.long}\`)` : '';
  return `${KINDS[row.kind].shown}${negation}`;
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `|${cells.map((c) => (c === '' ? ' ' : ` ${c} `)).join('|')}|`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

// Words on lines of at most `width` characters (a longer word stands alone).
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  return [...lines, current].join('\n');
}
