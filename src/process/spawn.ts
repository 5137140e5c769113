import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { redactCommand } from '../command/redact.js';
import type { Ending } from '../model/outcome.js';
import { takeCallerState } from './caller-state.js';
import { execArgv, keptIgnored } from './exec-shim.js';
import { FORWARDED_SIGNALS } from './interrupts.js';
import { execErrno, resolveCommand } from './resolve-command.js';

export interface SpawnOptions {
  // own process group (no terminal): signals go to the whole group
  detached: boolean;
  // the child's stdout / stderr: inherited (the default, untouched), Node's pipe, or a descriptor (a
  // relay's FIFO, relay/child-streams.ts)
  stdout?: 'inherit' | 'pipe' | number;
  stderr?: 'inherit' | 'pipe' | number;
  // the child's stdin: inherited, a pipe xrun feeds, or a descriptor
  stdin: 'inherit' | 'pipe' | number;
  // descriptors passed on at the same numbers (make's jobserver)
  extraFds: readonly number[];
  // sent to the command by the kernel if xrun dies, even by SIGKILL, where setpriv can ask for it
  // (default SIGTERM)
  parentDeathSignal?: NodeJS.Signals;
  // variables added to the command's environment (xrun's own otherwise, unchanged)
  env?: Readonly<Record<string, string>>;
}

export type ChildEnd = Ending | { kind: 'spawn-error'; errno: string; message: string };

export interface ChildHandle {
  pid: number | undefined;
  stdin: Writable | null;
  stderr: Readable | null;
  stdout: Readable | null;
  // resolves when the child has exited (not when its pipes close)
  exited: Promise<ChildEnd>;
}

// The only place a child process is started.
export function spawnChild(command: readonly string[], options: SpawnOptions): ChildHandle {
  const argv = launchArgv(command, options.parentDeathSignal ?? 'SIGTERM', options.env);
  if ('errno' in argv) return notStarted(command[0]!, argv.errno);
  const [file, ...args] = argv as [string, ...string[]];
  const stdio: [
    'inherit' | 'pipe' | number,
    'inherit' | 'pipe' | number,
    'inherit' | 'pipe' | number,
    ...('ignore' | number)[],
  ] = [options.stdin, options.stdout ?? 'inherit', options.stderr ?? 'inherit'];
  for (const fd of options.extraFds) {
    for (let i = stdio.length; i < fd; i += 1) stdio[i] = 'ignore';
    stdio[fd] = fd;
  }
  // Node's own spawn: a run needs nothing more, and a wrapper's modules would cost every start
  const subprocess = spawn(file, args, {
    stdio,
    detached: options.detached,
    // no variables to add: xrun's environment itself, which Node copies once
    env: options.env === undefined ? process.env : environmentWith(options.env),
  });
  const exited = new Promise<ChildEnd>((resolve) => {
    subprocess.once('exit', (code, signal) => {
      if (signal) resolve({ kind: 'signaled', signal });
      else if (code !== null) resolve({ kind: 'exited', code });
      else
        resolve({
          kind: 'spawn-error',
          errno: 'EUNKNOWN',
          message: 'the child ended with neither a code nor a signal',
        });
    });
    subprocess.once('error', (error: NodeJS.ErrnoException) => {
      if (subprocess.pid === undefined) resolve(spawnError(file, execErrno(file, error.code ?? 'UNKNOWN')));
    });
  });
  return { pid: subprocess.pid, stdin: subprocess.stdin, stderr: subprocess.stderr, stdout: subprocess.stdout, exited };
}

// The command itself, or the exec shims in front of it (exec-shim.ts). A shim would report a command it
// cannot run as its own failure, after starting: so xrun looks the command up first, as exec would.
function launchArgv(
  command: readonly string[],
  parentDeathSignal: NodeJS.Signals,
  extraEnv: SpawnOptions['env'],
): readonly string[] | { errno: string } {
  const caller = takeCallerState();
  const setpriv = process.platform === 'linux' ? utilLinuxSetpriv() : undefined;
  const shimmed = execArgv(command, {
    closedFds: caller.closedFds,
    ignoredSignals: keptIgnored(caller.ignoredSignals, [...FORWARDED_SIGNALS, parentDeathSignal]),
    setpriv,
    parentDeathSignal,
    // read after takeCallerState, which removes the launcher's variable; copied only if a state shim spells it out
    get env() {
      return environmentWith(extraEnv);
    },
  });
  if (!shimmed) return command;
  const found = resolveCommand(command[0]!, process.env['PATH']);
  return 'errno' in found ? found : shimmed;
}

// xrun's environment with `extra` over it, copied name by name: a spread of process.env allocates about 2.5
// times as much (V8 reads each variable's descriptor), which with a CI runner's hundred variables pushed a
// default run over its young generation into a collection.
export function environmentWith(extra: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name in process.env) env[name] = process.env[name];
  return Object.assign(env, extra);
}

// util-linux's setpriv on PATH, which has --pdeathsig; busybox's applet (a link to busybox) has not.
function utilLinuxSetpriv(): string | undefined {
  const found = resolveCommand('setpriv', process.env['PATH']);
  if (!('path' in found)) return undefined;
  try {
    return basename(realpathSync(found.path)) === 'setpriv' ? found.path : undefined;
  } catch {
    return undefined;
  }
}

// A command exec could not run: reported as Node reports it, and nothing was started.
function notStarted(file: string, errno: string): ChildHandle {
  return { pid: undefined, stdin: null, stderr: null, stdout: null, exited: Promise.resolve(spawnError(file, errno)) };
}

// Node's message for it (`spawn FILE ENOENT`), the file's secrets redacted: the message reaches the
// report and the library's caller (`xrun -- GITHUB_TOKEN=x make` runs a command named so).
function spawnError(file: string, errno: string): ChildEnd {
  return { kind: 'spawn-error', errno, message: `spawn ${redactCommand([file])[0]} ${errno}` };
}
