import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { isTerminal } from './stdio.js';

// What a child gets as its stdin for one attempt.
export interface AttemptStdin {
  // the value for the child's stdio[0]
  stdio: 'inherit' | 'pipe' | number;
  // connects a piped stdin once the child runs; returns the function that disconnects it
  connect(childStdin: Writable | null): () => void;
  // a descriptor xrun opened for this attempt, to close afterwards
  ownedFd?: number;
}

// Feeds stdin to each attempt so that a retry sees the same input: a regular file is reopened from
// the start (where it cannot be, it is read through like a pipe), a pipe is recorded (up to
// `limitBytes`) and replayed, a terminal stays a terminal.
export interface StdinSource {
  forAttempt(attempt: number): AttemptStdin;
  // why a retry would not see the same input, if it would not
  replayBlocker(): string | undefined;
}

const INHERIT: AttemptStdin = { stdio: 'inherit', connect: () => () => {} };

// Chooses how stdin reaches the attempts. With a single attempt stdin is always inherited untouched.
export function createStdinSource(retrying: boolean, limitBytes: number, limitText: string): StdinSource {
  const kind = retrying ? stdinKind() : 'inherit';
  const offset = kind === 'file' ? reopenableOffset() : undefined;
  switch (replayMethod(kind, offset !== undefined)) {
    case 'reopen':
      return fileSource(offset!);
    case 'read-through':
      return new PipeReplay(limitBytes, limitText, kind === 'file' ? READ_THROUGH_FILE : 'a pipe');
    case 'inherit':
      return { forAttempt: () => INHERIT, replayBlocker: () => undefined };
  }
}

export type StdinKind = 'file' | 'pipe' | 'inherit';

// How a retry gets the same input: a file is reopened where /proc can reopen it, else it is read
// through like a pipe; a terminal, or no stdin at all, is inherited.
export function replayMethod(kind: StdinKind, fileReopenable: boolean): 'reopen' | 'read-through' | 'inherit' {
  if (kind === 'file') return fileReopenable ? 'reopen' : 'read-through';
  return kind === 'pipe' ? 'read-through' : 'inherit';
}

function stdinKind(): StdinKind {
  try {
    if (isTerminal(0)) return 'inherit';
    const stat = fstatSync(0);
    if (stat.isFile()) return 'file';
    if (stat.isFIFO() || stat.isSocket()) return 'pipe';
  } catch {
    // no stdin at all: nothing to replay
  }
  return 'inherit';
}

// A regular file: each retry opens it anew (a fresh offset) through /proc/self/fd/0, when xrun began
// at its start.
function fileSource(startOffset: number): StdinSource {
  return {
    forAttempt(attempt) {
      if (attempt === 1 || startOffset !== 0) return INHERIT;
      const fd = openSync('/proc/self/fd/0', 'r');
      return { stdio: fd, connect: () => () => {}, ownedFd: fd };
    },
    replayBlocker: () => (startOffset === 0 ? undefined : 'stdin is a file that was not at its start when xrun began'),
  };
}

// Node has no lseek; /proc tells a descriptor's offset and opens its file anew. Without /proc (macOS,
// the BSDs) a file is read through like a pipe: every attempt reads a pipe xrun feeds (so it cannot
// seek or size its stdin), and a retry is possible while the command consumed at most --stdin-buffer.
// Weighed and left: /dev/fd/0 there duplicates the descriptor (the offset stays shared, no rewind),
// the file's path is not to be had portably, and reading by position (pread) needs the start
// offset, which nothing portable tells.
const READ_THROUGH_FILE = 'a file read through like a pipe (no /proc to reopen it)';

// The offset stdin's file was at when xrun began, where /proc/self/fd/0 can be opened anew.
function reopenableOffset(): number | undefined {
  try {
    const offset = offsetIn(readFileSync('/proc/self/fdinfo/0', 'utf8'));
    closeSync(openSync('/proc/self/fd/0', 'r'));
    return offset;
  } catch {
    return undefined;
  }
}

// The offset in /proc/PID/fdinfo/FD ("pos:\t123"); 0 where it shows none.
export function offsetIn(fdinfo: string): number {
  return Number(/^pos:\s+(\d+)/m.exec(fdinfo)?.[1] ?? 0);
}

// A pipe: xrun reads it on the child's behalf, keeps every byte forwarded, and replays them first
// to the next attempt before going on with the live input.
class PipeReplay implements StdinSource {
  #recorded: Buffer[] = [];
  #recordedBytes = 0;
  #overflowed = false;
  #ended = false;

  constructor(
    private readonly limitBytes: number,
    private readonly limitText: string,
    // what stdin is, for the line that says why a retry is not possible
    private readonly what: string,
  ) {}

  replayBlocker(): string | undefined {
    return this.#overflowed
      ? `stdin is ${this.what} and the command consumed more than --stdin-buffer ${this.limitText}, so a retry could not replay it`
      : undefined;
  }

  forAttempt(): AttemptStdin {
    return { stdio: 'pipe', connect: (childStdin) => this.#connect(childStdin) };
  }

  #connect(childStdin: Writable | null): () => void {
    if (!childStdin) return () => {};
    childStdin.on('error', () => {}); // EPIPE: the child stopped reading
    for (const chunk of this.#recorded) childStdin.write(chunk);
    if (this.#ended) {
      childStdin.end();
      return () => {};
    }
    const stdin = process.stdin;
    const onData = (chunk: Buffer) => {
      this.#record(chunk);
      if (!childStdin.write(chunk)) {
        stdin.pause();
        childStdin.once('drain', () => stdin.resume());
      }
    };
    const onEnd = () => {
      this.#ended = true;
      childStdin.end();
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
    return () => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.pause();
    };
  }

  #record(chunk: Buffer): void {
    if (this.#overflowed) return;
    if (this.#recordedBytes + chunk.length > this.limitBytes) {
      this.#overflowed = true;
      this.#recorded = [];
      return;
    }
    this.#recorded.push(chunk);
    this.#recordedBytes += chunk.length;
  }
}
