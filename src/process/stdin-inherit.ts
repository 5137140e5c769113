import type { StdinSource } from './stdin-replay.js';

// A single attempt's stdin: always xrun's own, untouched. Its own module, so that a run that cannot
// retry never loads the replay (stdin-replay.ts).
export const INHERITED_STDIN: StdinSource = {
  forAttempt: () => ({ stdio: 'inherit', connect: () => () => {} }),
  replayBlocker: () => undefined,
};
