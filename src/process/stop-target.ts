import { xrunLine } from '../command/redact.js';
import { groupEnded, hasEnded, type ProcessEntry, processes, signalable, treeOf } from './process-tree.js';

const POLL_MS = 50;

// What xrun stops when it stops a command: without a terminal, the process group the command leads;
// with one, the command shares xrun's group (the terminal's foreground group), so xrun stops the
// command and the processes below it in that group instead.
export interface StopTarget {
  // while the command runs: the command and everything of it
  signal(signal: NodeJS.Signals): void;
  // after the command has ended: waits up to `graceMs` for what is left of it to end
  stragglersGone(graceMs: number): Promise<boolean>;
  killStragglers(): void;
}

// Called with what xrun cannot do when the system offers no process list (no /proc, and ps fails).
export type NoProcessList = (consequence: string) => void;

// A NoProcessList that says so in one line through `log`, the first time only (once per run).
export function noProcessListOnce(log: (line: string) => void): NoProcessList {
  let said = false;
  return (consequence) => {
    if (!said) log(xrunLine(`cannot list processes here (no /proc, and ps failed), so ${consequence}`));
    said = true;
  };
}

export function stopTarget(pid: number | undefined, terminal: boolean, noList: NoProcessList = () => {}): StopTarget {
  if (pid === undefined) return { signal: () => {}, stragglersGone: async () => true, killStragglers: () => {} };
  return terminal ? new CommandTree(pid, noList) : new ProcessGroup(pid, noList);
}

// The kernel counts a group's zombies as members (signalling the group succeeds), so whether the
// group still runs is asked of the process list too: a group of zombies has ended.
class ProcessGroup implements StopTarget {
  constructor(
    private readonly pgid: number,
    private readonly noList: NoProcessList,
  ) {}

  signal(signal: NodeJS.Signals): void {
    send(-this.pgid, signal);
  }

  stragglersGone(graceMs: number): Promise<boolean> {
    return pollUntil(() => !this.#running(), graceMs);
  }

  killStragglers(): void {
    send(-this.pgid, 'SIGKILL');
  }

  #running(): boolean {
    if (!signalable(-this.pgid)) return false;
    const entries = processes();
    if (entries) return !groupEnded(this.pgid, entries);
    this.noList("a zombie left in the command's process group counts as running until --kill-after");
    return true;
  }
}

// Each signal reaches the tree as the process list shows it then; every process seen stays a
// straggler while it runs (a zombie has ended) and is still in the command's group (a pid used again
// elsewhere is not). The command itself is signalled by pid only while it runs: once it has ended,
// its pid is free for others. Without a process list only the command is reached.
class CommandTree implements StopTarget {
  readonly #seen = new Set<number>();
  #pgid: number | undefined;

  constructor(
    private readonly pid: number,
    private readonly noList: NoProcessList,
  ) {}

  signal(signal: NodeJS.Signals): void {
    const entries = processes();
    if (!entries) this.noList('signals reach the command but not the processes it started');
    this.#pgid ??= entries?.find((e) => e.pid === this.pid)?.pgid;
    for (const pid of treeOf(this.pid, entries ?? [])) this.#seen.add(pid);
    send(this.pid, signal);
    for (const pid of this.#alive(entries ?? [])) send(pid, signal);
  }

  stragglersGone(graceMs: number): Promise<boolean> {
    return pollUntil(() => this.#alive(processes() ?? []).length === 0, graceMs);
  }

  killStragglers(): void {
    for (const pid of this.#alive(processes() ?? [])) send(pid, 'SIGKILL');
  }

  #alive(entries: readonly ProcessEntry[]): number[] {
    return stragglers(this.#seen, this.#pgid, entries);
  }
}

// The processes seen below the command that still run in its group `pgid`, among `entries`.
export function stragglers(
  seen: ReadonlySet<number>,
  pgid: number | undefined,
  entries: readonly ProcessEntry[],
): number[] {
  return entries.filter((e) => seen.has(e.pid) && e.pgid === pgid && !hasEnded(e)).map((e) => e.pid);
}

// A process (or, negative, a group) already gone is fine.
function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // ESRCH: already gone
  }
}

// Polls `done` until it holds (true) or `graceMs` has passed (false).
async function pollUntil(done: () => boolean, graceMs: number): Promise<boolean> {
  const until = Date.now() + graceMs;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
