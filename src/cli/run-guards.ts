import { onExit } from 'signal-exit';
import { osConstants } from '../model/builtin.js';
import { Interrupts } from '../process/interrupts.js';
import { startupParent } from './startup.js';

export interface RunGuards {
  interrupts: Interrupts;
  // lets go of every process-wide handler the run installed
  release(): void;
}

// What xrun holds while a run's command runs, the full run's and the default run's alike: interrupts
// forwarded to the command, the command killed if xrun exits, SIGUSR1 and SIGXFSZ handled.
// `terminal`: the command shares xrun's terminal and foreground process group.
export function guardRun(terminal: boolean): RunGuards {
  const interrupts = new Interrupts(terminal).install(startupParent());
  const removeExitHook = onExit(() => interrupts.killRunning());
  const removeUsr1 = endOnUsr1();
  const removeSizeLimit = failWritesPastSizeLimit();
  return {
    interrupts,
    release: () => {
      interrupts.uninstall();
      removeExitHook();
      removeUsr1();
      removeSizeLimit();
    },
  };
}

// Node opens its inspector on SIGUSR1 (a debugger on 127.0.0.1:9229 that any local user can drive);
// xrun ends instead, as on any terminating signal it does not forward: the exit hook kills the command.
// 128+N, since Node cannot re-raise SIGUSR1.
function endOnUsr1(): () => void {
  const end = () => process.exit(128 + osConstants().signals.SIGUSR1);
  process.on('SIGUSR1', end);
  return () => process.removeListener('SIGUSR1', end);
}

// A write past the file size limit (ulimit -f) fails with EFBIG instead of killing xrun with SIGXFSZ
// (signal-exit would re-raise it): the relay then says so and the run ends as for any lost output.
function failWritesPastSizeLimit(): () => void {
  const ignore = () => {};
  process.on('SIGXFSZ', ignore);
  return () => process.removeListener('SIGXFSZ', ignore);
}
