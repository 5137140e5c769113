// Pure: what a `docker run` / `podman run` (also `container run`) says of its container, read from
// the run's options up to the image. xrun removes an attached run's container when it stops the
// client: killing the client leaves the container running.

// The engines whose `run` leaves a container behind when its client is killed.
export type ContainerTool = 'docker' | 'podman';

// What xrun knows of a container run.
export interface ContainerRun {
  tool: ContainerTool;
  // the command up to the subcommand: prefixes, the tool and its global options (-H, --url, ...)
  toolArgv: readonly string[];
  // the index of the `run` word
  runIndex: number;
  // false when detached (-d, --detach): the container is meant to outlive the client
  attached: boolean;
  // --rm: the engine removes the container when it exits
  rm: boolean;
  // the --cidfile the user gave, if any
  userCidfile?: string;
  // the image, the first word after the run's options
  image?: string;
}

// `run` options that take no value (docker and podman); every other option takes one.
const RUN_FLAGS: ReadonlySet<string> = new Set([
  '--detach',
  '--disable-content-trust',
  '--help',
  '--init',
  '--interactive',
  '--no-healthcheck',
  '--oom-kill-disable',
  '--publish-all',
  '--privileged',
  '--quiet',
  '--read-only',
  '--rm',
  '--sig-proxy',
  '--tty',
  '--use-api-socket',
  '--env-host',
  '--http-proxy',
  '--no-hosts',
  '--passwd',
  '--read-only-tmpfs',
  '--replace',
  '--rmi',
  '--tls-verify',
  '--rootfs',
]);
const RUN_SHORT_FLAGS: ReadonlySet<string> = new Set(['d', 'i', 't', 'P', 'q']);

interface RunOptions {
  detached: boolean;
  help: boolean;
  rm: boolean;
  cidfile?: string;
  // where the options end: the image's index, or a `--` before it
  end: number;
}

// The container run that `argv[subcommandIndex]` starts, or undefined when it is no `run` (or
// `container run`), or `run --help`.
export function containerRunOf(
  tool: ContainerTool,
  argv: readonly string[],
  subcommandIndex: number,
): ContainerRun | undefined {
  const runIndex = argv[subcommandIndex] === 'container' ? subcommandIndex + 1 : subcommandIndex;
  if (argv[runIndex] !== 'run') return undefined;
  const options = readRunOptions(argv, runIndex + 1);
  if (options.help) return undefined;
  const image = argv[options.end] === '--' ? argv[options.end + 1] : argv[options.end];
  return {
    tool,
    toolArgv: argv.slice(0, subcommandIndex),
    runIndex,
    attached: !options.detached,
    rm: options.rm,
    ...(options.cidfile === undefined ? {} : { userCidfile: options.cidfile }),
    ...(image === undefined || image === '-' ? {} : { image }),
  };
}

// Reads `run`'s options up to the image: the --cidfile given, --rm, whether it runs detached.
function readRunOptions(argv: readonly string[], from: number): RunOptions {
  const found: RunOptions = { detached: false, help: false, rm: false, end: argv.length };
  for (let i = from; i < argv.length; ) {
    const word = argv[i]!;
    if (word === '--' || !word.startsWith('-') || word === '-') {
      found.end = i;
      break;
    }
    if (word.startsWith('--')) {
      const [name, value] = splitOnce(word);
      const cidfile = name === '--cidfile' ? (value ?? argv[i + 1]) : undefined;
      if (cidfile !== undefined) found.cidfile = cidfile;
      if (name === '--detach' && value !== 'false') found.detached = true;
      if (name === '--rm' && value !== 'false') found.rm = true;
      if (name === '--help') found.help = true;
      i += value !== undefined || RUN_FLAGS.has(name) ? 1 : 2;
      continue;
    }
    // short options, possibly grouped (-it, -dit) or with the value attached (-eX=1)
    const letters = word.slice(1);
    const valueAt = [...letters].findIndex((letter) => !RUN_SHORT_FLAGS.has(letter));
    if (letters.slice(0, valueAt === -1 ? undefined : valueAt).includes('d')) found.detached = true;
    i += valueAt === -1 || valueAt < letters.length - 1 ? 1 : 2;
  }
  return found;
}

function splitOnce(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq === -1 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}
