// Which of the child's output streams xrun reads, and how. Pure.
//
// When xrun's stdout and stderr are the same open file (`2>&1`, a CI runner's one pipe for both, one
// terminal) and xrun reads either stream, the child gets ONE pipe for both, as the shell's 2>&1 would
// give it, so that the file gets the bytes in the order the child wrote them. Otherwise each stream
// xrun reads gets a pipe of its own, and a stream it does not read stays xrun's own descriptor.
export type StreamLayout =
  | { kind: 'untouched' }
  | { kind: 'merged' }
  | { kind: 'separate'; stdout: boolean; stderr: boolean };

export function streamLayout(readStdout: boolean, readStderr: boolean, sameFile: boolean): StreamLayout {
  if (!readStdout && !readStderr) return { kind: 'untouched' };
  if (sameFile) return { kind: 'merged' };
  return { kind: 'separate', stdout: readStdout, stderr: readStderr };
}
