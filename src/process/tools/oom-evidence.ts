import { execFile } from 'node:child_process';
import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { ContainerRun } from '../../command/containers.js';
import { kernelOomRecord, type OomEvidence } from '../../model/oom.js';

// How long `<tool> inspect` may take before xrun gives up on it (it must never hang xrun).
const INSPECT_TIMEOUT_MS = 30_000;
// The most of the kernel log read: its ring buffer is a few MiB at most.
const MAX_LOG_BYTES = 16 * 1024 * 1024;

// Looks into an attached container's exit 137, after the client exited (only then: never on success):
// its State.OOMKilled while it still exists (not --rm), then the kernel log for an oom-kill record of
// its memory cgroup. The container's own cgroup (memory.events) is gone with the container by then.
export async function containerOomEvidence(
  container: ContainerRun,
  id: string,
  kernelLog = '/dev/kmsg',
): Promise<OomEvidence> {
  const state = container.rm ? 'State.OOMKilled not read (removed by --rm)' : await inspectOomKilled(container, id);
  if (state === true) return { confirmed: true, evidence: 'State.OOMKilled true' };
  const log = readKernelLog(kernelLog);
  const record = log.kind === 'text' ? kernelOomRecord(log.text, id) : undefined;
  if (record)
    return {
      confirmed: true,
      evidence: `kernel log: oom-kill of ${killedTask(record)} in the container's memory cgroup`,
    };
  const looked =
    log.kind === 'text' ? 'no oom-kill of the container in the kernel log' : `kernel log unreadable (${log.code})`;
  return { confirmed: false, evidence: `${state === false ? 'State.OOMKilled false' : state}; ${looked}` };
}

// `task=tail,pid=31268` of an oom-kill record, as `tail (pid 31268)`.
function killedTask(record: string): string {
  const task = /[:,]task=([^,]*)/.exec(record)?.[1];
  const pid = /,pid=(\d+)/.exec(record)?.[1];
  return task === undefined ? 'a process' : `${task}${pid === undefined ? '' : ` (pid ${pid})`}`;
}

// The container's State.OOMKilled, or why it could not be read.
function inspectOomKilled(container: ContainerRun, id: string): Promise<boolean | string> {
  const [file, ...args] = [...container.toolArgv, 'inspect', '--format', '{{.State.OOMKilled}}', id] as string[];
  return new Promise((resolve) => {
    execFile(file!, args, { timeout: INSPECT_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, stdout) => {
      const value = String(stdout).trim();
      if (!error && (value === 'true' || value === 'false')) return resolve(value === 'true');
      resolve(
        `State.OOMKilled not read (${container.tool} inspect ${error ? 'failed' : `said ${JSON.stringify(value.slice(0, 40))}`})`,
      );
    });
  });
}

// The kernel log's records, read without blocking: /dev/kmsg gives one record a read and EAGAIN at
// its end (EPIPE: a record overwritten while reading, skipped); a regular file (a recorded log) reads as text.
function readKernelLog(path: string): { kind: 'text'; text: string } | { kind: 'unreadable'; code: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { kind: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? 'error' };
  }
  const buffer = Buffer.alloc(64 * 1024);
  const parts: string[] = [];
  let total = 0;
  // a record overwritten under the reader moves it on; bounded all the same
  let overwritten = 0;
  try {
    while (total < MAX_LOG_BYTES && overwritten < 1000) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') break;
        if (code !== 'EPIPE') return { kind: 'unreadable', code: code ?? 'error' };
        overwritten += 1;
        continue;
      }
      if (n === 0) break;
      parts.push(buffer.toString('utf8', 0, n));
      total += n;
    }
  } finally {
    closeSync(fd);
  }
  return { kind: 'text', text: parts.join('') };
}
