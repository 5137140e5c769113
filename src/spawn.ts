import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { Ending } from './outcome.js';

export interface SpawnOptions {
  // own process group (no terminal): signals go to the whole group
  detached: boolean;
  // pipe stderr through xrun (forwarding every byte) instead of inheriting it
  pipeStderr: boolean;
}

export type ChildEnd = Ending | { kind: 'spawn-error'; errno: string; message: string };

export interface ChildHandle {
  pid: number | undefined;
  stderr: Readable | null;
  // resolves when the child has exited (not when its pipes close)
  exited: Promise<ChildEnd>;
}

// The only place a child process is started.
export function spawnChild(command: readonly string[], options: SpawnOptions): ChildHandle {
  const [file, ...args] = command as [string, ...string[]];
  const subprocess = execa(file, args, {
    stdio: ['inherit', 'inherit', options.pipeStderr ? 'pipe' : 'inherit'],
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
  return { pid: subprocess.pid, stderr: subprocess.stderr, exited };
}
