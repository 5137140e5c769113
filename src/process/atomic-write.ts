import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

// Writes `text` to `path` whole or not at all: into a temporary file beside it, then renamed over it.
// A failed write (a full disk) throws and leaves the previous file as it was; a reader never sees half
// of one. A path that is not a regular file (/dev/stdout, a FIFO) is written in place.
export function writeFileAtomic(path: string, text: string): void {
  const existing = statOrUndefined(path);
  if (existing && !existing.isFile()) {
    writeFileSync(path, text);
    return;
  }
  // through a symlink, the file it names is replaced, not the link
  const target = existing ? realpathSync(path) : path;
  const temporary = temporaryBeside(target);
  try {
    const fd = openSync(temporary, 'wx');
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

// A fresh name in the directory of `target` for a file that becomes it (or that tries it can be made).
export function temporaryBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
