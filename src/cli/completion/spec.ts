// What shell completion offers, read off the settings table and the commander programs built from it
// (cli/argv.ts): every program's options, the values of those whose values are a set, the subcommands
// and their arguments. cli/completion-shells.ts writes it out for each shell. Pure but for reading
// this platform's signal names.
import { constants } from 'node:os';
import type { Command } from 'commander';
import { CATEGORIES } from '../../model/categories.js';
import { TOOL_NAMES } from '../../model/tools/types.js';
import { optionHelp } from '../../settings/docs.js';
import { SETTINGS, type SettingRow } from '../../settings/table.js';
import { programs } from '../argv.js';
import { SUBCOMMANDS, type Subcommand } from '../subcommands.js';

// What a word completes to: nothing, one of some words (a list: comma-separated words), a file, or a
// command with its arguments (that command's own completion).
export type Values =
  | { readonly kind: 'none' }
  | { readonly kind: 'words'; readonly words: readonly string[]; readonly list: boolean }
  | { readonly kind: 'file' }
  | { readonly kind: 'command' };

export interface CompletedOption {
  readonly long: string;
  readonly short?: string;
  readonly help: string;
  // what its value completes to; undefined for a switch
  readonly value?: Values;
}

// The run path ('') or a subcommand: its options and what its words after them complete to.
export interface Context {
  readonly name: '' | Subcommand;
  readonly help: string;
  readonly options: readonly CompletedOption[];
  readonly args: Values;
}

export interface CompletionSpec {
  // the run path: its first word is a subcommand or a command
  readonly run: Context;
  readonly subcommands: readonly Context[];
}

export function completionSpec(): CompletionSpec {
  const all = programs();
  const context = (name: Context['name']): Context => contextOf(name, all[name]);
  return { run: context(''), subcommands: SUBCOMMANDS.map(context) };
}

function contextOf(name: Context['name'], cli: Command): Context {
  // commander's visible options: the program's own and its --help (and --version)
  const options = cli
    .createHelp()
    .visibleOptions(cli)
    .map((o) => {
      const row = SETTINGS.find((r) => r.flag.long === o.long);
      // explain's own --signal shares the setting's values, not its meaning
      const help = row && o.description === optionHelp(row) ? row.help : withoutExample(o.description);
      const option = { long: o.long!, ...(o.short ? { short: o.short } : {}), help };
      return o.required || o.optional ? { ...option, value: row ? valuesOf(row) : NONE } : option;
    });
  return { name, help: cli.description(), options, args: argumentValues(cli) };
}

const NONE: Values = { kind: 'none' };
const words = (list: readonly string[], asList = false): Values => ({ kind: 'words', words: list, list: asList });

// A setting's values where they are a set: its own words, the tools, the categories a list names, the signals.
function valuesOf(row: SettingRow): Values {
  if (row.values !== undefined) return words(row.values);
  switch (row.kind) {
    case 'tool':
      return words(TOOL_NAMES);
    case 'signal':
      return words(Object.keys(constants.signals).map((name) => name.replace(/^SIG/, '')));
    case 'list':
      // success is never retried nor stopped on
      return words(
        CATEGORIES.filter((c) => c !== 'success'),
        true,
      );
    case 'file':
      return { kind: 'file' };
    default:
      return NONE;
  }
}

// A program's positional words: a command (the run path, config), one of a set (completion's shell), or nothing.
function argumentValues(cli: Command): Values {
  const [first] = cli.registeredArguments;
  if (first === undefined) return NONE;
  if (first.name() === 'command') return { kind: 'command' };
  return first.argChoices ? words(first.argChoices) : NONE;
}

// commander's help line for an option that is not a setting: "print the version, e.g. xrun --version"
function withoutExample(description: string): string {
  return description.replace(/, e\.g\. .*$/, '');
}
