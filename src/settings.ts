import { type ConfigData, type Layer, ownValue } from './config.js';
import { asParsed, type CommandInput } from './command/parse.js';
import type { ToolName } from './models/types.js';
import { buildPlan, flagOf, parseTool, type Plan, type RunSettings } from './plan.js';
import { UsageError } from './usage-error.js';

// Every run setting, in the order `xrun config` prints them.
export const SETTING_KEYS = [
  'tool', 'profile', 'retryBusy', 'retryConnect', 'retryOn', 'attempts', 'delay', 'maxDelay', 'timeout', 'killAfter',
  'signal', 'deadline', 'normalize', 'map', 'quiet', 'report', 'stdinBuffer', 'queue',
] as const satisfies readonly (keyof RunSettings)[];

const BOOLEAN_KEYS: ReadonlySet<string> = new Set(['retryBusy', 'retryConnect', 'normalize', 'quiet', 'queue']);

// The environment variable of a setting: maxDelay -> XRUN_MAX_DELAY.
export function envNameOf(setting: keyof RunSettings): string {
  return `XRUN_${setting.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

// The settings given as flags, each with its flag as origin.
export function flagLayer(flags: RunSettings): Layer {
  const layer: Layer = {};
  for (const key of SETTING_KEYS) {
    const value = flags[key];
    if (value !== undefined) layer[key] = { value, origin: flagOf(key) };
  }
  return layer;
}

// The settings given as XRUN_* variables (an empty variable is unset); booleans are 1/true/yes or 0/false/no.
export function envLayer(env: NodeJS.ProcessEnv): Layer {
  const layer: Layer = {};
  for (const key of SETTING_KEYS) {
    const name = envNameOf(key);
    const text = env[name];
    if (text === undefined || text === '') continue;
    if (!BOOLEAN_KEYS.has(key)) {
      layer[key] = { value: text, origin: name };
      continue;
    }
    const lower = text.toLowerCase();
    if (['1', 'true', 'yes'].includes(lower)) layer[key] = { value: true, origin: name };
    else if (['0', 'false', 'no'].includes(lower)) layer[key] = { value: false, origin: name };
    else throw new UsageError(`${name}: expected 1, true, yes, 0, false or no, got '${text}'`);
  }
  return layer;
}

// The effective settings and where each came from.
export interface Resolved {
  settings: RunSettings;
  origins: Partial<Record<keyof RunSettings, string>>;
  tool: ToolName;
  config?: ConfigData;
}

// Layers the settings: flags, then environment, then config (profile's tool section, profile,
// tool section, base), then defaults (left to buildPlan). Pure.
export function resolveSettings(flags: Layer, env: Layer, config: ConfigData | undefined, command: CommandInput): Resolved {
  const profileSource = flags.profile ?? env.profile;
  const profileName = profileSource === undefined ? undefined : String(profileSource.value);
  const profile = profileName === undefined || config === undefined ? undefined : ownValue(config.profiles, profileName);
  if (profileName !== undefined && !profile) {
    const known = Object.keys(config?.profiles ?? {});
    const where = config ? `${config.file} defines ${known.length ? known.join(', ') : 'none'}` : 'no config file found';
    throw new UsageError(`${profileSource!.origin}: unknown profile '${profileName}' (${where})`);
  }
  const toolSource = flags.tool ?? env.tool ?? profile?.base.tool ?? config?.base.tool;
  const tool = toolSource === undefined ? asParsed(command).tool : parseToolFrom(toolSource.value, toolSource.origin);
  const layers: Layer[] = [flags, env, profile?.tools[tool] ?? {}, profile?.base ?? {}, config?.tools[tool] ?? {}, config?.base ?? {}];
  const settings: Record<string, string | boolean> = {};
  const origins: Partial<Record<keyof RunSettings, string>> = {};
  for (const key of SETTING_KEYS) {
    const found = layers.map((layer) => layer[key]).find((s) => s !== undefined);
    if (!found) continue;
    settings[key] = found.value;
    origins[key] = found.origin;
  }
  settings['tool'] = tool;
  return { settings: settings as RunSettings, origins, tool, ...(config ? { config } : {}) };
}

function parseToolFrom(value: string | boolean, origin: string): ToolName {
  return withOrigin({ tool: origin }, () => parseTool(String(value)));
}

// buildPlan over resolved settings; an error about a setting names where it came from
// (`XRUN_ATTEMPTS: ...`, `xrun.config.json: tools.buck2.attempts: ...`) instead of the flag.
export function planFrom(resolved: Resolved, command: CommandInput): Plan {
  return withOrigin(resolved.origins, () => buildPlan(resolved.settings, command));
}

function withOrigin<T>(origins: Partial<Record<keyof RunSettings, string>>, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof UsageError) || error.setting === undefined) throw error;
    const origin = origins[error.setting];
    const flag = `${flagOf(error.setting)}: `;
    if (origin === undefined || origin === flagOf(error.setting) || !error.message.startsWith(flag)) throw error;
    throw new UsageError(`${origin}: ${error.message.slice(flag.length)}`, error.setting);
  }
}
