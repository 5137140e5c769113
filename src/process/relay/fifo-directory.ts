import { lstatSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { xrunCacheDir } from '../cache-dir.js';
import { makeDirectories } from '../make-dirs.js';
import { dirFacts, dirProblem } from '../private-dir.js';

// The user's FIFOs kept between runs, in <xrun's cache>/fifos: a relaying run takes a free one there instead of
// starting a mkfifo process (a fork and exec; Node makes no FIFO), and puts it back when its relay read it to
// its end (every writer gone, nothing left in it). Names: free-<unique> for one that waits, held-<pid>-<unique>
// for one a run uses. A FIFO is taken by renaming it to a held name (one rename wins, so no two runs share one)
// and put back under a new free name: a path a command saw is never the path of another run's FIFO. The
// directory is used only if it is the user's own and open to nobody else (no other user can open a FIFO in it).

// Free FIFOs beyond this many are removed when a run sees them: a burst of runs leaves no lasting heap.
export const MAX_FREE = 16;

let checked: string | undefined | null = null;

// The directory, made (0700) where missing, or undefined where it cannot serve (then each run makes its own).
export function fifoDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (checked === null) checked = usableDirectory(join(xrunCacheDir(env), 'fifos'));
  return checked;
}

// Forgets the directory found (a test that changes the cache directory).
export function forgetFifoDirectory(): void {
  checked = null;
}

// The directory, made where missing, if it is the user's own and closed to everyone else.
function usableDirectory(dir: string): string | undefined {
  try {
    makeDirectories(dir);
    return dirProblem(dir, dirFacts(dir), process.getuid?.(), 'everyone') === undefined ? dir : undefined;
  } catch {
    return undefined;
  }
}

// What a run does with the entries it found: the free FIFOs to try in turn, those beyond the bound to
// remove, and the held ones whose run is gone (`alive(pid)` false) to remove. Pure but for `alive`.
export function sortEntries(
  names: readonly string[],
  alive: (pid: number) => boolean,
): { free: string[]; surplus: string[]; orphaned: string[] } {
  const free = names.filter((name) => name.startsWith('free-'));
  const orphaned = names.filter((name) => {
    const pid = /^held-(\d+)-/.exec(name)?.[1];
    return pid !== undefined && !alive(Number(pid));
  });
  return { free: free.slice(0, MAX_FREE), surplus: free.slice(MAX_FREE), orphaned };
}

let counter = 0;
// A name no other run makes: the pid, a count and a random part (two runs of one pid in two PID namespaces).
function unique(): string {
  counter += 1;
  return `${process.pid}-${counter}-${Math.random().toString(36).slice(2, 10)}`;
}

// A held name for a new FIFO of this run.
export const heldPath = (dir: string): string => join(dir, `held-${unique()}`);

// A free FIFO of the directory, renamed to a held name of this run; undefined if none is free. The
// run's orphans (runs killed before they put theirs back) are removed when no FIFO is free.
export function takeFree(dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const { free, surplus, orphaned } = sortEntries(names, isAlive);
  for (const name of surplus) removeQuietly(join(dir, name));
  for (const name of free) {
    const held = heldPath(dir);
    try {
      renameSync(join(dir, name), held);
      if (lstatSync(held).isFIFO()) return held;
      removeQuietly(held);
    } catch {
      // another run took it first
    }
  }
  for (const name of orphaned) removeQuietly(join(dir, name));
  return undefined;
}

// Puts a drained FIFO back under a new free name; one that cannot go back is removed.
export function putBack(path: string, dir: string): void {
  try {
    renameSync(path, join(dir, `free-${unique()}`));
  } catch {
    removeQuietly(path);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: a process of another user (or of another PID namespace's numbering) has it
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // a FIFO that cannot be removed stays; nothing reads it
  }
}
