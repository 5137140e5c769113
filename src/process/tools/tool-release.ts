import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { locateCommand } from '../../command/prefixes.js';
import { parseRelease } from '../../model/releases.js';
import type { ToolName } from '../../model/tools/index.js';
import { writeFileAtomic } from '../atomic-write.js';
import { xrunCacheDir } from '../cache-dir.js';
import { makeDirectories } from '../make-dirs.js';
import { resolveCommand } from '../resolve-command.js';

// How long `<tool> --version` may take (bazel's client answers without its server).
const VERSION_TIMEOUT_MS = 20_000;
const CACHE_FILE = 'tool-releases.json';
// the most entries the cache keeps (binaries come and go with their mtimes)
const CACHE_ENTRIES = 64;

// Finds the release of the tool `command` runs, for a code whose meaning depends on it: called only
// when such a code is seen (never on success). The answer is kept per binary path and mtime, for the
// run and in xrun's cache directory (tool-releases.json), so `--version` runs once per binary.
export function toolReleaseFinder(
  tool: ToolName,
  command: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): () => Promise<string | undefined> {
  let found: Promise<string | undefined> | undefined;
  return () => {
    found ??= findRelease(tool, command, env);
    return found;
  };
}

async function findRelease(
  tool: ToolName,
  command: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const at = locateCommand(command);
  if (!at || at.split) return undefined;
  const resolved = resolveCommand(command[at.index]!, env['PATH']);
  if (!('path' in resolved)) return undefined;
  let key: string;
  try {
    key = `${tool}\u0000${resolved.path}\u0000${statSync(resolved.path).mtimeMs}`;
  } catch {
    return undefined;
  }
  const cacheFile = join(xrunCacheDir(env), CACHE_FILE);
  const cache = readCache(cacheFile);
  if (Object.hasOwn(cache, key)) return cache[key] ?? undefined;
  const output = await versionOutput(resolved.path, env);
  if (output === undefined) return undefined;
  const release = parseRelease(tool, output);
  writeCache(cacheFile, cache, key, release ?? null);
  return release;
}

// `<binary> --version`'s stdout, or undefined when it failed (it is asked again next time).
function versionOutput(binary: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      binary,
      ['--version'],
      { env, timeout: VERSION_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 },
      (error, stdout) => resolve(error ? undefined : String(stdout)),
    );
  });
}

function readCache(file: string): Record<string, string | null> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, string | null>)
      : {};
  } catch {
    return {};
  }
}

// Best effort: a cache that cannot be written only costs a `--version` next time.
function writeCache(file: string, cache: Record<string, string | null>, key: string, release: string | null): void {
  if (!isAbsolute(file)) return;
  const entries = [...Object.entries(cache).filter(([k]) => k !== key), [key, release] as const].slice(-CACHE_ENTRIES);
  try {
    makeDirectories(join(file, '..'));
    writeFileAtomic(file, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // read-only or full: ask again next time
  }
}
