import { existsSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xrunLine } from '../../command/redact.js';
import { formatDuration } from '../../model/duration.js';
import type { ToolName } from '../../model/tools/index.js';
import { exists } from '../process-tree.js';
import { type Observed, ownStart, sameStart, startsOf } from './process-start.js';
import { prepareQueueDir } from './queue-dir.js';
import { QueueWake } from './queue-wake.js';

// A waiter wakes when the entry directly in front of it goes (QueueWake's watch on that entry); it also
// looks this often whether that entry's file and process are still there, which finds an xrun killed
// without a word ...
const LOOK_MS = 250;
// ... and this often where the system gives no watch
const UNWATCHED_LOOK_MS = 50;
// Each entry ahead is proved a live xrun's (pid and start time) when first seen, then kept while its
// process exists, and proved again this often: a killed xrun's pid may have been reused. A waiter also
// reads the whole queue this often, whatever its front does: the safety net under the watch.
const REVERIFY_MS = 5_000;
// A wait gives up when nothing in the queue ahead of it changes for this many backoff ceilings.
const STALL_CEILINGS = 20;

// The queue directory shared by the xruns of this user that wait for the same daemon: tool, project
// root and, where the tool runs several, which one (daemonOf).
export function queueDirectory(tool: ToolName, root: string, daemon = ''): string {
  return join(tmpdir(), `xrun-queue-${process.getuid?.() ?? 'user'}`, fnv1a64(`${tool}\0${root}\0${daemon}`));
}

// FNV-1a, 64 bits, as 16 hex digits: a stable, short name for a (tool, project) pair. Not node:crypto:
// loading it costs a retrying run more than this hash does.
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

let instances = 0;

// Whether a queue file is provably a live xrun's: the file says "PID START" (written by that xrun,
// atomically), the pid in its name agrees, and the process with that pid started then. 'stale' files
// (dead, reused pid, not an xrun's) are removed; 'unknown' ones (the system would not say) are left
// alone and not waited for.
//
// Why pid + start time and not a lock that dies with its holder: Node has no flock or fcntl locks; a
// unix socket listener would die with its holder but a socket path is limited to about 104 bytes
// (macOS's $TMPDIR alone takes half) and every check would be a connect; a FIFO needs mkfifo, which
// Node lacks; a held fd is visible to others only through Linux's /proc/PID/fd, where the start time
// is already exact. (pid, start) names one process for the life of the system.
export type EntryVerdict = 'trusted' | 'stale' | 'unknown';

export function entryVerdict(name: string, content: string | undefined, observed: Observed): EntryVerdict {
  const pid = entryPid(name);
  if (pid === undefined || content === undefined || observed === 'gone') return 'stale';
  const recorded = /^(\d+) (\S+)\n?$/.exec(content);
  if (!recorded || Number(recorded[1]) !== pid) return 'stale';
  if (observed === undefined) return 'unknown';
  return sameStart(recorded[2]!, observed) ? 'trusted' : 'stale';
}

// The pid a queue file's name ends with: active-N-PID, wait-TIME-PID.
function entryPid(name: string): number | undefined {
  const match = /^(?:active-\d+|wait-\d{20})-([1-9]\d*)$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

// A wait's progress: the entries ahead of it, and since when they are these.
export interface Progress {
  ahead: string;
  since: number;
}

export function track(progress: Progress | undefined, ahead: readonly string[], now: number): Progress {
  const key = [...ahead].sort().join(' ');
  return progress?.ahead === key ? progress : { ahead: key, since: now };
}

// Whether a wait should give up: the same entries stayed ahead for the whole bound.
export function stalled(progress: Progress, now: number, boundMs: number): boolean {
  return now - progress.since >= boundMs;
}

// The stall bound for a retry whose backoff ceiling is `maxDelayMs` (30 s by default: 10 minutes).
export function stallBound(maxDelayMs: number): number {
  return STALL_CEILINGS * maxDelayMs;
}

// The entry directly in front of a waiter, among the live entries ahead of it: the newest older ticket
// (it leaves only after its own turn, so its going is the waiter's cue), else a running command.
export function frontOf(ahead: readonly string[]): string | undefined {
  const tickets = ahead.filter((name) => name.startsWith('wait-')).sort();
  return tickets.at(-1) ?? [...ahead].sort()[0];
}

// What a waiting xrun sees of the queue: the pids whose commands hold the daemon, how many entries
// are ahead of it, and how long it has waited so far (0 when it starts waiting).
export interface QueueView {
  holders: number[];
  ahead: number;
  waitedMs: number;
}

// A waiting xrun says so when it starts waiting, then at least this often.
export const PROGRESS_EVERY_MS = 60_000;

export interface WaitQueueOptions {
  // told once when the queue turns itself off, when a wait starts, every PROGRESS_EVERY_MS of it,
  // and when a wait gives up
  log?: (line: string) => void;
  // the line for a wait in progress (the run layer words it)
  waitingLine?: (view: QueueView) => string;
  // the clock (tests inject one)
  now?: () => number;
  // the retry's backoff ceiling, from which the stall bound follows
  maxDelayMs?: number;
  // how often a waiter looks at the queue besides the changes it is told of (tests shorten it)
  lookMs?: number;
}

// A local wait queue through files, so xruns waiting for one busy daemon take turns instead of
// polling it together. `active-N-PID` marks an xrun whose command runs; `wait-TIME-PID` tickets order the
// waiters. Only files of live xruns count (entryVerdict); whoever sees a stale one removes it. The queue
// is an optimisation: when its directory cannot be used it turns itself off and busy retries back off.
// A waiter sleeps until an entry ahead of it goes (QueueWake), so a holder that leaves hands over at once
// and waiters cost nothing while they wait.
export class WaitQueue {
  readonly #ticket: string;
  readonly #active: string;
  readonly #log: (line: string) => void;
  readonly #stallMs: number;
  readonly #waitingLine: ((view: QueueView) => string) | undefined;
  readonly #now: () => number;
  readonly #lookMs: number;
  #joined = false;
  // the directory is prepared on first use; why the queue is off, if it is
  #prepared = false;
  #offReason: string | undefined;
  #offSaid = false;
  #stamp: string | undefined;
  // the entries ahead proved live ('trusted') or unprovable ('unknown'), and when they were last proved
  readonly #verdicts = new Map<string, EntryVerdict>();
  #provedAt = -Infinity;
  // other xruns' running commands while this one's ran (at its start and at its end): one of them may
  // have made it busy
  #activeBeside: string[] = [];
  // entries this xrun found stale and removed: no holder of the daemon
  readonly #dropped = new Set<string>();

  constructor(
    readonly dir: string,
    options: WaitQueueOptions = {},
  ) {
    const pid = process.pid;
    this.#ticket = `wait-${process.hrtime.bigint().toString().padStart(20, '0')}-${pid}`;
    // one mark per run, also for runs side by side in one process (the library); the pid comes last
    instances += 1;
    this.#active = `active-${instances}-${pid}`;
    this.#log = options.log ?? (() => {});
    this.#stallMs = stallBound(options.maxDelayMs ?? 30_000);
    this.#waitingLine = options.waitingLine;
    this.#now = options.now ?? Date.now;
    this.#lookMs = options.lookMs ?? LOOK_MS;
  }

  // Marks this xrun's command as running (others wait for it to end before they retry), noting the
  // other xruns' commands that run already.
  markActive(): void {
    if (!this.#usable()) return;
    this.#activeBeside = this.#othersActive();
    this.#write(this.#active);
  }

  // Clears the mark once the command has ended, noting the other xruns' commands that still run.
  clearActive(): void {
    if (this.#prepared && this.#offReason === undefined)
      this.#activeBeside = [...new Set([...this.#activeBeside, ...this.#othersActive()])];
    this.#remove(this.#active);
  }

  // Leaves the queue and clears the marks; safe to call at exit, more than once.
  leave(): void {
    this.#remove(this.#active);
    if (this.#joined) this.#remove(this.#ticket);
    this.#joined = false;
  }

  // Waits until this xrun is first in line and no other xrun's command runs. Resolves 'waited' if it
  // had to wait for another xrun (or one that ran beside its command has left since), 'free' if nothing
  // was in the way (the holder is not an xrun), the queue is off, or the wait stalled (then the retry
  // backs off), or 'stopped' when `signal` aborts or `timeoutMs` passes.
  async waitForTurn(signal: AbortSignal, timeoutMs = Infinity): Promise<'waited' | 'free' | 'stopped'> {
    if (!this.#joined) this.#joined = this.#write(this.#ticket);
    if (!this.#usable()) return this.#off();
    if (signal.aborted || timeoutMs <= 0) return 'stopped';
    const first = this.#ahead(true);
    if (first.length === 0) return this.#heldBesideLeft() ? 'waited' : 'free';
    const start = this.#now();
    this.#sayWaiting(first, start, start);
    const wake = new QueueWake(signal);
    try {
      const times = { start, until: start + timeoutMs, saidAt: start, readAt: start };
      return await this.#waitInLine(signal, times, { ahead: first, progress: track(undefined, first, start) }, wake);
    } finally {
      wake.close();
    }
  }

  // The queue is off: said once, and busy retries back off instead.
  #off(): 'free' {
    if (!this.#offSaid) this.#log(xrunLine(`wait queue off: ${this.#offReason}; busy retries back off instead`));
    this.#offSaid = true;
    return 'free';
  }

  // Nothing is ahead, but an xrun's command ran beside this one's: the busy answer was most likely its,
  // and it has left in between, so the turn is this one's now rather than after a backoff.
  #heldBesideLeft(): boolean {
    return this.#activeBeside.some((name) => !this.#dropped.has(name));
  }

  // Other xruns' running commands, as the directory lists them.
  #othersActive(): string[] {
    return this.#entryNames().filter((name) => name.startsWith('active-') && name !== this.#active);
  }

  // Sleeps until the entry in front goes (or each period, to check on it), then reads the whole queue,
  // until nothing is ahead, the wait is stopped, or it stalls. Between reads only the front is looked at.
  async #waitInLine(
    signal: AbortSignal,
    times: WaitTimes,
    line: Line,
    wake: QueueWake,
  ): Promise<'waited' | 'free' | 'stopped'> {
    for (let front = frontOf(line.ahead)!; ; ) {
      const follow = wake.follow(join(this.dir, front));
      const period = follow === 'unwatched' ? Math.min(this.#lookMs, UNWATCHED_LOOK_MS) : this.#lookMs;
      if (follow !== 'gone') await wake.nap(Math.max(1, Math.min(times.until - this.#now(), period)));
      const now = this.#now();
      if (signal.aborted || now >= times.until) return 'stopped';
      if (now - times.saidAt >= PROGRESS_EVERY_MS) times.saidAt = this.#sayWaiting(line.ahead, times.start, now);
      const due = now - times.readAt >= REVERIFY_MS || stalled(line.progress, now, this.#stallMs);
      if (follow !== 'gone' && !due && this.#stillThere(front)) continue;
      line.ahead = this.#ahead(false);
      times.readAt = now;
      if (line.ahead.length === 0) return 'waited';
      line.progress = track(line.progress, line.ahead, now);
      if (stalled(line.progress, now, this.#stallMs)) {
        this.#log(
          xrunLine(
            `wait queue: no progress for ${formatDuration(this.#stallMs)} (${describeAhead(line.ahead)}); retrying by backoff`,
          ),
        );
        return 'free';
      }
      front = frontOf(line.ahead)!;
    }
  }

  // The cheap look at the entry in front between reads: its file is there and its process exists; a
  // dead one's file is removed.
  #stillThere(name: string): boolean {
    if (!existsSync(join(this.dir, name))) return false;
    if (exists(entryPid(name)!)) return true;
    this.#drop(name);
    return false;
  }

  // The waiting line (who holds the daemon, how many are ahead); returns when it was said.
  #sayWaiting(ahead: readonly string[], start: number, now: number): number {
    const holders = ahead.filter((name) => name.startsWith('active-')).map((name) => entryPid(name)!);
    if (this.#waitingLine)
      this.#log(this.#waitingLine({ holders: [...new Set(holders)], ahead: ahead.length, waitedMs: now - start }));
    return now;
  }

  // Whether an entry's name puts it ahead of this xrun: others' running commands, older tickets.
  #concerns(name: string): boolean {
    if (name.startsWith('active-')) return name !== this.#active;
    return name.startsWith('wait-') && name < this.#ticket;
  }

  // The live xruns ahead of this one. Each entry is proved when first seen and, with `prove` or every
  // REVERIFY_MS, again; in between it counts while its process exists. Stale ones are removed.
  #ahead(prove: boolean): string[] {
    const names = this.#entryNames().filter((name) => this.#concerns(name));
    const now = this.#now();
    if (prove || now - this.#provedAt >= REVERIFY_MS) {
      this.#verdicts.clear();
      this.#provedAt = now;
    }
    for (const name of this.#verdicts.keys()) if (!names.includes(name)) this.#verdicts.delete(name);
    this.#prove(names.filter((name) => !this.#verdicts.has(name)));
    return names.filter((name) => {
      if (this.#verdicts.get(name) !== 'trusted') return false;
      if (exists(entryPid(name)!)) return true;
      this.#drop(name);
      return false;
    });
  }

  // Proves entries first seen: whether a live xrun wrote each (entryVerdict).
  #prove(names: readonly string[]): void {
    if (names.length === 0) return;
    const observed = startsOf([...new Set(names.map(entryPid).filter((pid) => pid !== undefined))]);
    for (const name of names) {
      const pid = entryPid(name);
      const verdict = entryVerdict(name, this.#read(name), pid === undefined ? 'gone' : observed.get(pid));
      if (verdict === 'stale') this.#drop(name);
      else this.#verdicts.set(name, verdict);
    }
  }

  // A stale entry: removed, by whoever sees it.
  #drop(name: string): void {
    this.#verdicts.delete(name);
    this.#dropped.add(name);
    this.#remove(name);
  }

  // The names of the queue's entries (none when it cannot be read).
  #entryNames(): string[] {
    try {
      return readdirSync(this.dir).filter((name) => name.startsWith('active-') || name.startsWith('wait-'));
    } catch {
      return [];
    }
  }

  #usable(): boolean {
    if (!this.#prepared) this.#offReason = prepareQueueDir(this.dir);
    this.#prepared = true;
    return this.#offReason === undefined;
  }

  #read(name: string): string | undefined {
    try {
      return readFileSync(join(this.dir, name), 'utf8');
    } catch {
      return undefined;
    }
  }

  // Writes an entry whole (a reader never sees it half written) and says whether it could; a
  // queue that cannot write turns itself off.
  #write(name: string): boolean {
    if (!this.#usable()) return false;
    this.#stamp ??= ownStart();
    if (this.#stamp === undefined) {
      this.#offReason = "this process's start time is unknown";
      return false;
    }
    const path = join(this.dir, name);
    try {
      // the temporary name is no entry's (a reader would remove a half-written entry as stale)
      const partial = join(this.dir, `.${name}`);
      writeFileSync(partial, `${process.pid} ${this.#stamp}\n`, { mode: 0o600 });
      renameSync(partial, path);
      return true;
    } catch (error) {
      this.#offReason = `cannot write in ${this.dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
      return false;
    }
  }

  #remove(name: string): void {
    try {
      unlinkSync(join(this.dir, name));
    } catch {
      // already gone
    }
  }
}

// When a wait started, when it gives up, when it last said how it goes, and when it last read the queue.
interface WaitTimes {
  start: number;
  until: number;
  saidAt: number;
  readAt: number;
}

// What a waiter last read of the queue: the live entries ahead of it, and since when they are these.
interface Line {
  ahead: string[];
  progress: Progress;
}

// "ahead: 1 running command, 2 waiting xruns"
function describeAhead(ahead: readonly string[]): string {
  const running = ahead.filter((name) => name.startsWith('active-')).length;
  const waiting = ahead.length - running;
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return `ahead: ${[running ? plural(running, 'running command') : '', waiting ? plural(waiting, 'waiting xrun') : ''].filter(Boolean).join(', ')}`;
}
