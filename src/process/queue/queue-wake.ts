import { type FSWatcher, watch } from 'node:fs';

// What following an entry found: a watch on it, the entry already gone, or no watch to be had.
export type Follow = 'watching' | 'gone' | 'unwatched';

// How a waiter in the wait queue learns that the entry in front of it went: a watch on that one file
// (inotify, kqueue, FSEvents) wakes it when the file is removed. Each waiter watches only the entry
// directly in front, so a holder leaving wakes one waiter, not every waiter re-reading the directory at
// once. A look at a period (the waiter's) finds what no event tells: a holder killed without a word, a
// system with no watch.
export class QueueWake {
  #wake: (() => void) | undefined;
  // a change came while no nap was pending: the next nap ends at once
  #changed = false;
  #watcher: FSWatcher | undefined;
  #followed: string | undefined;
  readonly #signal: AbortSignal;
  readonly #onAbort = () => this.#poke();

  constructor(signal: AbortSignal) {
    this.#signal = signal;
    signal.addEventListener('abort', this.#onAbort);
  }

  // Watches `path` instead of what was watched before (nothing when it is the same path).
  follow(path: string): Follow {
    if (path === this.#followed && this.#watcher) return 'watching';
    this.#unwatch();
    this.#changed = false;
    try {
      this.#watcher = watch(path, { persistent: false }, () => this.#poke());
    } catch (error) {
      // removed between the look and the watch: nothing to wait for
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unwatched';
    }
    this.#followed = path;
    // a watch that fails later leaves the period alone to find changes
    this.#watcher.on('error', () => this.#unwatch());
    return 'watching';
  }

  // Whether a change wakes the waiter; without a watch it must look more often.
  get watching(): boolean {
    return this.#watcher !== undefined;
  }

  // Resolves after `ms`, or sooner when the followed entry changes or the wait is aborted.
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
    this.#followed = undefined;
  }
}
