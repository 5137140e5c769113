import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { ParsedCommand } from '../../command/parse.js';
import { exists, type ProcessEntry, processes } from '../process-tree.js';
import {
  outputBaseOf,
  outputPlaceOf,
  rcFilesOf,
  serverPidFile,
  startupWordsOf,
  workspaceOf,
} from './bazel-output-base.js';

const POLL_MS = 50;

// A bazel client xrun SIGKILLed leaves its server running the command and holding the server's
// command lock, so the next client waits ("Another command ... Waiting for it to complete on the
// server"); `bazel shutdown` waits in the same line. This finds that server through its pid file and
// stops it and the actions it runs: SIGTERM, then SIGKILL after `graceMs`. Resolves the stopped
// server's pid, or undefined when there was none to stop.
export async function stopBazelServer(
  command: ParsedCommand,
  cwd: string,
  env: NodeJS.ProcessEnv,
  graceMs: number,
): Promise<number | undefined> {
  const outputBase = outputBaseFor(command, cwd, env);
  const pid = outputBase === undefined ? undefined : serverPid(outputBase);
  if (pid === undefined || !exists(pid)) return undefined;
  const entries = processes() ?? [];
  if (!isServerOf(pid, outputBase!)) return undefined;
  const tree = [pid, ...descendantsOf(pid, entries)];
  for (const member of tree) send(member, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (tree.some(exists) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  for (const member of tree) if (exists(member)) send(member, 'SIGKILL');
  return pid;
}

// The output base the command's client uses: its startup options over the rc files' `startup` lines.
function outputBaseFor(command: ParsedCommand, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const physicalCwd = realpathOr(cwd);
  const workspace = workspaceOf(physicalCwd, isFile);
  const user = userInfo();
  const home = user.homedir || env['HOME'];
  const rcWords = rcFilesOf(command.globalOptions, workspace, home, physicalCwd).flatMap((file) =>
    startupWordsOf(readOr(file)),
  );
  const place = outputPlaceOf([...rcWords, ...command.globalOptions], physicalCwd);
  return outputBaseOf(place, workspace, {
    ...(env['TEST_TMPDIR'] ? { testTmpdir: env['TEST_TMPDIR'] } : {}),
    ...(env['XDG_CACHE_HOME'] ? { xdgCacheHome: env['XDG_CACHE_HOME'] } : {}),
    home: home ?? '/',
    user: env['USER'] || user.username,
    md5: (text) => createHash('md5').update(text).digest('hex'),
  });
}

function serverPid(outputBase: string): number | undefined {
  const text = readOr(serverPidFile(outputBase)).trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

// A pid file can outlive its server and its pid be used again: the process must name the output base
// on its command line (the server's JVM is started with it). Without /proc the pid file is trusted.
function isServerOf(pid: number, outputBase: string): boolean {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true;
  }
  return cmdline.includes(outputBase);
}

// Every process below `root` (the server's actions run in groups of their own).
export function descendantsOf(root: number, entries: readonly ProcessEntry[]): number[] {
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const e of entries) {
      if (e.ppid !== parent || found.includes(e.pid)) continue;
      found.push(e.pid);
      queue.push(e.pid);
    }
  }
  return found;
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

// The line xrun says when it stopped a server.
export function bazelServerStoppedLine(pid: number): string {
  return `stopped the bazel server (pid ${pid}) still running the command xrun killed, so the next bazel command does not wait for it`;
}
