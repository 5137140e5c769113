import { TOOL_NAMES, type ToolName } from '../model/tools/types.js';
import {
  type JsonForm,
  KIND_JSON,
  PATTERN_SEPARATOR,
  RUN_SETTINGS,
  type RunSettingRow,
  type SettingKey,
} from './run-table.js';
import { unknownToolHint } from './suggest.js';
import { UsageError } from './usage-error.js';

// One setting's value and where it came from: `--attempts`, `XRUN_ATTEMPTS`, `xrun.config.json: tools.buck2.attempts`.
interface Sourced {
  value: string | boolean;
  origin: string;
}

// Settings of one layer (flags, environment, a part of a config file), each with its origin.
export type Layer = Partial<Record<SettingKey, Sourced>>;

// A config file, validated: the base settings, per-tool settings and named profiles.
export interface ConfigData {
  file: string;
  base: Layer;
  tools: Partial<Record<ToolName, Layer>>;
  profiles: Record<string, { base: Layer; tools: Partial<Record<ToolName, Layer>> }>;
}

// The keys a config file may set (each row's config says where), and the JSON form each takes.
const CONFIG_ROWS: Readonly<Record<string, RunSettingRow>> = Object.fromEntries(
  RUN_SETTINGS.filter((row) => row.config !== 'none').map((row) => [row.key, row]),
);

const EXPECTED: Readonly<Record<JsonForm, string>> = {
  boolean: 'true or false',
  count: 'a whole number of at least 1',
  duration: 'a duration string such as "2s" or a number of seconds',
  string: 'a string',
  list: 'a comma-separated string or an array of categories and exit codes',
  map: 'a "FROM=TO,..." string or an object such as {"no-tests": 0}',
  patterns: 'a regex string or an array of them',
  rules: 'an array of rules such as [{"when": {"code": "1-5"}, "then": "retry"}]',
};

// Validates a config file's JSON (`keyPrefix` is "xrun." inside package.json); throws UsageError
// naming the file, the key and what was expected.
// Every name in a config (a key, a profile, a tool) is data: "toString" or "__proto__" is as unknown
// as any other, so lookups are own-property only and profiles live in a null-prototype object.
export function parseConfig(file: string, json: unknown, keyPrefix = ''): ConfigData {
  const where = (key: string) => `${file}: ${keyPrefix}${key}`;
  const root = expectObject(json, file, keyPrefix === '' ? undefined : keyPrefix.slice(0, -1));
  const base = parseLayer(root, '', where, ['tools', 'profiles']);
  const tools = parseTools(ownValue(root, 'tools'), 'tools', where);
  const profiles: ConfigData['profiles'] = Object.create(null) as ConfigData['profiles'];
  const profilesJson = ownValue(root, 'profiles');
  if (profilesJson !== undefined) {
    for (const [name, value] of Object.entries(expectObject(profilesJson, file, `${keyPrefix}profiles`))) {
      const profile = expectObject(value, file, `${keyPrefix}profiles.${name}`);
      profiles[name] = {
        base: parseLayer(profile, `profiles.${name}.`, where, ['tools']),
        tools: parseTools(ownValue(profile, 'tools'), `profiles.${name}.tools`, where),
      };
    }
  }
  return { file, base, tools, profiles };
}

// `object[key]` if it is the object's own property, never something inherited from Object.prototype.
export function ownValue<T>(object: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function parseTools(json: unknown, path: string, where: (key: string) => string): Partial<Record<ToolName, Layer>> {
  if (json === undefined) return {};
  const tools: Partial<Record<ToolName, Layer>> = {};
  for (const [name, value] of Object.entries(expectObjectAt(json, where(path)))) {
    const tool = TOOL_NAMES.find((t) => t === name);
    if (!tool) throw new UsageError(`${where(`${path}.${name}`)}: unknown tool (${unknownToolHint(name)})`);
    tools[tool] = parseLayer(expectObjectAt(value, where(`${path}.${name}`)), `${path}.${name}.`, where, [], {
      perTool: true,
    });
  }
  return tools;
}

// A per-tool section (`perTool`) may not set the settings that choose the section (tool).
function parseLayer(
  json: Record<string, unknown>,
  path: string,
  where: (key: string) => string,
  nested: readonly string[],
  { perTool = false } = {},
): Layer {
  const layer: Layer = {};
  const allowedHere = (row: RunSettingRow | undefined): row is RunSettingRow =>
    row !== undefined && !(perTool && row.config === 'not-per-tool');
  for (const [key, value] of Object.entries(json)) {
    if (nested.includes(key)) continue;
    const row = ownValue(CONFIG_ROWS, key);
    if (!allowedHere(row)) {
      const allowed = Object.values(CONFIG_ROWS)
        .filter(allowedHere)
        .map((r) => r.key);
      throw new UsageError(`${where(path + key)}: unknown key (expected one of ${[...allowed, ...nested].join(', ')})`);
    }
    const form = KIND_JSON[row.kind];
    const converted = convert(form, value);
    if (converted === undefined)
      throw new UsageError(`${where(path + key)}: expected ${EXPECTED[form]}, got ${JSON.stringify(value)}`);
    layer[row.key as SettingKey] = { value: converted, origin: where(path + key) };
  }
  return layer;
}

// A JSON value as the RunSettings string (or boolean) it stands for; undefined if of the wrong type.
function convert(form: JsonForm, value: unknown): string | boolean | undefined {
  switch (form) {
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'count':
    case 'duration':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))
        ? String(value)
        : undefined;
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'list':
      if (typeof value === 'string') return value;
      if (
        Array.isArray(value) &&
        value.length > 0 &&
        value.every((v) => typeof v === 'string' || typeof v === 'number')
      )
        return value.join(',');
      return undefined;
    case 'patterns':
      if (typeof value === 'string') return value;
      if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
        return value.join(PATTERN_SEPARATOR);
      return undefined;
    case 'map':
      if (typeof value === 'string') return value;
      if (
        isObject(value) &&
        Object.keys(value).length > 0 &&
        Object.values(value).every((v) => typeof v === 'number')
      ) {
        return Object.entries(value)
          .map(([from, to]) => `${from}=${String(to)}`)
          .join(',');
      }
      return undefined;
    case 'rules':
      // checked rule by rule in buildPlan (settings/rules-json.ts), which names the bad key
      return Array.isArray(value) ? JSON.stringify(value) : undefined;
  }
}

function expectObject(json: unknown, file: string, key: string | undefined): Record<string, unknown> {
  return expectObjectAt(json, key === undefined ? file : `${file}: ${key}`);
}

export function expectObjectAt(json: unknown, where: string): Record<string, unknown> {
  if (!isObject(json)) throw new UsageError(`${where}: expected an object, got ${JSON.stringify(json)}`);
  return json;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
