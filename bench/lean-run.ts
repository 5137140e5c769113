// A bench reference (issue 24), not shipped: the least a plain generic run could execute, made of xrun's
// own modules (the spawner with its caller state, exec shims and setpriv, the interrupts, the exit plan).
// bench/startup.mjs bundles it and runs it through xrun's launcher and code cache: how fast a plain run
// could start if it loaded nothing else. It skips what the real run does (settings, plan, supervisor,
// classification, reports), so it is a target, not an xrun.
import { onExit } from 'signal-exit';
import { exitPlan } from '../src/cli/exit-plan.js';
import { startupParent } from '../src/cli/startup.js';
import type { ExitStatus } from '../src/model/exit-status.js';
import { Interrupts } from '../src/process/interrupts.js';
import { spawnChild } from '../src/process/spawn.js';
import { isTerminal } from '../src/process/stdio.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const command = argv[0] === '--' ? argv.slice(1) : argv;
  const terminal = isTerminal(0) || isTerminal(1) || isTerminal(2);
  const interrupts = new Interrupts(terminal).install(startupParent());
  const removeExitHook = onExit(() => interrupts.killRunning());
  const child = spawnChild(command, { detached: !terminal, stdin: 'inherit', extraFds: [] });
  const detach = interrupts.attach({ kill: (signal) => child.pid !== undefined && process.kill(child.pid, signal) });
  const end = await child.exited;
  detach();
  interrupts.uninstall();
  removeExitHook();
  const status: ExitStatus =
    end.kind === 'exited'
      ? { kind: 'code', code: end.code }
      : end.kind === 'signaled'
        ? { kind: 'signal', signal: end.signal, fallbackCode: 128 }
        : { kind: 'code', code: 127 };
  const plan = exitPlan(status, process.pid);
  if (plan.kind === 'code') process.exitCode = plan.code;
  else process.kill(process.pid, plan.signal);
}

void main();
