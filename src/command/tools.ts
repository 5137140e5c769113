import type { ToolName } from '../model/tools/index.js';
import { basename } from './prefixes.js';

// Pure: which tool a command is, where the tool's global options end and what its subcommand is.

const TOOLS_BY_BASENAME: Readonly<Record<string, ToolName>> = {
  buck2: 'buck2',
  docker: 'docker',
  podman: 'podman',
  bazel: 'bazel',
  bazelisk: 'bazel',
};

// docker's and podman's global options that take a value as the next word.
const CONTAINER_ENGINE_VALUE_OPTIONS = [
  '-H',
  '--host',
  '-c',
  '--context',
  '--config',
  '-l',
  '--log-level',
  '--tlscacert',
  '--tlscert',
  '--tlskey',
  '--cgroup-manager',
  '--conmon',
  '--connection',
  '--events-backend',
  '--hooks-dir',
  '--identity',
  '--imagestore',
  '--module',
  '--network-cmd-path',
  '--network-config-dir',
  '--root',
  '--runroot',
  '--runtime',
  '--runtime-flag',
  '--ssh',
  '--storage-driver',
  '--storage-opt',
  '--tmpdir',
  '--url',
  '--volumepath',
  '--registries-conf',
  '--cdi-spec-dir',
];

// The global options before the subcommand that take a value as the next word (`--opt=value` is one
// word whatever the option). buck2: app/buck2/src/lib.rs, BeforeSubcommandOptions. bazel: the unary
// startup options of src/main/cpp/startup_options.cc, and --bazelrc (option_processor.cc).
const GLOBAL_VALUE_OPTIONS: Readonly<Record<Exclude<ToolName, 'generic'>, ReadonlySet<string>>> = {
  docker: new Set(CONTAINER_ENGINE_VALUE_OPTIONS),
  podman: new Set(CONTAINER_ENGINE_VALUE_OPTIONS),
  buck2: new Set(['--isolation-dir', '-v', '--verbose', '--oncall', '--client-metadata']),
  bazel: new Set([
    '--bazelrc',
    '--command_port',
    '--connect_timeout_secs',
    '--local_startup_timeout_secs',
    '--digest_function',
    '--unix_digest_hash_attribute_name',
    '--server_javabase',
    '--host_jvm_args',
    '--host_jvm_profile',
    '--invocation_policy',
    '--io_nice_level',
    '--install_base',
    '--macos_qos_class',
    '--max_idle_secs',
    '--output_base',
    '--output_user_root',
    '--server_jvm_out',
    '--failure_detail_out',
  ]),
};

// The tool model of a command word: buck2, docker, podman, bazel, or generic.
export function toolOf(command: string): ToolName {
  const name = basename(command);
  return Object.hasOwn(TOOLS_BY_BASENAME, name) ? TOOLS_BY_BASENAME[name]! : 'generic';
}

// Where the tool's global options end in `words` (the tool first): the index of its subcommand, of a
// `--`, or words.length when neither follows. A generic command's options are unknown: 1.
export function globalOptionsEnd(tool: ToolName, words: readonly string[]): number {
  if (tool === 'generic') return Math.min(1, words.length);
  const valueOptions = GLOBAL_VALUE_OPTIONS[tool];
  let i = 1;
  while (i < words.length && words[i]!.startsWith('-') && words[i] !== '--') i += valueOptions.has(words[i]!) ? 2 : 1;
  return Math.min(i, words.length);
}

// Group commands whose next word is the real subcommand (`docker compose run`, `podman container exec`),
// and the options of the group that take a value before it. docker/compose cmd/compose/compose.go
// (addProjectFlags, RootCommand); docker/buildx commands/root.go (--builder).
const GROUPS: Readonly<Record<string, ReadonlySet<string>>> = {
  compose: new Set([
    '-f',
    '--file',
    '-p',
    '--project-name',
    '--profile',
    '--env-file',
    '--project-directory',
    '--workdir',
    '--progress',
    '--ansi',
    '--parallel',
  ]),
  buildx: new Set(['--builder']),
  container: new Set(),
  image: new Set(),
  builder: new Set(),
  system: new Set(),
};

// The subcommand's words of a command run as `tool` (the effective command, the tool first): `['query']`,
// `['compose', 'run']`, `['container', 'exec']`; empty for a generic command or none. Pure.
export function subcommandWords(tool: ToolName, words: readonly string[] | undefined): readonly string[] {
  if (tool === 'generic' || !words) return [];
  const at = globalOptionsEnd(tool, words);
  const subcommand = words[at];
  if (subcommand === undefined || subcommand === '--') return [];
  const group = tool === 'docker' || tool === 'podman' ? GROUPS[subcommand] : undefined;
  if (!group || !Object.hasOwn(GROUPS, subcommand)) return [subcommand];
  let i = at + 1;
  while (i < words.length && words[i]!.startsWith('-') && words[i] !== '--') i += group.has(words[i]!) ? 2 : 1;
  const next = words[i];
  return next === undefined || next === '--' ? [subcommand] : [subcommand, next];
}
