import { existsSync, type FSWatcher, mkdirSync, readdirSync, unlinkSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { effectiveArgv, locateCommand } from './detect-tool.js';
import type { ToolName } from './models/index.js';
import { exists } from './process-tree.js';

// Files that mark a project's root, per tool (the outermost one wins for buck2: nested cells have their own).
const ROOT_MARKERS: Partial<Record<ToolName, { files: string[]; outermost: boolean }>> = {
  buck2: { files: ['.buckconfig'], outermost: true },
  bazel: { files: ['MODULE.bazel', 'WORKSPACE', 'WORKSPACE.bazel'], outermost: false },
};
const POLL_MS = 20;

// The project whose daemon a command talks to: buck2's outermost .buckconfig, bazel's workspace, else cwd.
export function projectRoot(tool: ToolName, cwd: string): string {
  const markers = ROOT_MARKERS[tool];
  if (!markers) return cwd;
  let found: string | undefined;
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (markers.files.some((f) => existsSync(join(dir, f)))) {
      found = dir;
      if (!markers.outermost) break;
    }
    if (dirname(dir) === dir) break;
  }
  return found ?? cwd;
}

// Which of the project's daemons a command talks to, when a tool runs several: buck2's isolation dir.
// facebook/buck2 app/buck2/src/lib.rs, BeforeSubcommandOptions::isolation_dir: `--isolation-dir`
// (global, so anywhere before `--`), else $BUCK_ISOLATION_DIR, else "v2"; one daemon per isolation dir.
export function daemonOf(tool: ToolName, argv: readonly string[], env: NodeJS.ProcessEnv): string {
  if (tool !== 'buck2') return '';
  const at = locateCommand(argv);
  if (!at) return '';
  let isolation = env['BUCK_ISOLATION_DIR'] || 'v2';
  // `env BUCK_ISOLATION_DIR=x buck2 ...`
  for (const word of argv.slice(0, at.index)) {
    if (word.startsWith('BUCK_ISOLATION_DIR=')) isolation = word.slice('BUCK_ISOLATION_DIR='.length) || 'v2';
  }
  const words = effectiveArgv(argv)!.slice(1);
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (word === '--') break;
    if (word === '--isolation-dir' && i + 1 < words.length) isolation = words[++i]!;
    else if (word.startsWith('--isolation-dir=')) isolation = word.slice('--isolation-dir='.length);
  }
  return isolation;
}

// The queue directory shared by the xruns of this user that wait for the same daemon: tool, project
// root and, where the tool runs several, which one (daemonOf).
export function queueDirectory(tool: ToolName, root: string, daemon = ''): string {
  return join(tmpdir(), `xrun-queue-${process.getuid?.() ?? 'user'}`, fnv1a64(`${tool}\0${root}\0${daemon}`));
}

// FNV-1a, 64 bits, as 16 hex digits: a stable, short name for a (tool, project) pair. Not node:crypto:
// in the startup snapshot it costs every start a few milliseconds of initialisation.
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

let instances = 0;

// A local wait queue through files, so xruns waiting for one busy daemon take turns instead of
// polling it together. `active-N-PID` marks an xrun whose command runs; `wait-TIME-PID` tickets order the
// waiters. A file whose process is gone is removed by whoever sees it: a dead holder never hangs the queue.
export class WaitQueue {
  readonly #ticket: string;
  readonly #active: string;
  #joined = false;

  constructor(
    readonly dir: string,
    private readonly pid: number = process.pid,
  ) {
    this.#ticket = `wait-${process.hrtime.bigint().toString().padStart(20, '0')}-${pid}`;
    // one mark per run, also for runs side by side in one process (the library); the pid comes last
    instances += 1;
    this.#active = `active-${instances}-${pid}`;
  }

  // Marks this xrun's command as running (others wait for it to end before they retry).
  markActive(): void {
    this.#write(this.#active);
  }

  clearActive(): void {
    this.#remove(this.#active);
  }

  // Leaves the queue and clears the marks; safe to call at exit, more than once.
  leave(): void {
    this.clearActive();
    if (this.#joined) this.#remove(this.#ticket);
    this.#joined = false;
  }

  // Waits until this xrun is first in line and no other xrun's command runs. Resolves 'waited' if it
  // had to wait for another xrun, 'free' if nothing was in the way (the holder is not an xrun), or
  // 'stopped' when `signal` aborts or `timeoutMs` passes.
  async waitForTurn(signal: AbortSignal, timeoutMs = Infinity): Promise<'waited' | 'free' | 'stopped'> {
    if (!this.#joined) {
      this.#write(this.#ticket);
      this.#joined = true;
    }
    if (signal.aborted || timeoutMs <= 0) return 'stopped';
    if (this.#myTurn()) return 'free';
    const until = Date.now() + timeoutMs;
    // woken by a change in the directory (inotify), by the abort, or by the poll at the latest
    let wake = () => {};
    const watcher = this.#watch(() => wake());
    const onAbort = () => wake();
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, Math.min(until - Date.now(), POLL_MS)));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (signal.aborted || Date.now() >= until) return 'stopped';
        if (this.#myTurn()) return 'waited';
      }
    } finally {
      watcher?.close();
      signal.removeEventListener('abort', onAbort);
    }
  }

  #myTurn(): boolean {
    const live = this.#liveEntries();
    const first = live.filter((f) => f.startsWith('wait-')).sort()[0];
    return first === this.#ticket && !live.some((f) => f.startsWith('active-') && f !== this.#active);
  }

  // The queue's files whose processes are alive; the others are removed.
  #liveEntries(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    return names.filter((name) => {
      const pid = Number(name.slice(name.lastIndexOf('-') + 1));
      if (pid === this.pid || isAlive(pid)) return true;
      this.#remove(name);
      return false;
    });
  }

  #watch(onChange: () => void): FSWatcher | undefined {
    try {
      return watch(this.dir, onChange);
    } catch {
      return undefined; // no inotify: the poll alone
    }
  }

  #write(name: string): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(this.dir, name), '');
  }

  #remove(name: string): void {
    try {
      unlinkSync(join(this.dir, name));
    } catch {
      // already gone
    }
  }
}

function isAlive(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0 && exists(pid);
}
