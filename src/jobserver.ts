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

// Which of the descriptors really came from make. By the time xrun's code runs, Node has opened
// its own descriptors, and when make closed the jobserver (a recipe without '+') Node may have reused
// the very numbers. So a descriptor counts only if it is the same pipe as in the parent process,
// which holds make's jobserver (or, where the parent cannot be read, if it is a pipe at all).
export function openDescriptors(fds: readonly number[], parentPid: number = process.ppid): number[] {
  return fds.filter((fd) => {
    const ours = linkOf(`/proc/self/fd/${fd}`);
    if (ours === undefined) return false;
    const parents = linkOf(`/proc/${parentPid}/fd/${fd}`);
    return parents === undefined ? ours.startsWith('pipe:') || isFifo(fd) : parents === ours;
  });
}

function linkOf(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

function isFifo(fd: number): boolean {
  try {
    return fstatSync(fd).isFIFO();
  } catch {
    return false;
  }
}

// Node marks inherited descriptors close-on-exec, which turns `make -j` serial under a Node wrapper:
// the jobserver descriptors to pass on at the same numbers, and a warning when they are not open.
export function jobserverPassthrough(makeflags: string | undefined): { fds: number[]; warning?: string } {
  const named = jobserverFds(makeflags);
  if (!named) return { fds: [] };
  const open = openDescriptors(named);
  if (open.length === named.length) return { fds: named };
  return {
    fds: [],
    warning: `MAKEFLAGS names jobserver descriptors ${named.join(',')} but they are not open (mark the recipe with '+' to share make's jobserver); the command runs without them`,
  };
}
