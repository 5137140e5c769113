import { osConstants } from '../model/builtin.js';

// Fixed paths: no PATH of the command's can put another program in their place.
const SH = '/bin/sh';
const ENV = '/usr/bin/env';

export interface ExecNeeds {
  // descriptors 0-2 the command must start with closed
  closedFds: readonly number[];
  // signal numbers the command must start with ignored
  ignoredSignals: readonly number[];
  // setpriv's path, where the kernel's parent-death signal can be asked for (Linux)
  setpriv: string | undefined;
  // what the command gets when xrun dies
  parentDeathSignal: string;
  // the command's environment, handed on by env -i
  env: Readonly<Record<string, string | undefined>>;
}

// What to spawn so that the command starts in the state it would have had without xrun (Node can give a
// child neither a closed descriptor 0-2, nor an ignored signal, nor a parent-death signal), or undefined
// when the command needs no shim. Each shim execs the next in the same process, so the command keeps
// the pid, argv[0], process group, session and descriptors it would have had:
// - setpriv --pdeathsig SIG: the kernel sends SIG to the command when xrun dies, even by SIGKILL;
// - /bin/sh: `trap '' N` and `exec N>&-`, then /usr/bin/env -i with xrun's environment spelled out,
//   so the command gets it exactly, not the shell's (dash sets PWD, bash SHLVL).
export function execArgv(command: readonly string[], needs: ExecNeeds): string[] | undefined {
  const state = stateShim(command, needs);
  if (needs.setpriv) return [needs.setpriv, '--pdeathsig', needs.parentDeathSignal, '--', ...(state ?? command)];
  return state;
}

function stateShim(command: readonly string[], needs: ExecNeeds): string[] | undefined {
  const { closedFds, ignoredSignals } = needs;
  // env would take a name with '=' for one more variable
  if ((closedFds.length === 0 && ignoredSignals.length === 0) || command[0]!.includes('=')) return undefined;
  const steps = [
    ...(ignoredSignals.length > 0 ? [`trap '' ${ignoredSignals.join(' ')}`] : []),
    ...(closedFds.length > 0 ? [`exec ${closedFds.map((fd) => `${fd}>&-`).join(' ')}`] : []),
    `exec ${ENV} -i -- "$@"`,
  ];
  const assignments = Object.entries(needs.env).flatMap(([name, value]) =>
    value === undefined ? [] : [`${name}=${value}`],
  );
  return [SH, '-c', steps.join('; '), 'sh', ...assignments, ...command];
}

// The caller's ignored signals that the command keeps ignored: all but those xrun catches itself (the
// signals it forwards and its stop signal), which reach the command at their default, as under GNU timeout.
export function keptIgnored(ignored: readonly number[], caught: readonly string[]): number[] {
  if (ignored.length === 0) return [];
  const signals = osConstants().signals;
  const numbers = new Set(caught.map((name) => signals[name as NodeJS.Signals]));
  return ignored.filter((signal) => !numbers.has(signal));
}
