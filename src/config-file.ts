import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type ConfigData, parseConfig } from './config.js';
import { UsageError } from './usage-error.js';

// The config files xrun looks for in each directory, in this order.
export const CONFIG_FILE_NAMES = ['xrun.config.json', '.xrunrc.json', 'package.json'] as const;

// Finds the config from `cwd` upwards (the first file found wins; a package.json counts only with
// an "xrun" key) and validates it. Throws UsageError for a file that is not valid.
export function loadConfig(cwd: string): ConfigData | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(dir, name);
      const text = readText(path);
      if (text === undefined) continue;
      const label = relative(cwd, path) || name;
      const parsed = parseJson(text);
      if (name === 'package.json') {
        // someone else's package.json, even a broken one, is not xrun's business
        const json = parsed.ok ? parsed.value : undefined;
        if (typeof json === 'object' && json !== null && 'xrun' in json) return parseConfig(label, (json as { xrun: unknown }).xrun, 'xrun.');
        continue;
      }
      if (!parsed.ok) throw new UsageError(`${label}: expected JSON (${parsed.error})`);
      return parseConfig(label, parsed.value);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

// A missing file is the common case on every start: a stat that returns undefined is cheaper than
// the exception a failed read builds.
// Any other failure (a directory that cannot be searched, an unreadable file) also reads as no file.
function readText(path: string): string | undefined {
  try {
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
