import { claimStderr } from '../process/stdio.js';
import { type DefaultRun, defaultRunOf, executeDefaultRun } from './default-run.js';
import { endProcessWith } from './process-end.js';
import { startupParent } from './startup.js';

// The entry of dist/cli-default.cjs, the default run's own part of the bundle (scripts/build.mjs): one
// module scope, none of the chunk glue the CLI's other parts need, so a default run allocates less than
// the young generation holds even with a CI runner's environment. The launcher's loader
// (scripts/cli-loader.cjs) calls it with cli/run-kind.ts's default run command; false when the command is
// not run as a default run after all (a tool, a config file, a jobserver warning), decided with nothing
// started or changed, and the loader then runs the CLI as for any other run.
export function ranAsDefault(words: readonly string[]): boolean {
  // the CLI's entry says in one line that Windows is not supported (cli/entry.ts)
  if (process.platform === 'win32') return false;
  startupParent();
  let run: DefaultRun | undefined;
  try {
    run = defaultRunOf(words);
  } catch {
    // the CLI's own path says what went wrong, as it would have without this part
    return false;
  }
  if (run === undefined) return false;
  claimStderr();
  endProcessWith(executeDefaultRun(run));
  return true;
}
