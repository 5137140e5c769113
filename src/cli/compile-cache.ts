import { xrunCacheDir } from '../process/cache-dir.js';

type CacheModule = { enableCompileCache?: (directory: string) => unknown };

// Node's compile cache (Node 22.1 and later: module.enableCompileCache) for the modules loaded after
// this call, in xrun's cache directory (process/cache-dir.ts). An older Node never loads node:module for
// it (~1 ms of a start on Node 20); a Node without process.getBuiltinModule (22.1, 22.2) goes without.
// Where the directory cannot be made, xrun compiles as before.
export function enableCompileCache(env: NodeJS.ProcessEnv, version: string = process.versions.node): void {
  if (!hasCompileCache(version) || env['NODE_COMPILE_CACHE'] !== undefined) return;
  const enable = (process.getBuiltinModule?.('node:module') as CacheModule | undefined)?.enableCompileCache;
  if (enable === undefined) return;
  try {
    enable(`${xrunCacheDir(env)}/compile`);
  } catch {
    // a cache that cannot be used costs nothing more than none
  }
}

// Whether a Node release has module.enableCompileCache: 22.1.0 and later.
function hasCompileCache(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 1);
}
