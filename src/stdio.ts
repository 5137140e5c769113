import { isatty } from 'node:tty';

// xrun's own access to its standard streams. Node builds process.stdin/stdout/stderr on first use,
// which costs up to a couple of milliseconds of startup: a run that has nothing to say never builds
// them (bench/RESULTS.md). Terminal checks ask the descriptor instead.

let stderrBuilt = false;

// Whether the descriptor is a terminal, without building the stream.
export function isTerminal(fd: 0 | 1 | 2): boolean {
  return isatty(fd);
}

// xrun's stderr stream, built on first use.
export function stderrStream(): NodeJS.WriteStream {
  stderrBuilt = true;
  return process.stderr;
}

export function writeStderr(text: string): void {
  stderrStream().write(text);
}

export function writeStdout(text: string): void {
  process.stdout.write(text);
}

// Bytes written to stderr that the system has not taken yet (none if the stream was never built).
export function stderrPendingBytes(): number {
  return stderrBuilt ? process.stderr.writableLength : 0;
}
