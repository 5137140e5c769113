import { spawnSync } from 'node:child_process';

// Turns off core dumps of xrun itself, as GNU timeout does before it re-raises a signal (RLIMIT_CORE
// 0): Node has no setrlimit, so util-linux `prlimit` sets xrun's limit from outside. True when xrun
// will dump no core: the limit is now 0, or already was (without prlimit: BusyBox, macOS).
export function disableOwnCoreDumps(): boolean {
  const prlimit = spawnSync('prlimit', ['--pid', String(process.pid), '--core=0:0'], { stdio: 'ignore' });
  if (prlimit.status === 0) return true;
  // a shell started by xrun has xrun's limits
  const shell = spawnSync('/bin/sh', ['-c', 'ulimit -c'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return shell.status === 0 && shell.stdout.trim() === '0';
}
