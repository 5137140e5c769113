import module from 'node:module';
import { xrunCacheDir } from '../process/cache-dir.js';

type CacheModule = { enableCompileCache?: (directory: string) => unknown };

// Node's compile cache (Node 22.1 and later: module.enableCompileCache) for the modules loaded after
// this call, in xrun's cache directory (process/cache-dir.ts).
// Where Node has none, or the directory cannot be made, xrun compiles as before.
export function enableCompileCache(env: NodeJS.ProcessEnv): void {
  const enable = (module as CacheModule).enableCompileCache;
  if (enable === undefined || env['NODE_COMPILE_CACHE'] !== undefined) return;
  try {
    enable(`${xrunCacheDir(env)}/compile`);
  } catch {
    // a cache that cannot be used costs nothing more than none
  }
}
