import { accessSync, constants, type Stats, statSync } from 'node:fs';

export type Resolved = { path: string } | { errno: string };

// The PATH glibc's execvp searches when PATH is unset (confstr _CS_PATH).
const DEFAULT_PATH = '/bin:/usr/bin';
// the errors past which execvp tries the next PATH entry; any other ends the search
const SEARCH_GOES_ON: ReadonlySet<string> = new Set(['ENOENT', 'ENOTDIR', 'ESTALE', 'ENODEV', 'ETIMEDOUT']);

// Finds what exec would run for `name`, as execvp searches (Node's spawn uses it): a name with a
// slash is taken as is; otherwise the first executable file of that name in PATH (an empty entry
// is the current directory). Fails as exec would: EACCES if only non-executable ones were found,
// else ENOENT. Lets xrun say "command not found" itself before an exec shim would start.
export function resolveCommand(name: string, pathVariable: string | undefined): Resolved {
  if (name === '') return { errno: 'ENOENT' };
  if (name.includes('/')) return executable(name);
  let denied = false;
  for (const dir of (pathVariable ?? DEFAULT_PATH).split(':')) {
    const candidate = `${dir || '.'}/${name}`;
    // most entries hold no such file: told without an exception (each one's error object cost the young
    // generation about 2.5 KB, and a run looks up its command and setpriv along a CI runner's long PATH)
    const entry = lookedUp(candidate);
    if (entry === 'absent') continue;
    const found = executable(candidate, entry);
    if ('path' in found) return found;
    if (found.errno === 'EACCES' || found.errno === 'EISDIR') denied = true;
    else if (!SEARCH_GOES_ON.has(found.errno)) return found;
  }
  return { errno: denied ? 'EACCES' : 'ENOENT' };
}

// What is at `path`: 'absent' for nothing (ENOENT), its stat, or undefined where stat failed otherwise
// (ENOTDIR, EACCES), which executable() then tells.
function lookedUp(path: string): Stats | 'absent' | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? 'absent';
  } catch {
    return undefined;
  }
}

// `known`: the path's stat if the caller has it (the PATH search took it), not taken again.
function executable(path: string, known?: Stats): Resolved {
  try {
    accessSync(path, constants.X_OK);
    // exec refuses a directory (with EACCES, though access() lets it through): said as a shell says it
    return (known ?? statSync(path)).isDirectory() ? { errno: 'EISDIR' } : { path };
  } catch (error) {
    return { errno: (error as NodeJS.ErrnoException).code ?? 'EACCES' };
  }
}

// The errno exec gave for `file`, as a shell tells it: a directory is EISDIR ("Is a directory"), not the
// EACCES exec says of it.
export function execErrno(file: string, errno: string): string {
  if (errno !== 'EACCES' || !file.includes('/')) return errno;
  try {
    return statSync(file).isDirectory() ? 'EISDIR' : errno;
  } catch {
    return errno;
  }
}
