import { type Finished, type RunOptions, runXrun, XRUN_BIN } from './xrun.js';

// A tmpfs xrun sees in place of a directory, in a mount namespace of the test's own (`unshare -m`,
// root only): read-only, full (16 KiB, filled: directories can still be made, no file can be
// written), or out of inodes (not even a directory can be made). The directory itself stays as it was.
export type Tmpfs = 'read-only' | 'full' | 'no-inodes';

export const CAN_MOUNT = process.getuid?.() === 0;

const MOUNT: Readonly<Record<Tmpfs, (dir: string) => string>> = {
  'read-only': (dir) => `mount -t tmpfs -o ro,size=16k tmpfs ${quote(dir)}`,
  full: (dir) =>
    `mount -t tmpfs -o size=16k tmpfs ${quote(dir)} && { cat /dev/zero > ${quote(`${dir}/fill`)} 2>/dev/null || true; }`,
  'no-inodes': (dir) => `mount -t tmpfs -o size=16k,nr_inodes=1 tmpfs ${quote(dir)}`,
};

// Runs the built xrun with `args` where each directory of `mounts` is such a tmpfs.
export function runXrunWithTmpfs(
  mounts: Readonly<Record<string, Tmpfs>>,
  args: readonly string[],
  options: RunOptions = {},
): Promise<Finished> {
  const script = [...Object.entries(mounts).map(([dir, kind]) => MOUNT[kind](dir)), 'exec "$@"'].join(' && ');
  return runXrun(['-m', 'sh', '-c', script, 'sh', XRUN_BIN, ...args], { ...options, bin: 'unshare' });
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
