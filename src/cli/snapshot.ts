import { startupSnapshot } from 'node:v8';
import { preloadPaths, runCli } from './main.js';

// Entry of xrun's startup snapshot (scripts/build.mjs; bin/xrun starts from it): every path's modules
// are loaded and evaluated when the snapshot is built, the run path's commander program is built, and
// execa spawns `true` once so that its spawn path is compiled. Nothing else runs: no timer may be created here (a snapshot whose build ran xrun's
// attempt code, with its timers, lost runtime timers now and then: Node's timer bookkeeping no longer
// matched libuv's), and no handle or signal handler may survive into it. Process state (argv,
// environment, parent, stdio) is read only when xrun runs.
// With `node --snapshot-blob BLOB -- args...`, process.argv is [node, ...args]; in the single executable
// (npm run build:exe) it is [exe, exe, ...args].
startupSnapshot.setDeserializeMainFunction(() => runCli(process.argv.slice(inSingleExecutable() ? 2 : 1)));

function inSingleExecutable(): boolean {
  try {
    return (require('node:sea') as { isSea(): boolean }).isSea();
  } catch {
    // a Node before 20.12 has no node:sea, and no single executable with a snapshot either
    return false;
  }
}
void preloadPaths().then(async () => {
  // the run path's commander program, built here instead of at every start
  (await import('./argv.js')).prebuildProgram();
  const { spawnChild } = await import('../process/spawn.js');
  // both ways stderr goes: relayed (a model that reads it) and inherited
  for (const pipeStderr of [true, false]) {
    const warm = spawnChild(['true'], { detached: true, pipeStderr, stdin: 'inherit', extraFds: [] });
    warm.stderr?.resume();
    await warm.exited;
  }
});
