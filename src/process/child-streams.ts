import type { Readable } from 'node:stream';
import { BoundedTail } from '../model/stderr-tail.js';
import { openPipeRelay, type PipeRelay } from './pipe-relay.js';
import { forwardStream } from './stderr-relay.js';
import { stdoutIsStderr } from './stdio.js';
import { streamLayout } from './stream-layout.js';

// What the child's stdout or stderr is: xrun's own descriptor, a pipe Node makes, or a FIFO's write end.
type ChildOutput = 'inherit' | 'pipe' | number;

export interface ChildStreams {
  stdout: ChildOutput;
  stderr: ChildOutput;
  // the child has started: xrun closes its copy of each FIFO's write end, and reads what Node piped
  started(child: { stdout: Readable | null; stderr: Readable | null }): void;
  // every relay has drained (or given up on a grandchild holding its pipe): the tails
  drain(): Promise<{ stdoutTail: string; stderrTail: string }>;
}

type Stream = 'stdout' | 'stderr';

// One stream's relay: a FIFO (pipe-relay.ts), or, where no FIFO can be made, Node's
// pipe and the stream relay (stderr-relay.ts).
interface StreamRelay {
  output: ChildOutput;
  started(piped: Readable | null): void;
  drain(): Promise<string>;
}

// The child's output streams for one attempt (stream-layout.ts). Merged, the one tail is the merged
// stream's and stands for stderr's.
export function childStreams(readStdout: boolean, readStderr: boolean): ChildStreams {
  const layout = streamLayout(readStdout, readStderr, (readStdout || readStderr) && stdoutIsStderr());
  const merged = layout.kind === 'merged' ? openPipeRelay(1) : undefined;
  if (merged) {
    const relay = fifoRelay(merged);
    return {
      stdout: merged.childFd,
      stderr: merged.childFd,
      started: () => relay.started(null),
      drain: async () => ({ stdoutTail: '', stderrTail: await relay.drain() }),
    };
  }
  const stdout = readStdout ? streamRelay('stdout') : undefined;
  const stderr = readStderr ? streamRelay('stderr') : undefined;
  return {
    stdout: stdout?.output ?? 'inherit',
    stderr: stderr?.output ?? 'inherit',
    started: (child) => {
      stdout?.started(child.stdout);
      stderr?.started(child.stderr);
    },
    drain: async () => {
      const [stdoutTail, stderrTail] = await Promise.all([stdout?.drain() ?? '', stderr?.drain() ?? '']);
      return { stdoutTail, stderrTail };
    },
  };
}

function streamRelay(stream: Stream): StreamRelay {
  const fifo = openPipeRelay(stream === 'stdout' ? 1 : 2);
  return fifo ? fifoRelay(fifo) : nodePipeRelay(stream);
}

function fifoRelay(relay: PipeRelay): StreamRelay {
  return { output: relay.childFd, started: () => relay.spawned(), drain: () => relay.drain() };
}

function nodePipeRelay(stream: Stream): StreamRelay {
  const tail = new BoundedTail();
  let forwarding: { drain(): Promise<void> } | undefined;
  return {
    output: 'pipe',
    started: (piped) => {
      if (piped) forwarding = forwardStream(piped, stream, tail);
    },
    drain: async () => {
      await forwarding?.drain();
      return tail.text();
    },
  };
}
