import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type ContainerRun, removeCommand, shortContainerId, withCidfile } from '../../command/containers.js';
import type { ParsedCommand } from '../../command/parse.js';
import { xrunLine } from '../../command/redact.js';
import { needsOomEvidence } from '../../model/oom.js';
import type { Outcome } from '../../model/outcome.js';
import type { AttemptResult } from '../attempt.js';
import { quietScratch, type ScratchSpace } from '../scratch-dir.js';
import { containerOomEvidence } from './oom-evidence.js';

// How long the removal may take before xrun gives up on it (it must never hang xrun).
const REMOVE_TIMEOUT_MS = 30_000;

export interface CleanupOutput {
  // xrun's informational line (silenced by --quiet)
  info(line: string): void;
  // a problem xrun reports whatever --quiet says
  warn(line: string): void;
}

export type AttemptRunner = (command: readonly string[], onStop: () => void) => Promise<AttemptResult>;

// Wraps the attempts of the command, once per run. When it is an attached `docker run` / `podman run`
// and xrun stops it (timeout or interrupt), the container is removed too: killing the client leaves
// the container running. `run` gets the command to start (with --cidfile added) and a hook to call
// when xrun starts stopping it.
// A --cidfile of the user's is written by each attempt's client, which refuses to start while the file
// exists ("container ID file found"): the file an earlier attempt of this run wrote is deleted before
// the next; one that was there before the run is left alone (it may name a container that still runs).
// Xrun's own --cidfile goes in a directory `scratch` makes; where none can be made, the attempt runs
// without it (and its container is not removed if xrun stops it).
export function containerCleanup(
  parsed: ParsedCommand,
  output: CleanupOutput,
  scratch: ScratchSpace = quietScratch,
): (attempt: number, run: AttemptRunner) => Promise<AttemptResult> {
  const { argv: command, container } = parsed;
  if (!container?.attached) return (_attempt, run) => run(command, () => {});
  const ownUserCidfile = container.userCidfile !== undefined && !existsSync(container.userCidfile);
  return async (attempt, run) => {
    if (ownUserCidfile && attempt > 1) rmSync(container.userCidfile!, { force: true });
    const dir = container.userCidfile === undefined ? scratch('xrun-cid-', NO_CIDFILE) : undefined;
    if (container.userCidfile === undefined && dir === undefined) return run(command, () => {});
    const cidfile = container.userCidfile ?? join(dir!, 'cid');
    const removal = new Removal(container, cidfile);
    try {
      const result = await run(dir ? withCidfile(command, container, cidfile) : command, () => removal.start());
      const reason = stopReason(result.outcome);
      if (reason !== undefined) await removal.finish(reason, output);
      // 137 is looked into before the cidfile goes: the OOM killer, or a SIGKILL of unknown origin
      const id = needsOomEvidence(result.outcome) ? readId(cidfile) : undefined;
      return id === undefined ? result : { ...result, oom: await containerOomEvidence(container, id) };
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  };
}

const NO_CIDFILE = 'a container xrun stops (timeout, interrupt) will not be removed';

// Why xrun stopped the client, for the line it prints; undefined when it did not stop it.
function stopReason(outcome: Outcome): string | undefined {
  if (outcome.kind === 'timed-out') return 'timeout';
  if (outcome.kind === 'cancelled') return outcome.signal;
  return undefined;
}

// Removes the container once: as soon as xrun starts stopping the client (so the client, waiting
// on its container, ends promptly), or after it exited if the id was not written yet.
class Removal {
  #pending: Promise<{ id: string; error?: string }> | undefined;

  constructor(
    private readonly container: ContainerRun,
    private readonly cidfile: string,
  ) {}

  start(): void {
    const id = readId(this.cidfile);
    if (id !== undefined && this.#pending === undefined) this.#pending = removeContainer(this.container, id);
  }

  async finish(reason: string, output: CleanupOutput): Promise<void> {
    this.start();
    if (!this.#pending) return;
    const { id, error } = await this.#pending;
    if (error === undefined) output.info(xrunLine(`removed container ${shortContainerId(id)} after ${reason}`));
    // already gone (removed by --rm): nothing to say
    else if (!/no such container/i.test(error))
      output.warn(xrunLine(`could not remove container ${shortContainerId(id)}: ${error}`));
  }
}

function readId(cidfile: string): string | undefined {
  try {
    const id = readFileSync(cidfile, 'utf8').trim();
    return /^[0-9a-f]{12,64}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

// `<tool> rm -f [-t 0] <id>` with xrun's environment; resolves with the first line of its error, if any.
function removeContainer(container: ContainerRun, id: string): Promise<{ id: string; error?: string }> {
  const [file, ...args] = removeCommand(container, id) as [string, ...string[]];
  return new Promise((resolve) => {
    execFile(file, args, { timeout: REMOVE_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
      if (!error) return resolve({ id });
      const line =
        String(stderr)
          .split('\n')
          .find((l) => l.trim() !== '') ?? error.message;
      resolve({ id, error: line.trim() });
    });
  });
}
