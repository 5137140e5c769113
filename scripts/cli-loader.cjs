// dist/cli.cjs (scripts/build.mjs writes it from this file): runs dist/cli-main.cjs, the CLI with the plain
// run's chunks inside, through V8's code cache. The cache is made after a run, so it holds every function
// that run compiled, not only the top level; kept in xrun's cache directory, per build, Node release and
// architecture. V8 checks the cache itself and refuses one that does not match (another V8, other flags,
// a damaged file): that run compiles as without one and writes it anew. A cache that cannot be read or
// written costs nothing more than none. Only a run keeps it: a cache made by `xrun --help` or a subcommand
// would hold that path's functions, and every later run would compile most of its own.
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

const BUILD = '__XRUN_BUILD__';
const main = `${__dirname}/cli-main.cjs`;
const env = process.env;
// xrun's cache directory, found as src/process/cache-dir.ts finds it
const home = () => env.HOME || require('node:os').homedir();
const dir = `${env.XRUN_CACHE_DIR || `${env.XDG_CACHE_HOME || `${home()}/.cache`}/xrun`}/code`;
const cacheFile = `${dir}/cli-${BUILD}-${process.version}-${process.arch}.bin`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // none yet
}
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(main, 'utf8')}\n})`;
const script = new Script(source, { filename: main, cachedData });
if ((cachedData === undefined || script.cachedDataRejected) && isRun(process.argv.slice(2)))
  process.once('exit', keepCache);
script.runInThisContext()(module.exports, require, module, main, __dirname);

// The words select the run path: no subcommand first (src/cli/subcommands.ts; test/e2e/launcher.test.ts
// keeps the two lists equal) and no help or version flag before the command.
function isRun(words) {
  if (['explain', 'codes', 'config', 'completion', 'fleet'].includes(words[0])) return false;
  const end = words.indexOf('--');
  const flags = end < 0 ? words : words.slice(0, end);
  return !flags.some((word) => word === '-h' || word === '--help' || word === '-V' || word === '--version');
}

// written whole under a temporary name, then renamed: a concurrent run never reads half a file
function keepCache() {
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
