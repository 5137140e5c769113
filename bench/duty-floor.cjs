// The duty floor (issue 24): `xrun -- true` with none of xrun's own code, only what any xrun must do
// besides Node's start and spawn: signal-exit's handlers, the four forwarded signals, the parent watch, the
// environment copied, and the parent-death signal through util-linux's setpriv. bench/startup.mjs runs it
// behind xrun's own launcher (bin/xrun), so that the two differ only by xrun's code.
const { spawn } = require('node:child_process');
const { onExit } = require(process.env.XRUN_BENCH_SIGNAL_EXIT);

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
const [command, ...args] = process.argv.slice(2).filter((word, i) => i > 0 || word !== '--');
const setpriv = process.env.XRUN_BENCH_SETPRIV;
const argv = setpriv ? [setpriv, '--pdeathsig', 'SIGTERM', '--', command, ...args] : [command, ...args];
const forward = (signal) => child.kill(signal);
for (const signal of FORWARDED) process.on(signal, forward);
const removeExitHook = onExit(() => child.kill('SIGTERM'));
const parentWatch = setInterval(() => {}, 250);
const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env: { ...process.env } });
child.on('exit', (code, signal) => {
  clearInterval(parentWatch);
  removeExitHook();
  for (const name of FORWARDED) process.removeListener(name, forward);
  process.exitCode = signal ? 128 : (code ?? 128);
});
