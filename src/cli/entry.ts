import { enableCompileCache } from './compile-cache.js';

// The CLI entry of the bundle (bin/xrun.js): the only module that reads process.argv.
if (process.platform === 'win32') {
  // process groups, POSIX signals and the sh launcher are what xrun is made of
  process.stderr.write(
    'xrun: Windows is not supported (xrun needs POSIX process groups and signals); run it under WSL\n',
  );
  process.exitCode = 125;
} else {
  // before the rest is loaded, so that its compiled code comes from the cache
  enableCompileCache(process.env);
  // no top-level await: the bundle is CommonJS (scripts/build.mjs)
  void import('./main.js').then(({ runCli }) => runCli(process.argv.slice(2)));
}
