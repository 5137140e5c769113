import type { RunSettings } from './plan.js';

// xrun's own usage or configuration error: one line on stderr, exit 125, nothing is started.
export class UsageError extends Error {
  override name = 'UsageError';
  readonly #setting: keyof RunSettings | undefined;

  constructor(message: string, setting?: keyof RunSettings) {
    super(message);
    this.#setting = setting;
  }

  // the run setting the message is about (its text then starts with that option's flag), if any
  get setting(): keyof RunSettings | undefined {
    return this.#setting;
  }
}
