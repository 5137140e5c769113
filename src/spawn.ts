import type { Readable, Writable } from 'node:stream';
import { execa, type Options } from 'execa';
import type { Ending } from './outcome.js';

export interface SpawnOptions {
  // own process group (no terminal): signals go to the whole group
  detached: boolean;
  // pipe stderr through xrun (forwarding every byte) instead of inheriting it
  pipeStderr: boolean;
  // the child's stdin: inherited, a pipe xrun feeds, or a descriptor
  stdin: 'inherit' | 'pipe' | number;
  // descriptors passed on at the same numbers (make's jobserver)
  extraFds: readonly number[];
}

export type ChildEnd = Ending | { kind: 'spawn-error'; errno: string; message: string };

export interface ChildHandle {
  pid: number | undefined;
  stdin: Writable | null;
  stderr: Readable | null;
  // resolves when the child has exited (not when its pipes close)
  exited: Promise<ChildEnd>;
}

// The only place a child process is started.
export function spawnChild(command: readonly string[], options: SpawnOptions): ChildHandle {
  const [file, ...args] = command as [string, ...string[]];
  const stdio: ['inherit' | 'pipe' | number, 'inherit', 'inherit' | 'pipe', ...('ignore' | number)[]] = [
    options.stdin,
    'inherit',
    options.pipeStderr ? 'pipe' : 'inherit',
  ];
  for (const fd of options.extraFds) {
    for (let i = stdio.length; i < fd; i += 1) stdio[i] = 'ignore';
    stdio[fd] = fd;
  }
  const subprocess = execa(file, args, {
    // execa's types lack a plain descriptor number for stdin, which it passes on to Node as is
    stdio: stdio as unknown as Options['stdio'],
    buffer: false,
    reject: false,
    // xrun owns the child's lifetime (signal-exit in cli.ts); execa's cleanup would kill only the pid
    cleanup: false,
    detached: options.detached,
    stripFinalNewline: false,
  });
  const exited = new Promise<ChildEnd>((resolve) => {
    subprocess.once('exit', (code, signal) => {
      if (signal) resolve({ kind: 'signaled', signal });
      else if (code !== null) resolve({ kind: 'exited', code });
      else resolve({ kind: 'spawn-error', errno: 'EUNKNOWN', message: 'the child ended with neither a code nor a signal' });
    });
    subprocess.once('error', (error: NodeJS.ErrnoException) => {
      if (subprocess.pid === undefined) resolve({ kind: 'spawn-error', errno: error.code ?? 'UNKNOWN', message: error.message });
    });
  });
  // execa's own promise settles when the pipes close; its result is read from the events above
  subprocess.catch(() => {});
  return { pid: subprocess.pid, stdin: subprocess.stdin, stderr: subprocess.stderr, exited };
}
