import { basename, locateCommand } from './detect-tool.js';

// Pure: recognises `docker run` / `podman run` (also `container run`, behind env/sudo prefixes and
// the tool's global options) so that xrun can remove the container when it stops the client:
// killing the client leaves the container running.

// The engines whose `run` leaves a container behind when its client is killed.
export type ContainerTool = 'docker' | 'podman';

// What xrun needs to know about a container run to remove its container later.
export interface ContainerRun {
  tool: ContainerTool;
  // the command up to the subcommand: prefixes, the tool and its global options (-H, --url, ...)
  toolArgv: readonly string[];
  // the index of the `run` word
  runIndex: number;
  // the --cidfile the user gave, if any
  userCidfile?: string;
}

// Global options that take a value as the next word (docker and podman).
const GLOBAL_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey',
  '--cgroup-manager', '--conmon', '--connection', '--events-backend', '--hooks-dir', '--identity', '--imagestore',
  '--module', '--network-cmd-path', '--network-config-dir', '--root', '--runroot', '--runtime', '--runtime-flag',
  '--ssh', '--storage-driver', '--storage-opt', '--tmpdir', '--url', '--volumepath', '--registries-conf', '--cdi-spec-dir',
]);

// `run` options that take no value (docker and podman); every other option takes one.
const RUN_FLAGS: ReadonlySet<string> = new Set([
  '--detach', '--disable-content-trust', '--help', '--init', '--interactive', '--no-healthcheck', '--oom-kill-disable',
  '--publish-all', '--privileged', '--quiet', '--read-only', '--rm', '--sig-proxy', '--tty', '--use-api-socket',
  '--env-host', '--http-proxy', '--no-hosts', '--passwd', '--read-only-tmpfs', '--replace', '--rmi', '--tls-verify', '--rootfs',
]);
const RUN_SHORT_FLAGS: ReadonlySet<string> = new Set(['d', 'i', 't', 'P', 'q']);

interface RunOptions {
  cidfile?: string;
  // detached (-d) or --help: no container outlives the client because of xrun's stop
  leaveAlone: boolean;
}

// The container run a command line starts, or undefined when it is no attached `run` of docker or
// podman (a detached run's container is meant to outlive the client).
export function parseContainerRun(argv: readonly string[]): ContainerRun | undefined {
  const at = locateCommand(argv);
  if (!at || at.split) return undefined;
  const tool = basename(argv[at.index]!);
  if (tool !== 'docker' && tool !== 'podman') return undefined;
  let i = at.index + 1;
  while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '--') i += GLOBAL_VALUE_OPTIONS.has(argv[i]!) ? 2 : 1;
  const subcommandIndex = i;
  if (argv[i] === 'container') i += 1;
  if (argv[i] !== 'run') return undefined;
  const options = readRunOptions(argv, i + 1);
  if (options.leaveAlone) return undefined;
  return {
    tool,
    toolArgv: argv.slice(0, subcommandIndex),
    runIndex: i,
    ...(options.cidfile === undefined ? {} : { userCidfile: options.cidfile }),
  };
}

// Reads `run`'s options up to the image: the --cidfile given, and whether it runs detached.
function readRunOptions(argv: readonly string[], from: number): RunOptions {
  const found: RunOptions = { leaveAlone: false };
  for (let i = from; i < argv.length; ) {
    const word = argv[i]!;
    if (word === '--' || !word.startsWith('-') || word === '-') break;
    if (word.startsWith('--')) {
      const [name, value] = splitOnce(word);
      const cidfile = name === '--cidfile' ? (value ?? argv[i + 1]) : undefined;
      if (cidfile !== undefined) found.cidfile = cidfile;
      if ((name === '--detach' && value !== 'false') || name === '--help') found.leaveAlone = true;
      i += value !== undefined || RUN_FLAGS.has(name) ? 1 : 2;
      continue;
    }
    // short options, possibly grouped (-it, -dit) or with the value attached (-eX=1)
    const letters = word.slice(1);
    const valueAt = [...letters].findIndex((letter) => !RUN_SHORT_FLAGS.has(letter));
    if (letters.slice(0, valueAt === -1 ? undefined : valueAt).includes('d')) found.leaveAlone = true;
    i += valueAt === -1 || valueAt < letters.length - 1 ? 1 : 2;
  }
  return found;
}

function splitOnce(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq === -1 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
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
