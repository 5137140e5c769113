import type { ContainerRun } from './container-run.js';
import { parseCommand } from './parse.js';

// Pure: what xrun does with an attached `docker run` / `podman run` (recognised by command/parse.ts)
// so that it can remove the container when it stops the client.

export type { ContainerRun } from './container-run.js';

// The attached container run a command line starts, or undefined (a detached run's container is
// meant to outlive the client). A caller holding a ParsedCommand reads its `container`.
export function parseContainerRun(argv: readonly string[]): ContainerRun | undefined {
  const run = parseCommand(argv).container;
  return run?.attached ? run : undefined;
}

// The command with `--cidfile <path>` inserted right after `run`.
export function withCidfile(argv: readonly string[], run: ContainerRun, cidfile: string): string[] {
  return [...argv.slice(0, run.runIndex + 1), '--cidfile', cidfile, ...argv.slice(run.runIndex + 1)];
}

// The command that removes the container at once, through the same prefixes, tool and global
// options. podman's `rm -f` waits out the stop timeout (10 s, measured) unless given `-t 0`;
// docker's `rm -f` kills at once and has no -t.
export function removeCommand(run: ContainerRun, id: string): string[] {
  return [...run.toolArgv, 'rm', '-f', ...(run.tool === 'podman' ? ['-t', '0'] : []), id];
}

// The 12-character id docker and podman print.
export function shortContainerId(id: string): string {
  return id.trim().slice(0, 12);
}
