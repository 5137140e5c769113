import { readdirSync, readFileSync } from 'node:fs';

// Linux /proc: the processes below a pid. In terminal mode the command shares xrun's process group
// (the terminal's foreground group), so xrun cannot signal "its group" without hitting itself and
// whatever else runs in that group; it signals the command's tree instead.

const TREE_POLL_MS = 50;

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
  for (const e of entries) children.set(e.ppid, [...(children.get(e.ppid) ?? []), e]);
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

// The processes below the child that xrun signals in terminal mode, where it cannot signal the child's
// group (xrun's own): each signal reaches the tree as it is then, and every process seen stays a
// target while it is alive and still in the child's group (a pid used again elsewhere is not).
export class StoppedTree {
  readonly #seen = new Set<number>();
  #pgid: number | undefined;

  constructor(private readonly pid: number | undefined) {}

  signal(signal: NodeJS.Signals): void {
    if (this.pid === undefined) return;
    const entries = processes();
    this.#pgid ??= entries.find((e) => e.pid === this.pid)?.pgid;
    for (const pid of treeOf(this.pid, entries)) this.#seen.add(pid);
    for (const pid of this.#alive(entries)) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone meanwhile
      }
    }
  }

  // Waits up to `graceMs` for every process seen to end.
  async gone(graceMs: number): Promise<boolean> {
    const until = Date.now() + graceMs;
    for (;;) {
      if (this.#alive(processes()).length === 0) return true;
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, TREE_POLL_MS));
    }
  }

  #alive(entries: readonly ProcessEntry[]): number[] {
    return entries.filter((e) => this.#seen.has(e.pid) && e.pgid === this.#pgid).map((e) => e.pid);
  }
}
