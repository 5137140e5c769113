import { dirname, join, resolve } from 'node:path';

// Where a bazel client's server lives, computed the way the client does it, without asking bazel
// (`bazel info output_base` queues on the very lock a stuck server holds). Pure: the caller reads
// the files and the environment. Facts and upstream paths: docs/tool-stop.md.

// The files that mark a workspace root (bazel 8 also accepts MODULE.bazel and REPO.bazel).
const WORKSPACE_MARKERS = ['MODULE.bazel', 'REPO.bazel', 'WORKSPACE.bazel', 'WORKSPACE'] as const;

// The startup options that decide the output base, as the client would end up with them.
export interface OutputPlace {
  outputBase?: string;
  outputUserRoot?: string;
}

// The workspace root: the nearest directory from `cwd` up holding a marker file (`isFile` is asked).
export function workspaceOf(cwd: string, isFile: (path: string) => boolean): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (WORKSPACE_MARKERS.some((name) => isFile(join(dir, name)))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

// The rc files the client reads, in its order (later ones win), as `startup` lines can move the output
// base: the system rc, the workspace's, the user's, then each --bazelrc. --ignore_all_rc_files and the
// --no{system,workspace,home}_rc options drop them. `import` lines are not followed.
export function rcFilesOf(
  startupArgs: readonly string[],
  workspace: string | undefined,
  home: string | undefined,
  cwd: string,
): string[] {
  const flag = (name: string) => startupArgs.includes(`--${name}`);
  if (flag('ignore_all_rc_files')) return [];
  const explicit = valuesOf(startupArgs, '--bazelrc').map((file) => resolve(cwd, file));
  return [
    ...(flag('nosystem_rc') ? [] : ['/etc/bazel.bazelrc']),
    ...(flag('noworkspace_rc') || workspace === undefined ? [] : [join(workspace, '.bazelrc')]),
    ...(flag('nohome_rc') || home === undefined ? [] : [join(home, '.bazelrc')]),
    ...explicit.filter((file) => file !== '/dev/null'),
  ];
}

// The words of every `startup` line of an rc file (a `#` starts a comment; quotes are not handled).
export function startupWordsOf(rcText: string): string[] {
  const words: string[] = [];
  for (const line of rcText.split('\n')) {
    const [command, ...rest] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (command === 'startup') words.push(...rest);
  }
  return words;
}

// The output-base options among startup words, the last of each winning; relative paths are made
// absolute against `cwd`, as the client's MakeAbsolute does.
export function outputPlaceOf(words: readonly string[], cwd: string): OutputPlace {
  const base = valuesOf(words, '--output_base').at(-1);
  const userRoot = valuesOf(words, '--output_user_root').at(-1);
  return {
    ...(base ? { outputBase: resolve(cwd, base) } : {}),
    ...(userRoot ? { outputUserRoot: resolve(cwd, userRoot) } : {}),
  };
}

export interface ClientEnvironment {
  // what the client reads: $TEST_TMPDIR, $XDG_CACHE_HOME (and the passwd home), the user's name
  testTmpdir?: string;
  xdgCacheHome?: string;
  home: string;
  user: string;
  // md5 of a string, in hex (the workspace path is hashed into the output base's name)
  md5(text: string): string;
}

// The output base: --output_base, else <output_user_root>/<md5 of the workspace path>, where the user
// root defaults to <output root>/_bazel_<user> and the output root to $TEST_TMPDIR, else
// $XDG_CACHE_HOME/bazel, else ~/.cache/bazel. Undefined outside a workspace.
export function outputBaseOf(
  place: OutputPlace,
  workspace: string | undefined,
  env: ClientEnvironment,
): string | undefined {
  if (place.outputBase) return place.outputBase;
  if (workspace === undefined) return undefined;
  const outputRoot = env.testTmpdir || join(env.xdgCacheHome || join(env.home, '.cache'), 'bazel');
  const userRoot = place.outputUserRoot ?? join(outputRoot, `_bazel_${env.user}`);
  return join(userRoot, env.md5(workspace));
}

// Where the server writes its pid, under the output base.
export function serverPidFile(outputBase: string): string {
  return join(outputBase, 'server', 'server.pid.txt');
}

// The values of `--name=value` and `--name value` in `words`, in order.
function valuesOf(words: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (word.startsWith(`${name}=`)) values.push(word.slice(name.length + 1));
    else if (word === name && i + 1 < words.length) values.push(words[++i]!);
  }
  return values;
}
