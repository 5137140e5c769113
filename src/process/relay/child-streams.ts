import type { Readable } from 'node:stream';
import type { OutputError, OutputStream } from '../../model/output-error.js';
import { BoundedTail } from '../../model/stderr-tail.js';
import { stdoutIsStderr } from '../stdio.js';
import type { PipeRelay } from './fifo-relay.js';
import { streamLayout } from './stream-layout.js';
import type { WriteFailure } from './write-failure.js';

// What the child's stdout or stderr is: xrun's own descriptor, a pipe Node makes, or a FIFO's write end.
type ChildOutput = 'inherit' | 'pipe' | number;

export interface ChildStreams {
  stdout: ChildOutput;
  stderr: ChildOutput;
  // the child has started: xrun closes its copy of each FIFO's write end, and reads what Node piped
  started(child: { stdout: Readable | null; stderr: Readable | null }): void;
  // every relay has drained (or given up on a grandchild holding its pipe): the tails, and the writes of
  // the command's output to xrun's descriptors that failed
  drain(): Promise<{ stdoutTail: string; stderrTail: string; outputErrors: OutputError[] }>;
}

type Stream = 'stdout' | 'stderr';

// One stream's relay: a FIFO (relay/fifo-relay.ts), or, where no FIFO can be made, Node's
// pipe and the stream relay (relay/node-pipe-relay.ts).
interface StreamRelay {
  output: ChildOutput;
  started(piped: Readable | null): void;
  drain(): Promise<Drained>;
}

interface Drained {
  tail: string;
  writeError: WriteFailure | undefined;
}

// The child's output streams for one attempt (relay/stream-layout.ts). Merged, the one tail is the merged
// stream's and stands for stderr's. `hold` (--hold-stdout): stdout goes there, through a pipe of its
// own, never merged (holding it gives up its order against stderr), its tail kept for the output rules.
// Resolves once the FIFOs are made (mkfifo awaited, never run synchronously on the event loop). The relays'
// code is loaded only for a stream that is read: a run that reads neither (most) never evaluates it.
export async function childStreams(
  readStdout: boolean,
  readStderr: boolean,
  hold?: NodeJS.WritableStream,
): Promise<ChildStreams> {
  const sameFile = hold === undefined && (readStdout || readStderr) && stdoutIsStderr();
  const layout = streamLayout(readStdout || hold !== undefined, readStderr, sameFile);
  const merged = layout.kind === 'merged' ? await (await import('./fifo-relay.js')).openPipeRelay(1) : undefined;
  if (merged) {
    const relay = fifoRelay(merged);
    return {
      stdout: merged.childFd,
      stderr: merged.childFd,
      started: () => relay.started(null),
      drain: async () => {
        const { tail, writeError } = await relay.drain();
        return { stdoutTail: '', stderrTail: tail, outputErrors: outputErrors([['merged', writeError]]) };
      },
    };
  }
  // both FIFOs made at the same time
  const [stdout, stderr] = await Promise.all([
    hold ? nodePipeRelay(hold) : readStdout ? streamRelay('stdout') : undefined,
    readStderr ? streamRelay('stderr') : undefined,
  ]);
  return {
    stdout: stdout?.output ?? 'inherit',
    stderr: stderr?.output ?? 'inherit',
    started: (child) => {
      stdout?.started(child.stdout);
      stderr?.started(child.stderr);
    },
    drain: async () => {
      const none: Drained = { tail: '', writeError: undefined };
      const [out, err] = await Promise.all([stdout?.drain() ?? none, stderr?.drain() ?? none]);
      const errors = outputErrors([
        [hold ? 'held' : 'stdout', out.writeError],
        ['stderr', err.writeError],
      ]);
      return { stdoutTail: out.tail, stderrTail: err.tail, outputErrors: errors };
    },
  };
}

function outputErrors(failures: [OutputStream, WriteFailure | undefined][]): OutputError[] {
  return failures.flatMap(([stream, failure]) => (failure ? [{ stream, ...failure }] : []));
}

async function streamRelay(stream: Stream): Promise<StreamRelay> {
  const fifo = await (await import('./fifo-relay.js')).openPipeRelay(stream === 'stdout' ? 1 : 2);
  return fifo ? fifoRelay(fifo) : await nodePipeRelay(stream);
}

function fifoRelay(relay: PipeRelay): StreamRelay {
  return {
    output: relay.childFd,
    started: () => relay.spawned(),
    drain: async () => ({ tail: await relay.drain(), writeError: relay.writeError }),
  };
}

async function nodePipeRelay(stream: Stream | NodeJS.WritableStream): Promise<StreamRelay> {
  const { forwardStream } = await import('./node-pipe-relay.js');
  const tail = new BoundedTail();
  let forwarding: ReturnType<typeof forwardStream> | undefined;
  return {
    output: 'pipe',
    started: (piped) => {
      if (piped) forwarding = forwardStream(piped, stream, tail);
    },
    drain: async () => {
      const writeError = await forwarding?.drain();
      return { tail: tail.text(), writeError };
    },
  };
}
