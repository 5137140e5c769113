import { closeSync, constants, fstatSync, lstatSync, openSync, type Stats } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { notRegular, readAtMost } from './bounded-file.js';
import { parseJsonText } from './json-text.js';
import { UsageError } from './usage-error.js';

// The config files xrun looks for in each directory, in this order.
const CONFIG_FILE_NAMES = ['xrun.config.json', '.xrunrc.json', 'package.json'] as const;

// A config file is a few hundred bytes; past this it is something else, and is not read into memory.
export const MAX_CONFIG_BYTES = 1024 * 1024;

// A config file found, its JSON not yet validated: `json` is its config (a package.json's "xrun" value),
// `keyPrefix` what its keys are named with in messages.
export interface FoundConfig {
  label: string;
  json: unknown;
  keyPrefix: string;
}

// Finds the config from `cwd` upwards (the first file found wins; a package.json counts only with an
// "xrun" key); a run with none never loads the validation (settings/config.ts). Throws UsageError, naming
// the file, for one that is not JSON or that exists but cannot be read as a regular file.
export function findConfig(cwd: string): FoundConfig | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(dir, name);
      // the name messages give it, made only for a file that is there (or cannot be looked for)
      const labelOf = () => relative(cwd, path) || name;
      const text = readCandidate(path, labelOf);
      if (text === undefined) continue;
      if (name === 'package.json' && !mayHoldXrunKey(text)) continue;
      const label = labelOf();
      const parsed = parseJsonText(text);
      if (name === 'package.json') {
        // someone else's package.json, even a broken one, is not xrun's business
        const json = parsed.ok ? parsed.value : undefined;
        if (typeof json === 'object' && json !== null && Object.hasOwn(json, 'xrun'))
          return { label, json: (json as { xrun: unknown }).xrun, keyPrefix: 'xrun.' };
        continue;
      }
      if (!parsed.ok) throw new UsageError(`${label}: not valid JSON ${parsed.error}`);
      return { label, json: parsed.value, keyPrefix: '' };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

// Whether a package.json's text can hold an "xrun" key: the word as it is, or any \u escape (a key may
// spell a letter so). Most projects' package.json has neither, and is not parsed: JSON.parse of a
// project's package.json costs a start more than the rest of the lookup (its objects, tens of KB).
function mayHoldXrunKey(text: string): boolean {
  return text.includes('"xrun"') || text.includes('\\u');
}

// The text of a candidate; undefined if there is no such file. A missing file is the common case on
// every start: lstat without an exception first. Anything there that is not a readable regular file
// (after following links) is a UsageError: it looks like a config and must not be skipped in silence.
function readCandidate(path: string, labelOf: () => string): string | undefined {
  const link = lookUp(path, labelOf);
  if (link === undefined) return undefined;
  const label = labelOf();
  let fd: number;
  try {
    // non-blocking: opening a FIFO for reading would otherwise wait for a writer
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !link.isSymbolicLink()) return undefined; // removed since the lstat
    throw new UsageError(`${label}: ${openFailure(code, link)}`);
  }
  try {
    const stats = fstatSync(fd);
    const kind = notRegular(stats);
    if (kind !== undefined) throw new UsageError(`${label}: is ${kind}, not a regular file`);
    const text = stats.size > MAX_CONFIG_BYTES ? undefined : readAtMost(fd, MAX_CONFIG_BYTES, stats.size);
    if (text === undefined)
      throw new UsageError(
        `${label}: is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, too large for a config file`,
      );
    return text;
  } finally {
    closeSync(fd);
  }
}

// The candidate's own entry; undefined if there is none. A directory xrun may not search could hide
// one: that is an error too.
function lookUp(path: string, labelOf: () => string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return undefined;
    throw new UsageError(
      `${labelOf()}: cannot be looked for (${code === 'EACCES' ? 'permission denied on its directory' : (code ?? 'unknown error')})`,
    );
  }
}

function openFailure(code: string | undefined, link: Stats): string {
  if (code === 'ENOENT' && link.isSymbolicLink()) return 'is a symbolic link to nothing (dangling)';
  if (code === 'ELOOP') return 'is a symbolic link loop';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ENXIO') return 'is a socket, not a regular file';
  return `cannot be read (${code ?? 'unknown error'})`;
}
