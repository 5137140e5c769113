// The CLI entry of the bundle (bin/xrun.js): the only module that reads process.argv. Node's compile cache,
// for the chunks Node loads from disk, is the launcher's loader's (scripts/cli-loader.cjs).
if (process.platform === 'win32') {
  // process groups, POSIX signals and the sh launcher are what xrun is made of
  process.stderr.write(
    'xrun: Windows is not supported (xrun needs POSIX process groups and signals); run it under WSL\n',
  );
  process.exitCode = 125;
} else {
  // no top-level await: the bundle is CommonJS (scripts/build.mjs)
  void import('./main.js').then(({ runCli }) => runCli(process.argv.slice(2)));
}
