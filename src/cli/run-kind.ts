// Variables named XRUN_* that are no setting: the launcher's, the cache directory, and what an outer
// xrun tells its command and its --on-retry hook (process/hook.ts). Any other XRUN_* variable may be one.
const NOT_SETTINGS: ReadonlySet<string> = new Set([
  'XRUN_CALLER_STATE',
  'XRUN_CACHE_DIR',
  'XRUN_ATTEMPT',
  'XRUN_LAST_CODE',
  'XRUN_LAST_SIGNAL',
  'XRUN_LAST_CATEGORY',
]);

// The command of a default run: one that gives xrun nothing to read, neither an option before the
// command nor an XRUN_* setting variable, and has no GitHub step summary to append to. Undefined for
// any other run, which the full run path reads (cli/run.ts). The config file and the tool are looked at
// by the default run itself (cli/default-run.ts). Pure.
export function defaultRunCommand(argv: readonly string[], env: NodeJS.ProcessEnv): readonly string[] | undefined {
  const command = argv[0] === '--' ? argv.slice(1) : argv;
  const first = command[0];
  // an option, or no command at all (bad input), is the full path's to read
  if (first === undefined || first === '' || (command === argv && first.startsWith('-'))) return undefined;
  if (env['GITHUB_STEP_SUMMARY'] !== undefined) return undefined;
  for (const name of Object.keys(env)) if (isSetting(name, env)) return undefined;
  return command;
}

// As settings/layers.ts reads the environment: an empty variable is unset, and XRUN_ATTEMPTS is an outer
// xrun's count when XRUN_ATTEMPT is set too.
function isSetting(name: string, env: NodeJS.ProcessEnv): boolean {
  if (!name.startsWith('XRUN_') || NOT_SETTINGS.has(name) || env[name] === '') return false;
  return !(name === 'XRUN_ATTEMPTS' && env['XRUN_ATTEMPT'] !== undefined);
}
