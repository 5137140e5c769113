import module from 'node:module';

type CacheModule = { enableCompileCache?: (directory: string) => unknown };

// Node's compile cache (Node 22.1 and later: module.enableCompileCache) for the modules loaded after
// this call, in xrun's cache directory: $XRUN_CACHE_DIR, else $XDG_CACHE_HOME/xrun, else ~/.cache/xrun.
// Where Node has none, or the directory cannot be made, xrun compiles as before.
export function enableCompileCache(env: NodeJS.ProcessEnv): void {
  const enable = (module as CacheModule).enableCompileCache;
  if (enable === undefined || env['NODE_COMPILE_CACHE'] !== undefined) return;
  const cache = env['XRUN_CACHE_DIR'] ?? `${env['XDG_CACHE_HOME'] ?? `${env['HOME'] ?? '/nonexistent'}/.cache`}/xrun`;
  try {
    enable(`${cache}/compile`);
  } catch {
    // a cache that cannot be used costs nothing more than none
  }
}
