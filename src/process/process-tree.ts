import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// The processes on the system, for xrun's decisions about a command's processes: which are below it
// (in terminal mode the command shares xrun's process group, the terminal's foreground group, so xrun
// signals the command's tree instead of "its group") and which still run (a zombie does not: where
// PID 1 does not reap orphans, a killed grandchild stays one). Read from /proc where there is one,
// else from `ps` (macOS and the BSDs: their ps needs no /proc; procps's ps on Linux does).

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  // the state letter /proc and ps show: R, S, D, T, Z (zombie), ...
  state: string;
}

// Parses /proc/PID/stat: "pid (comm) state ppid pgrp ...", where comm may hold spaces and parentheses.
export function parseStat(text: string): ProcessEntry | undefined {
  const close = text.lastIndexOf(')');
  if (close === -1) return undefined;
  const pid = Number.parseInt(text, 10);
  const [state, ppid, pgid] = text.slice(close + 2).split(' ');
  if (!Number.isInteger(pid) || !state || ppid === undefined || pgid === undefined) return undefined;
  return { pid, ppid: Number(ppid), pgid: Number(pgid), state: state[0]! };
}

// Parses `ps -A -o pid=,ppid=,pgid=,stat=`: one process a line, "  PID  PPID  PGID STAT".
export function parsePs(text: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 4 || !fields.slice(0, 3).every((f) => /^\d+$/.test(f))) continue;
    const [pid, ppid, pgid, stat] = fields as [string, string, string, string];
    entries.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), state: stat[0]! });
  }
  return entries;
}

// A zombie (Z) has ended and waits only to be reaped; a dead one (X) is on its way out.
export function hasEnded(entry: ProcessEntry): boolean {
  return entry.state === 'Z' || entry.state === 'X';
}

// Whether what the list shows of group `pgid` has ended: every member it shows is a zombie. A group
// it shows no member of is not taken as ended: a member may be hidden (/proc's hidepid), or the list
// raced with the group's end (the next existence check then tells).
export function groupEnded(pgid: number, entries: readonly ProcessEntry[]): boolean {
  const members = entries.filter((e) => e.pgid === pgid);
  return members.length > 0 && members.every(hasEnded);
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

type Source = 'proc' | 'ps' | 'none';
let source: Source | undefined;

// Where the list comes from, probed once (what the system offers, not its name): /proc if this very
// process shows in it, else ps if it runs and shows this process, else nothing.
function listSource(): Source {
  source ??= procStat(process.pid) ? 'proc' : fromPs()?.some((e) => e.pid === process.pid) ? 'ps' : 'none';
  return source;
}

// Every process now on the system, zombies included; undefined where the system offers no list.
export function processes(): ProcessEntry[] | undefined {
  switch (listSource()) {
    case 'proc':
      return fromProc();
    case 'ps':
      // a ps that failed once (interrupted, say) does not mean the system has no list
      return fromPs() ?? [];
    case 'none':
      return undefined;
  }
}

function fromProc(): ProcessEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const entries: ProcessEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const entry = procStat(Number(name));
    if (entry) entries.push(entry);
  }
  return entries;
}

function procStat(pid: number): ProcessEntry | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // gone meanwhile, or no /proc
  }
}

function fromPs(): ProcessEntry[] | undefined {
  try {
    const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return parsePs(out);
  } catch {
    return undefined;
  }
}

// Whether a process (or, with a negative number, a process group) can be signalled: it exists, a
// zombie too; one of another user does.
export function signalable(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Whether a process runs: it exists and is no zombie. The state is read from /proc (one small file);
// without /proc a zombie counts as running, as a ps per check would be too dear for callers that poll.
export function exists(pid: number): boolean {
  if (!signalable(pid)) return false;
  const entry = listSource() === 'proc' ? procStat(pid) : undefined;
  return entry === undefined || !hasEnded(entry);
}
