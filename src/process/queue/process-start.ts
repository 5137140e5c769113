import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { exists } from '../process-tree.js';

// A process is its pid plus when it started: the system reuses pids, not (pid, start) pairs. Linux
// /proc says exactly (field 22 of /proc/PID/stat, clock ticks since boot), stamped `t<ticks>`. Elsewhere
// POSIX `ps -o etime=` gives the seconds since the start, so the start is known to about a second,
// stamped `w<milliseconds since the epoch>` and compared with a tolerance.
export type StartStamp = string;

// 'gone': no such process; undefined: the system would not say.
export type Observed = StartStamp | 'gone' | undefined;

// etime is truncated to whole seconds and read a little after the fact; a launcher's exec keeps the pid
const WALL_TOLERANCE_MS = 2_000;
// `ps` is a process spawn: its answers are reused this long while the process still exists
const PS_REUSE_MS = 1_000;

// Field 22 (starttime) of a /proc/PID/stat text; comm (field 2) may hold spaces and parentheses.
export function statStartTicks(stat: string): string | undefined {
  const close = stat.lastIndexOf(')');
  if (close === -1) return undefined;
  // after "pid (comm) " come fields 3, 4, ...: field 22 is the 20th
  const field = stat.slice(close + 2).split(' ')[19];
  return field !== undefined && /^\d+$/.test(field) ? field : undefined;
}

// `ps -o etime=`: [[dd-]hh:]mm:ss, in seconds.
export function etimeSeconds(text: string): number | undefined {
  const match = /^\s*(?:(?:(\d+)-)?(\d+):)?(\d+):(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  const [, days = '0', hours = '0', minutes, seconds] = match;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
}

// Whether a stamp recorded by a process and one observed now name the same start.
export function sameStart(recorded: StartStamp, observed: StartStamp): boolean {
  if (recorded.startsWith('t') && observed.startsWith('t')) return recorded === observed;
  if (recorded.startsWith('w') && observed.startsWith('w')) {
    const a = Number(recorded.slice(1));
    const b = Number(observed.slice(1));
    return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= WALL_TOLERANCE_MS;
  }
  return false;
}

let procfs: boolean | undefined;
function hasProcfs(): boolean {
  procfs ??= existsSync('/proc/self/stat');
  return procfs;
}

// This process's stamp, of the kind startsOf observes on this system.
export function ownStart(): StartStamp | undefined {
  if (!hasProcfs()) return ownWallStart();
  try {
    const ticks = statStartTicks(readFileSync('/proc/self/stat', 'utf8'));
    return ticks === undefined ? undefined : `t${ticks}`;
  } catch {
    return undefined;
  }
}

// When each of `pids` started, as far as the system says.
export function startsOf(pids: readonly number[]): Map<number, Observed> {
  return hasProcfs() ? new Map(pids.map((pid) => [pid, procStart(pid)])) : psStarts(pids);
}

// Without /proc: the wall-clock start, without a ps spawn (what ps would say, to a second).
export function ownWallStart(): StartStamp {
  return `w${Math.round(Date.now() - process.uptime() * 1000)}`;
}

function procStart(pid: number): Observed {
  try {
    const ticks = statStartTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return ticks === undefined ? undefined : `t${ticks}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
}

const psSeen = new Map<number, { stamp: StartStamp; at: number }>();

// One `ps` for the pids not seen within PS_REUSE_MS; a pid ps does not list is gone.
export function psStarts(pids: readonly number[], now = Date.now()): Map<number, Observed> {
  const found = new Map<number, Observed>();
  const ask: number[] = [];
  for (const pid of pids) {
    const seen = psSeen.get(pid);
    if (seen && now - seen.at < PS_REUSE_MS && exists(pid)) found.set(pid, seen.stamp);
    else ask.push(pid);
  }
  if (ask.length === 0) return found;
  const ps = spawnSync('ps', ['-o', 'pid=', '-o', 'etime=', '-p', ask.join(',')], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    timeout: 5_000,
  });
  // ps exits 1 when it lists none of them; anything else is ps failing, not an answer
  const answered = !ps.error && (ps.status === 0 || ps.status === 1);
  const listed = new Map<number, number>();
  for (const line of answered ? ps.stdout.split('\n') : []) {
    const [pid, etime] = line.trim().split(/\s+/);
    const seconds = etimeSeconds(etime ?? '');
    if (seconds !== undefined) listed.set(Number(pid), seconds);
  }
  for (const pid of ask) {
    const seconds = listed.get(pid);
    if (seconds === undefined) {
      found.set(pid, answered ? 'gone' : undefined);
      continue;
    }
    const stamp = `w${now - seconds * 1000}`;
    psSeen.set(pid, { stamp, at: now });
    found.set(pid, stamp);
  }
  return found;
}
