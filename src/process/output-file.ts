import { closeSync, openSync, realpathSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { temporaryBeside } from './atomic-write.js';

// Why a file xrun writes when it ends (--report) could not be written, found before anything starts:
// a directory, a directory that is missing or not one, or one where no file can be made (read-only,
// full, no permission); undefined when it can be written, as far as can be told now. The check makes
// and removes a small file beside it, as writeFileAtomic does (a device or FIFO is written in place).
export function outputFileProblem(path: string): string | undefined {
  try {
    return placeProblem(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return code === 'ENOTDIR' ? 'a part of its path is not a directory (ENOTDIR)' : `cannot be looked at (${code})`;
  }
}

function placeProblem(path: string): string | undefined {
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) return 'it is a directory';
  if (existing !== undefined && !existing.isFile()) return undefined;
  const target = existing === undefined ? path : realpathSync(path);
  const parent = statSync(dirname(target), { throwIfNoEntry: false });
  if (parent === undefined) return `its directory ${JSON.stringify(dirname(target))} does not exist`;
  if (!parent.isDirectory()) return `${JSON.stringify(dirname(target))} is not a directory`;
  return probeProblem(temporaryBeside(target));
}

// Makes `probe` with a few bytes in it (a full filesystem still makes empty files) and removes it.
function probeProblem(probe: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'wx', 0o600);
    writeSync(fd, 'xrun');
    return undefined;
  } catch (error) {
    return `no file can be made in ${JSON.stringify(dirname(probe))} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(probe, { force: true });
  }
}
