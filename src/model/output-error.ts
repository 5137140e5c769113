// A write of the command's output to xrun's stdout or stderr that failed (the relays of process/). Pure.

// Which of xrun's descriptors: `merged` is the one file both are (2>&1), written through stdout; `held`
// is --hold-stdout's temporary file, where the command's stdout past 1 MiB waits.
export type OutputStream = 'stdout' | 'stderr' | 'merged' | 'held';

export interface OutputError {
  stream: OutputStream;
  // the error's name (ENOSPC) and the system's words for it (no space left on device)
  errno: string;
  message: string;
}

// The first error that lost output a reader wanted. EPIPE is none: the reader went away, and the
// command was given the broken pipe, as it would have been without xrun.
export function lostOutput(errors: readonly OutputError[] | undefined): OutputError | undefined {
  return errors?.find((e) => e.errno !== 'EPIPE');
}
