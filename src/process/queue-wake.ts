import { type FSWatcher, watch } from 'node:fs';

// How a waiter in the wait queue learns that something ahead of it changed: a watch on the queue
// directory (inotify, FSEvents, kqueue) wakes it when an entry it cares about comes or goes; a look at a
// fixed period finds what no event tells (a holder killed without a word, a system with no watch).
// Only the waiters an entry concerns wake (`concerns`): a ticket taken behind a waiter wakes nobody ahead.
export class QueueWake {
  #wake: (() => void) | undefined;
  // a change came while no nap was pending: the next nap ends at once
  #changed = false;
  #watcher: FSWatcher | undefined;
  readonly #signal: AbortSignal;
  readonly #onAbort = () => this.#poke();

  constructor(dir: string, concerns: (name: string) => boolean, signal: AbortSignal) {
    this.#watcher = watchDir(dir, (name) => {
      if (name === undefined || concerns(name)) this.#poke();
    });
    // a watch that fails later (its directory removed) leaves the period alone to find changes
    this.#watcher?.on('error', () => this.#unwatch());
    this.#signal = signal;
    signal.addEventListener('abort', this.#onAbort);
  }

  // Whether changes wake the waiter; without a watch it must look more often.
  get watching(): boolean {
    return this.#watcher !== undefined;
  }

  // Resolves after `ms`, or sooner when an entry the waiter cares about changes or the wait is aborted.
  nap(ms: number): Promise<void> {
    if (this.#changed || this.#signal.aborted) {
      this.#changed = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.#end(resolve), ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#end(resolve);
      };
    });
  }

  close(): void {
    this.#unwatch();
    this.#signal.removeEventListener('abort', this.#onAbort);
  }

  #end(resolve: () => void): void {
    this.#wake = undefined;
    this.#changed = false;
    resolve();
  }

  #poke(): void {
    if (this.#wake) this.#wake();
    else this.#changed = true;
  }

  #unwatch(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }
}

// A watch on `dir` that tells the name of each entry that changed (undefined where the system does not
// say); none where the system has no watch or no more watches to give (inotify's per-user limits).
function watchDir(dir: string, onChange: (name: string | undefined) => void): FSWatcher | undefined {
  try {
    const watcher = watch(dir, { persistent: false }, (_event, name) => onChange(name ?? undefined));
    return watcher;
  } catch {
    return undefined;
  }
}
