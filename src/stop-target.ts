import { exists, type ProcessEntry, processes, treeOf } from './process-tree.js';

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

export function stopTarget(pid: number | undefined, terminal: boolean): StopTarget {
  if (pid === undefined) return { signal: () => {}, stragglersGone: async () => true, killStragglers: () => {} };
  return terminal ? new CommandTree(pid) : new ProcessGroup(pid);
}

class ProcessGroup implements StopTarget {
  constructor(private readonly pgid: number) {}

  signal(signal: NodeJS.Signals): void {
    send(-this.pgid, signal);
  }

  stragglersGone(graceMs: number): Promise<boolean> {
    return pollUntil(() => !exists(-this.pgid), graceMs);
  }

  killStragglers(): void {
    send(-this.pgid, 'SIGKILL');
  }
}

// Each signal reaches the tree as /proc shows it then; every process seen stays a straggler while it
// is alive and still in the command's group (a pid used again elsewhere is not). The command itself
// is signalled by pid only while it runs: once it has ended, its pid is free for others.
class CommandTree implements StopTarget {
  readonly #seen = new Set<number>();
  #pgid: number | undefined;

  constructor(private readonly pid: number) {}

  signal(signal: NodeJS.Signals): void {
    const entries = processes();
    this.#pgid ??= entries.find((e) => e.pid === this.pid)?.pgid;
    for (const pid of treeOf(this.pid, entries)) this.#seen.add(pid);
    send(this.pid, signal);
    for (const pid of this.#alive(entries)) send(pid, signal);
  }

  stragglersGone(graceMs: number): Promise<boolean> {
    return pollUntil(() => this.#alive(processes()).length === 0, graceMs);
  }

  killStragglers(): void {
    for (const pid of this.#alive(processes())) send(pid, 'SIGKILL');
  }

  #alive(entries: readonly ProcessEntry[]): number[] {
    return entries.filter((e) => this.#seen.has(e.pid) && e.pgid === this.#pgid).map((e) => e.pid);
  }
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
