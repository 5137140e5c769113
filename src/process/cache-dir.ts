import { homedir } from 'node:os';
import { join } from 'node:path';

// xrun's cache directory: $XRUN_CACHE_DIR, else $XDG_CACHE_HOME/xrun, else ~/.cache/xrun, the home directory
// from $HOME or, unset, the user's entry in the password database (never a made-up path that root could
// create). The launcher's code cache (scripts/cli-loader.cjs) finds it the same way.
export function xrunCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['XRUN_CACHE_DIR'] || join(env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache'), 'xrun');
}
