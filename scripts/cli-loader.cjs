// dist/cli.cjs (scripts/build.mjs writes it from this file): runs a default run through dist/cli-default.cjs,
// the default run's own part, and any other run through dist/cli-main.cjs, the CLI, which it hands
// dist/cli-run.cjs, the full run path's chunks, to load the same way when a run first needs them: each run
// reads and compiles only its own parts. Each part runs through V8's code cache. A
// cache is made after a run, so it holds every function that run compiled, not only the top level; kept in
// xrun's cache directory, per part, build, Node release and architecture. V8 checks the cache itself and
// refuses one that does not match (another V8, other flags, a damaged file): that run compiles as without
// one and writes it anew. A cache that cannot be read or written costs nothing more than none. Only a run
// keeps it: a cache made by `xrun --help` or a subcommand would hold that path's functions, and every later
// run would compile most of its own.
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

const BUILD = '__XRUN_BUILD__';
const env = process.env;
// xrun's cache directory, found as src/process/cache-dir.ts finds it
const home = () => env.HOME || require('node:os').homedir();
const root = env.XRUN_CACHE_DIR || `${env.XDG_CACHE_HOME || `${home()}/.cache`}/xrun`;
const dir = `${root}/code`;
const words = process.argv.slice(2);
const keeps = isRun(words);

// src/cli/run-kind.ts, bundled in here by scripts/build.mjs: the command of a default run (no option, no
// setting variable, no step summary), undefined for any other.
const runKind = (() => {
  const module = { exports: {} };
  __XRUN_RUN_KIND__;
  return module.exports;
})();

// What dist/cli-main.cjs's chunk loader (scripts/inline-chunks.mjs) asks of this one: dist/cli-run.cjs's chunks,
// and Node's compile cache before the first chunk Node loads from disk.
const hooks = { runPart: () => moduleOf('cli-run', hooks).exports, beforeDiskLoad: compileCacheOnce };
// A default run's command goes to dist/cli-default.cjs, the default run's own part (src/cli/default-part.ts),
// which runs it or, before anything started, hands it back (a tool, a config file): then, as any other run,
// the CLI, dist/cli-main.cjs.
// (a subcommand's name is no command: isRun)
const command = keeps ? runKind.defaultRunCommand(words, env) : undefined;
if (command === undefined || !moduleOf('cli-default', {}).exports.ranAsDefault(command))
  moduleOf('cli-main', hooks, module);

// Runs dist/<name>.cjs as a CommonJS module (`module` its own, or a new one) through its code cache;
// `hooks` are handed to it as a sixth argument.
function moduleOf(name, hooks, into = { exports: {} }) {
  const file = `${__dirname}/${name}.cjs`;
  const cacheFile = `${dir}/${name === 'cli-main' ? 'cli' : name}-${BUILD}-${process.version}-${process.arch}.bin`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  // written wrapped as a function (scripts/inline-chunks.mjs), in ASCII only (esbuild's default charset): read
  // without decoding UTF-8 and compiled as it is, no copy joined to a wrapper
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  if (keeps && (cachedData === undefined || script.cachedDataRejected))
    process.once('exit', () => keepCache(script, cacheFile));
  script.runInThisContext()(into.exports, require, into, file, __dirname, hooks);
  return into;
}

// Node's compile cache (Node 22.1 and later: module.enableCompileCache) in xrun's cache directory, for the
// chunks Node loads from disk (a subcommand's, the wait queue's, a tool's model), asked for once, before the
// first of them: a run that loads none (a default run) spares its cost, and the parts above have their own
// cache. NODE_COMPILE_CACHE set: the user's choice stands. A directory that cannot be used: none, as before.
let compileCacheAsked = false;
function compileCacheOnce() {
  if (compileCacheAsked) return;
  compileCacheAsked = true;
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 1) || env.NODE_COMPILE_CACHE !== undefined) return;
  try {
    require('node:module').enableCompileCache?.(`${root}/compile`);
  } catch {
    // a cache that cannot be used costs nothing more than none
  }
}

// The words select the run path: no subcommand first (src/cli/subcommands.ts; test/e2e/launcher.test.ts
// keeps the two lists equal) and no help or version flag before the command.
function isRun(words) {
  if (['explain', 'codes', 'config', 'completion', 'fleet'].includes(words[0])) return false;
  const end = words.indexOf('--');
  const flags = end < 0 ? words : words.slice(0, end);
  return !flags.some((word) => word === '-h' || word === '--help' || word === '-V' || word === '--version');
}

// written whole under a temporary name, then renamed: a concurrent run never reads half a file
function keepCache(script, cacheFile) {
  // refused as bad input, the run compiled only the usage path
  if (process.exitCode === 125) return;
  const partial = `${cacheFile}.${process.pid}`;
  try {
    makeDirectories(dir);
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  } catch {
    removeQuietly(partial);
  }
}

// Level by level, as src/process/make-dirs.ts does: Node's recursive mkdir spins forever where a parent
// answers ENOENT but exists (a cache directory under /proc).
function makeDirectories(path) {
  const missing = [];
  for (let at = path; ; at = dirname(at)) {
    try {
      mkdirSync(at, { mode: 0o700 });
      break;
    } catch (error) {
      if (error.code === 'EEXIST') break;
      if (error.code !== 'ENOENT' || dirname(at) === at || missing.length >= 64) throw error;
      missing.push(at);
    }
  }
  for (const level of missing.reverse()) mkdirSync(level, { mode: 0o700 });
}

function removeQuietly(file) {
  try {
    rmSync(file, { force: true });
  } catch {
    // a cache directory that cannot hold it cannot hold what is left of it either
  }
}
