// Signals xrun passes on to the child.
export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
// Signals a terminal sends to its whole foreground process group (Ctrl-C, Ctrl-\).
const TERMINAL_SIGNALS: ReadonlySet<string> = new Set(['SIGINT', 'SIGQUIT']);
const PARENT_POLL_MS = 250;

export interface InterruptTarget {
  kill(signal: NodeJS.Signals): void;
}

// Receives xrun's interrupts: remembers the first, forwards to the running child, escalates a
// second SIGINT/SIGTERM to SIGKILL, ends backoff sleeps at once, and watches for parent death.
export class Interrupts {
  received: NodeJS.Signals | undefined;
  readonly #controller = new AbortController();
  #child: InterruptTarget | undefined;
  #parentWatch: NodeJS.Timeout | undefined;
  readonly #listener = (signal: NodeJS.Signals) => this.deliver(signal);

  // `terminal`: the child shares xrun's foreground process group, so the terminal signals it itself
  constructor(private readonly terminal: boolean) {}

  // `parent`: xrun's parent as seen at startup; a change means it died
  install(parent: number): this {
    for (const signal of FORWARDED_SIGNALS) process.on(signal, this.#listener);
    this.#parentWatch = setInterval(() => {
      // reparented: the parent is gone (a CI runner that killed only the shell)
      if (process.ppid === parent) return;
      clearInterval(this.#parentWatch);
      this.deliver('SIGTERM');
    }, PARENT_POLL_MS).unref();
    return this;
  }

  uninstall(): void {
    for (const signal of FORWARDED_SIGNALS) process.removeListener(signal, this.#listener);
    clearInterval(this.#parentWatch);
  }

  // Aborted on the first interrupt; backoff sleeps listen to it.
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  // Registers the running child; returns the function that unregisters it.
  attach(child: InterruptTarget): () => void {
    this.#child = child;
    return () => {
      if (this.#child === child) this.#child = undefined;
    };
  }

  // Kills the running child, if any: xrun is exiting and no child may outlive it.
  killRunning(): void {
    this.#child?.kill('SIGKILL');
  }

  deliver(signal: NodeJS.Signals): void {
    const first = this.received === undefined;
    if (first) {
      this.received = signal;
      this.#controller.abort();
    }
    const child = this.#child;
    if (!child) return;
    if (!first && (signal === 'SIGINT' || signal === 'SIGTERM')) child.kill('SIGKILL');
    else if (!(this.terminal && TERMINAL_SIGNALS.has(signal))) child.kill(signal);
  }
}
