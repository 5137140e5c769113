import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { xrunLine } from '../command/redact.js';
import { xrunCacheDir } from './cache-dir.js';
import { makeDirectories } from './make-dirs.js';

// Where xrun makes the private directories an attempt needs for a while (a container's id file, a
// tool's report): the temporary directory ($TMPDIR), else the user's runtime directory
// ($XDG_RUNTIME_DIR), else xrun's cache directory (the launcher's: $XRUN_CACHE_DIR, $XDG_CACHE_HOME/xrun,
// ~/.cache/xrun), made if missing. A TMPDIR that is missing, read-only or full must not stop a run.
export interface ScratchBase {
  path: string;
  // made (0700, with its parents) when missing: xrun's own cache only, never someone's TMPDIR
  create: boolean;
}

export function scratchBases(env: NodeJS.ProcessEnv = process.env): ScratchBase[] {
  const cache = xrunCacheDir(env);
  const bases: ScratchBase[] = [{ path: tmpdir(), create: false }];
  const runtime = env['XDG_RUNTIME_DIR'];
  if (runtime && isAbsolute(runtime)) bases.push({ path: runtime, create: false });
  if (isAbsolute(cache)) bases.push({ path: cache, create: true });
  return bases.filter((base, i) => bases.findIndex((b) => b.path === base.path) === i);
}

// A directory made, and the places tried before it that could not hold one; or only those.
export type MadeScratch = { dir: string; base: string; passed: readonly Refusal[] } | { passed: readonly Refusal[] };
interface Refusal {
  base: string;
  code: string;
}

// Makes a private directory (`prefix` + random) in the first place that can hold a file: a place is
// tried by writing a small file in the new directory (a full filesystem still makes directories).
export function makeScratchDir(prefix: string, bases: readonly ScratchBase[] = scratchBases()): MadeScratch {
  const passed: Refusal[] = [];
  for (const base of bases) {
    let dir: string | undefined;
    try {
      if (base.create) makeDirectories(base.path);
      dir = mkdtempSync(join(base.path, prefix));
      const probe = join(dir, '.probe');
      writeFileSync(probe, 'xrun');
      rmSync(probe);
      return { dir, base: base.path, passed };
    } catch (error) {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      passed.push({ base: base.path, code: (error as NodeJS.ErrnoException).code ?? String(error) });
    }
  }
  return { passed };
}

// The one line about a directory made elsewhere than $TMPDIR, or about none made (`without` says what
// the run does without it); undefined when the temporary directory served. Pure.
export function scratchLine(made: MadeScratch, without: string): string | undefined {
  if (made.passed.length === 0) return undefined;
  const refused = made.passed.map((r) => `${JSON.stringify(r.base)} (${r.code})`).join(', ');
  return 'dir' in made
    ? `cannot make temporary files in ${refused}; using ${JSON.stringify(made.base)}`
    : `cannot make temporary files in ${refused}; ${without}`;
}

export interface ScratchOutput {
  // a place found elsewhere (silenced by --quiet)
  info(line: string): void;
  // none found: a feature of the run is lost
  warn(line: string): void;
}

// Makes an attempt's directory (`prefix`), or undefined when no place can hold one; says one line for
// the whole run, the first time TMPDIR could not be used. Per run, shared by its features.
export type ScratchSpace = (prefix: string, without: string) => string | undefined;

export function scratchSpace(output: ScratchOutput, bases: () => readonly ScratchBase[] = scratchBases): ScratchSpace {
  let said = false;
  return (prefix, without) => {
    const made = makeScratchDir(prefix, bases());
    const line = said ? undefined : scratchLine(made, without);
    if (line !== undefined) {
      said = true;
      ('dir' in made ? output.info : output.warn)(xrunLine(line));
    }
    return 'dir' in made ? made.dir : undefined;
  };
}

// A ScratchSpace that says nothing (a caller with no lines of its own: the library's pieces, tests).
export const quietScratch: ScratchSpace = (prefix) => {
  const made = makeScratchDir(prefix);
  return 'dir' in made ? made.dir : undefined;
};
