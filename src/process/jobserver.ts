import { fstatSync, readlinkSync } from 'node:fs';

// The jobserver descriptors MAKEFLAGS names (--jobserver-auth=R,W or the older --jobserver-fds=R,W);
// the last one wins, as in make. The fifo form (--jobserver-auth=fifo:PATH) needs no descriptor.
export function jobserverFds(makeflags: string | undefined): [number, number] | undefined {
  if (!makeflags) return undefined;
  const matches = [...makeflags.matchAll(/--jobserver-(?:auth|fds)=(\S+)/g)];
  const last = matches.at(-1)?.[1];
  const fds = last && /^(\d+),(\d+)$/.exec(last);
  return fds ? [Number(fds[1]), Number(fds[2])] : undefined;
}

// Whether the descriptors MAKEFLAGS names are make's. By the time xrun's code runs, Node has opened
// its own descriptors, and when make closed the jobserver (a recipe without '+') Node may have reused
// the very numbers. Where /proc shows this process's and the parent's descriptors, each must be the
// same pipe as in the parent (make, or a shell of its recipe); elsewhere fstat decides (onePipe).
export function fromMake(fds: readonly number[], parentPid: number = process.ppid): boolean {
  const ours = fds.map((fd) => linkOf(`/proc/self/fd/${fd}`));
  const parents = fds.map((fd) => linkOf(`/proc/${parentPid}/fd/${fd}`));
  if (ours.every(Boolean) && parents.every(Boolean)) return ours.every((link, i) => link === parents[i]);
  return onePipe(fds.map(identityOf));
}

// What fstat tells of a descriptor that matters here.
export interface Identity {
  fifo: boolean;
  dev: number;
  ino: number;
}

// Without /proc: the jobserver's read and write ends must be pipes, on one device, with a real inode
// (the BSDs' and macOS's kqueue stats as a FIFO with inode 0; Linux's epoll is no FIFO), which turns
// down Node's event poller, the first descriptor Node opens: in the usual case (make's 3,4 closed)
// it sits at 3. The ends of one pipe share an inode on Linux only (the BSDs and macOS number each
// end), so a pair cannot be told from two pipes. Residual risk: with make's numbers closed and not
// the lowest free ones, a pipe pair of Node's own can sit exactly there and pass (measured on Linux
// with 3 and 4 closed: 3 epoll, 4-5 and 6-7 pipe pairs, then eventfd, epoll, /dev/null).
export function onePipe(ends: readonly (Identity | undefined)[]): boolean {
  const dev = ends[0]?.dev;
  return ends.every((end) => end?.fifo && end.ino !== 0 && end.dev === dev);
}

function identityOf(fd: number): Identity | undefined {
  try {
    const stat = fstatSync(fd);
    return { fifo: stat.isFIFO(), dev: stat.dev, ino: stat.ino };
  } catch {
    return undefined;
  }
}

function linkOf(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

// Whether a command is a make that would take part in the jobserver (GNU make's names): only a
// sub-make warns of a jobserver it cannot reach, so only then does xrun.
function isMake(command: string | undefined): boolean {
  return command !== undefined && /^(?:g|gnu)?make$/.test(command.slice(command.lastIndexOf('/') + 1));
}

// Node marks inherited descriptors close-on-exec, which turns `make -j` serial under a Node wrapper:
// the jobserver descriptors to pass on at the same numbers, and, when the command is a make, a warning
// when they are not open (any other command never reads them: a warning there would be noise).
export function jobserverPassthrough(
  makeflags: string | undefined,
  command?: string,
): { fds: number[]; warning?: string } {
  const named = jobserverFds(makeflags);
  if (!named) return { fds: [] };
  if (fromMake(named)) return { fds: named };
  if (!isMake(command)) return { fds: [] };
  return {
    fds: [],
    warning: `MAKEFLAGS names jobserver descriptors ${named.join(',')} but they are not open (mark the recipe with '+' to share make's jobserver); the command runs without them`,
  };
}
