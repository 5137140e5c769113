import { lstatSync } from 'node:fs';

// What decides whether one of xrun's directories may be used, read with lstat (a link is not followed).
export interface DirFacts {
  isDirectory: boolean;
  isSymbolicLink: boolean;
  uid: number;
  mode: number;
}

// Whom a directory must be closed to: writers (the wait queue's, whose entries others may read), or anyone
// but its owner (the FIFO directory: a FIFO another user could open would read or feed a run's output).
export type ClosedTo = 'writers' | 'everyone';

// Why a directory must not be used, if it must not: another user who owns it, or may write to it (or, closed
// to everyone, may enter or list it), could plant or take its entries; a link could lead anywhere. Pure.
export function dirProblem(
  path: string,
  facts: DirFacts,
  uid: number | undefined,
  closedTo: ClosedTo = 'writers',
): string | undefined {
  if (facts.isSymbolicLink) return `${path} is a symbolic link`;
  if (!facts.isDirectory) return `${path} is not a directory`;
  if (uid === undefined) return undefined; // no users to tell apart (Windows)
  if (facts.uid !== uid) return `${path} is owned by uid ${facts.uid}, not ${uid}`;
  const forbidden = facts.mode & (closedTo === 'writers' ? 0o022 : 0o077);
  const who = [forbidden & 0o070 ? 'group' : '', forbidden & 0o007 ? 'others' : ''].filter(Boolean).join(' and ');
  if (who === '') return undefined;
  const mode = (facts.mode & 0o7777).toString(8).padStart(4, '0');
  return `${path} is ${closedTo === 'writers' ? 'writable by' : 'open to'} ${who} (mode ${mode})`;
}

// The facts of `path`; throws as lstat does.
export function dirFacts(path: string): DirFacts {
  const stat = lstatSync(path);
  return { isDirectory: stat.isDirectory(), isSymbolicLink: stat.isSymbolicLink(), uid: stat.uid, mode: stat.mode };
}
