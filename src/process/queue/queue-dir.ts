import { lstatSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DirFacts {
  isDirectory: boolean;
  isSymbolicLink: boolean;
  uid: number;
  mode: number;
}

// Why a level of the queue directory must not be used, if it must not. Another user who owns it, or
// may write to it, could plant files that make this user's xruns wait; a link could lead anywhere.
export function dirProblem(path: string, facts: DirFacts, uid: number | undefined): string | undefined {
  if (facts.isSymbolicLink) return `${path} is a symbolic link`;
  if (!facts.isDirectory) return `${path} is not a directory`;
  if (uid === undefined) return undefined; // no users to tell apart (Windows)
  if (facts.uid !== uid) return `${path} is owned by uid ${facts.uid}, not ${uid}`;
  const writable = [facts.mode & 0o020 ? 'group' : '', facts.mode & 0o002 ? 'others' : ''].filter(Boolean);
  if (writable.length > 0)
    return `${path} is writable by ${writable.join(' and ')} (mode ${(facts.mode & 0o7777).toString(8).padStart(4, '0')})`;
  return undefined;
}

// Creates the queue directory and its parent (the user's, under $TMPDIR) 0700 where missing, and
// checks both. Returns why the queue cannot be used (an unusable TMPDIR, a foreign or open directory).
export function prepareQueueDir(dir: string, uid = process.getuid?.()): string | undefined {
  for (const level of [dirname(dir), dir]) {
    try {
      mkdirSync(level, { mode: 0o700 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') return `cannot create ${level} (${code ?? String(error)})`;
    }
    let facts: DirFacts;
    try {
      const stat = lstatSync(level);
      facts = {
        isDirectory: stat.isDirectory(),
        isSymbolicLink: stat.isSymbolicLink(),
        uid: stat.uid,
        mode: stat.mode,
      };
    } catch (error) {
      return `cannot read ${level} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
    const problem = dirProblem(level, facts, uid);
    if (problem) return problem;
  }
  return undefined;
}
