import { readdirSync, readFileSync } from 'node:fs';

// Linux /proc: the processes below a pid. In terminal mode the command shares xrun's process group
// (the terminal's foreground group), so xrun cannot signal "its group" without hitting itself and
// whatever else runs in that group; it signals the command's tree instead.

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
}

// Parses /proc/PID/stat: "pid (comm) state ppid pgrp ...", where comm may hold spaces and parentheses.
export function parseStat(text: string): ProcessEntry | undefined {
  const close = text.lastIndexOf(')');
  if (close === -1) return undefined;
  const pid = Number.parseInt(text, 10);
  const [, ppid, pgid] = text.slice(close + 2).split(' ');
  if (!Number.isInteger(pid) || ppid === undefined || pgid === undefined) return undefined;
  return { pid, ppid: Number(ppid), pgid: Number(pgid) };
}

// The descendants of `root` among `entries` that are in `root`'s own process group (a descendant
// that made a group of its own left it, as it would leave a group xrun signals), parents first.
export function treeOf(root: number, entries: readonly ProcessEntry[]): number[] {
  const pgid = entries.find((e) => e.pid === root)?.pgid;
  const children = new Map<number, ProcessEntry[]>();
  for (const e of entries) {
    const siblings = children.get(e.ppid);
    if (siblings) siblings.push(e);
    else children.set(e.ppid, [e]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (pgid !== undefined && child.pgid !== pgid) continue;
      found.push(child.pid);
      queue.push(child.pid);
    }
  }
  return found;
}

// Every process now running, as /proc shows them (an empty list where there is no /proc).
export function processes(): ProcessEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const entries: ProcessEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const entry = parseStat(readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (entry) entries.push(entry);
    } catch {
      // gone meanwhile
    }
  }
  return entries;
}

// Whether a process (or, with a negative number, a process group) exists; one of another user does.
export function exists(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
