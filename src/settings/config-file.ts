import { type ConfigData, parseConfig } from './config.js';
import { findConfig } from './config-find.js';
import { MAX_CONFIG_DEPTH, nestedDeeperThan } from './json-text.js';
import { UsageError } from './usage-error.js';

// Finds the config from `cwd` upwards (settings/config-find.ts) and validates it. Throws UsageError,
// naming the file, for one that is not valid or that exists but cannot be read as a regular file.
export function loadConfig(cwd: string): ConfigData | undefined {
  const found = findConfig(cwd);
  return found && configOf(found.label, found.json, found.keyPrefix);
}

function configOf(label: string, json: unknown, keyPrefix = ''): ConfigData {
  if (nestedDeeperThan(json, MAX_CONFIG_DEPTH)) {
    throw new UsageError(
      `${label}: ${keyPrefix === '' ? '' : `${keyPrefix.slice(0, -1)}: `}nested deeper than ${MAX_CONFIG_DEPTH} levels`,
    );
  }
  return parseConfig(label, json, keyPrefix);
}
