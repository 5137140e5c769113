import type { CommandInput } from '../command/parse.js';
import { loadConfig } from './config-file.js';
import { envLayer, flagLayer, type Resolved, resolveSettings } from './layers.js';
import type { RunSettings } from './plan.js';

// The effective settings of flags, XRUN_* variables and the config file found from `cwd` upwards.
export function loadSettings(
  flags: RunSettings,
  command: CommandInput,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Resolved {
  const fromEnv = envLayer(env);
  return resolveSettings(flagLayer(flags), fromEnv, loadConfig(cwd), command);
}
