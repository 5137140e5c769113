import { fstatSync, statSync } from 'node:fs';
import { builtinNow } from '../model/builtin.js';
import { failureOf, type WriteFailure } from './relay/write-failure.js';

// xrun's own access to its standard streams. Node builds process.stdin/stdout/stderr on first use,
// which costs up to a couple of milliseconds of startup: a run that has nothing to say never builds
// them (bench/RESULTS.md). Terminal checks ask the descriptor instead.
//
// Node throws a write error (EPIPE: the reader is gone) on a stream with no 'error' listener, and the
// process exits 1. What xrun says of its own must never change how it ends, so the CLI claims its
// streams: their write errors are swallowed, and xrun's own lines after the first failure dropped.

let stderrBuilt = false;
// the CLI's, not a library host's: only the CLI swallows write errors on the process's stderr
let stderrClaimed = false;
let stderrBroken = false;
let stdoutBroken: boolean | undefined;
// what went wrong writing stdout, when its reader was not simply gone (EPIPE): a full disk, EIO
let stdoutFailure: WriteFailure | undefined;

// Whether the descriptor is a terminal, without building the stream. A terminal is a character device:
// a pipe, a file or /dev/null is told by fstat alone, so that only a run that may have a terminal loads
// node:tty (on Node 22 about 0.3 ms and 13 KB of young generation).
export function isTerminal(fd: 0 | 1 | 2): boolean {
  if (!mayBeTerminal(fd)) return false;
  return builtinNow<typeof import('node:tty')>('node:tty')?.isatty(fd) ?? false;
}

function mayBeTerminal(fd: number): boolean {
  let stats: ReturnType<typeof fstatSync>;
  try {
    stats = fstatSync(fd);
  } catch {
    // a closed descriptor is no terminal either
    return false;
  }
  return stats.isCharacterDevice() && stats.rdev !== devNullDevice();
}

// /dev/null's device number, or -1 where it cannot be looked at
let devNull: number | undefined;
function devNullDevice(): number {
  if (devNull === undefined) {
    try {
      devNull = statSync('/dev/null').rdev;
    } catch {
      devNull = -1;
    }
  }
  return devNull;
}

// Whether xrun's stdout and stderr are the same open file: the same pipe, the same terminal, the same
// file (device and inode). A closed descriptor is no file.
export function stdoutIsStderr(): boolean {
  try {
    const [out, err] = [fstatSync(1), fstatSync(2)];
    return out.dev === err.dev && out.ino === err.ino;
  } catch {
    return false;
  }
}

// The CLI's stderr is xrun's own: its write errors are swallowed from when it is built.
export function claimStderr(): void {
  stderrClaimed = true;
  if (stderrBuilt) process.stderr.on('error', markStderrBroken);
}

// xrun's stderr stream, built on first use. The child's stderr relay writes to it too, with an error
// listener of its own (relay/node-pipe-relay.ts: it stops reading so that the command sees the broken pipe).
export function stderrStream(): NodeJS.WriteStream {
  if (!stderrBuilt && stderrClaimed) process.stderr.on('error', markStderrBroken);
  stderrBuilt = true;
  return process.stderr;
}

// One of xrun's own lines; dropped once stderr's reader is gone.
export function writeStderr(text: string): void {
  if (!stderrBroken) stderrStream().write(text);
}

// xrun's stdout stream, built on first use with its write errors swallowed (the reader is gone). The
// child's stdout relay, when output rules read it, adds an error listener of its own (relay/node-pipe-relay.ts).
export function stdoutStream(): NodeJS.WriteStream {
  if (stdoutBroken === undefined) {
    stdoutBroken = false;
    process.stdout.on('error', (error) => {
      stdoutBroken = true;
      const failure = failureOf(error);
      if (failure.errno !== 'EPIPE') stdoutFailure ??= failure;
    });
  }
  return process.stdout;
}

export function writeStdout(text: string): void {
  const out = stdoutStream();
  if (!stdoutBroken) out.write(text);
}

// A write to stdout that failed other than with EPIPE (what a subcommand printed is then lost), if any.
export function stdoutWriteFailure(): WriteFailure | undefined {
  return stdoutFailure;
}

// Bytes written to a stream that the system has not taken yet (none if it was never built or is broken).
function pendingBytes(stream: 'stdout' | 'stderr'): number {
  if (stream === 'stderr') return stderrBuilt && !stderrBroken ? process.stderr.writableLength : 0;
  return stdoutBroken === false ? process.stdout.writableLength : 0;
}

// Calls `then` once the system has taken what was written to stdout and stderr, at once if nothing
// waits, and also if a reader goes away meanwhile.
export function whenOutputFlushed(then: () => void): void {
  const waiting = (['stdout', 'stderr'] as const).filter((s) => pendingBytes(s) > 0);
  let left = waiting.length;
  if (left === 0) {
    then();
    return;
  }
  for (const name of waiting) {
    const stream = name === 'stderr' ? stderrStream() : stdoutStream();
    let called = false;
    const once = () => {
      if (called) return;
      called = true;
      left -= 1;
      if (left === 0) then();
    };
    stream.once('error', once);
    stream.write('', once);
  }
}

function markStderrBroken(): void {
  stderrBroken = true;
}
