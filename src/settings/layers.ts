import { asParsed, type CommandInput } from '../command/parse.js';
import type { ToolName } from '../model/tools/types.js';
import { type ConfigData, type Layer, ownValue } from './config.js';
import { buildPlan, type Origins, type Plan, parseTool } from './plan.js';
import { RUN_SETTING, RUN_SETTINGS, type RunSettings, SETTING_KEYS, type SettingKey } from './run-table.js';
import { UsageError } from './usage-error.js';

// The environment variable of a setting: maxDelay -> XRUN_MAX_DELAY.
export function envNameOf(setting: SettingKey): string {
  return RUN_SETTING[setting].env;
}

// The settings given as flags, each with its flag as origin.
export function flagLayer(flags: RunSettings): Layer {
  const layer: Layer = {};
  for (const { key, flag } of RUN_SETTINGS) {
    const value = flags[key];
    if (value !== undefined) layer[key] = { value, origin: flag.long };
  }
  return layer;
}

// The settings given as XRUN_* variables (an empty variable is unset); booleans are 1/true/yes or 0/false/no.
export function envLayer(env: NodeJS.ProcessEnv): Layer {
  const layer: Layer = {};
  for (const { key, kind, env: name } of RUN_SETTINGS) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    // an xrun run by an xrun's command: XRUN_ATTEMPTS is the outer run's count, told to its command
    if (name === 'XRUN_ATTEMPTS' && env['XRUN_ATTEMPT'] !== undefined) continue;
    layer[key] = { value: kind === 'boolean' ? parseOnOff(name, text) : text, origin: name };
  }
  return layer;
}

function parseOnOff(name: string, text: string): boolean {
  const lower = text.toLowerCase();
  if (['1', 'true', 'yes'].includes(lower)) return true;
  if (['0', 'false', 'no'].includes(lower)) return false;
  throw new UsageError(`${name}: expected 1, true, yes, 0, false or no, got '${text}'`);
}

// The effective settings and where each came from.
export interface Resolved {
  settings: RunSettings;
  origins: Origins;
  tool: ToolName;
  config?: ConfigData;
}

// Layers the settings: flags, then environment, then config (profile's tool section, profile,
// tool section, base), then defaults (left to buildPlan). Pure.
export function resolveSettings(
  flags: Layer,
  env: Layer,
  config: ConfigData | undefined,
  command: CommandInput,
): Resolved {
  const profileSource = flags.profile ?? env.profile;
  const profileName = profileSource === undefined ? undefined : String(profileSource.value);
  const profile =
    profileName === undefined || config === undefined ? undefined : ownValue(config.profiles, profileName);
  if (profileName !== undefined && !profile) {
    const known = Object.keys(config?.profiles ?? {});
    const where = config
      ? `${config.file} defines ${known.length ? known.join(', ') : 'none'}`
      : 'no config file found';
    throw new UsageError(`${profileSource!.origin}: unknown profile '${profileName}' (${where})`);
  }
  const toolSource = flags.tool ?? env.tool ?? profile?.base.tool ?? config?.base.tool;
  const tool =
    toolSource === undefined ? asParsed(command).tool : parseTool(String(toolSource.value), toolSource.origin);
  const layers: Layer[] = [
    flags,
    env,
    profile?.tools[tool] ?? {},
    profile?.base ?? {},
    config?.tools[tool] ?? {},
    config?.base ?? {},
  ];
  const settings: Record<string, string | boolean> = {};
  const origins: Origins = {};
  for (const key of SETTING_KEYS) {
    const found = layers.map((layer) => layer[key]).find((s) => s !== undefined);
    if (!found) continue;
    settings[key] = found.value;
    origins[key] = found.origin;
  }
  settings['tool'] = tool;
  return { settings: settings as RunSettings, origins, tool, ...(config ? { config } : {}) };
}

// buildPlan over resolved settings: an error about a setting names where it came from.
export function planFrom(resolved: Resolved, command: CommandInput): Plan {
  return buildPlan(resolved.settings, command, resolved.origins);
}
