import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { containersWithLabel, enginesReady, removeLabelled, uniqueLabel } from '../helpers/engines.js';
import { eventually, runXrun, startXrun, tempDir, XRUN_BIN } from '../helpers/xrun.js';

const ready = enginesReady('podman OOM tests', ['podman', 'runc'], true);
const LABEL = uniqueLabel('oom');
const IMAGE = 'localhost/bb:latest';
const podmanRun = (...args: string[]) => ['podman', 'run', '--pull=never', '--label', LABEL, ...args];
// allocates past a 16 MiB limit: the kernel's OOM killer ends it
const OVER_LIMIT = ['--memory', '16m', IMAGE, 'sh', '-c', 'tail /dev/zero'];
// conmon 2.1.6 (podman 4.3.1) writes its `oom` marker into the client's working directory: a directory
// of the test's own, removed after it
const ownCwd = () => ({ cwd: tempDir('xrun-oom-cwd-') });

// What this machine allows: a memory controller for --memory, and the kernel log, which keeps the
// oom-kill record after the container's own cgroup (memory.events) is gone with it.
function cgroupsAllow(): string | undefined {
  const memory =
    existsSync('/sys/fs/cgroup/memory/memory.limit_in_bytes') ||
    /\bmemory\b/.test(readOr('/sys/fs/cgroup/cgroup.controllers'));
  if (!memory)
    return 'no memory cgroup controller here (neither cgroup v1 memory nor v2 cgroup.controllers lists memory)';
  try {
    accessSync('/dev/kmsg', constants.R_OK);
  } catch {
    return 'the kernel log (/dev/kmsg) cannot be read here';
  }
  return undefined;
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

const blocked = ready ? cgroupsAllow() : undefined;
if (blocked)
  console.warn(
    `SKIPPED podman OOM tests: ${blocked}; the readers are tested on recorded files (test/unit/model/oom.test.ts)`,
  );

interface ReportAttempt {
  classification: { category: string; name: string; meaning: string; normalizedCode: number; signal: string | null };
  oom?: { confirmed: boolean; evidence: string };
}

function attemptsOf(file: string): ReportAttempt[] {
  return JSON.parse(readFileSync(file, 'utf8')).attempts;
}

describe.runIf(ready && !blocked)('real podman: 137 is oom only when the kernel says so', () => {
  afterEach(() => removeLabelled(LABEL));
  afterAll(() => removeLabelled(LABEL));

  it('a container past its --memory (--rm) is oom, confirmed by the kernel log; --normalize gives 12', async () => {
    const report = join(tempDir(), 'report.json');
    const r = await runXrun(['--report', report, '--', ...podmanRun('--rm', ...OVER_LIMIT)], ownCwd());
    expect(r.code).toBe(137);
    const [attempt] = attemptsOf(report);
    expect(attempt!.classification).toMatchObject({
      category: 'oom',
      name: 'OOMKilled',
      normalizedCode: 12,
      signal: null,
    });
    expect(attempt!.oom!.confirmed).toBe(true);
    expect(attempt!.oom!.evidence).toMatch(
      /^kernel log: oom-kill of tail \(pid \d+\) in the container's memory cgroup$/,
    );
    expect((await runXrun(['--normalize', '--', ...podmanRun('--rm', ...OVER_LIMIT)], ownCwd())).code).toBe(12);
  });

  it('without --rm the container is inspected first; either State.OOMKilled or the kernel log confirms', async () => {
    const report = join(tempDir(), 'report.json');
    const r = await runXrun(['--report', report, '--', ...podmanRun(...OVER_LIMIT)], ownCwd());
    expect(r.code).toBe(137);
    const [attempt] = attemptsOf(report);
    expect(attempt!.classification.category).toBe('oom');
    expect(attempt!.oom!.evidence).toMatch(
      /^(State\.OOMKilled true|kernel log: oom-kill of tail \(pid \d+\) in the container's memory cgroup)$/,
    );
  });

  it('a plain SIGKILL inside the container is a SIGKILL of unknown origin, not oom, and --retry-on oom does not retry it', async () => {
    const report = join(tempDir(), 'report.json');
    // --init: the shell is not the container's PID 1, which a SIGKILL from inside cannot end
    const kill9 = podmanRun('--rm', '--init', IMAGE, 'sh', '-c', 'kill -9 $$');
    const r = await runXrun(['--report', report, '--attempts', '2', '--retry-on', 'oom', '--', ...kill9]);
    expect(r.code).toBe(137);
    const attempts = attemptsOf(report);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.classification).toMatchObject({
      category: 'signal',
      name: 'SIGKILL',
      normalizedCode: 137,
      signal: 'SIGKILL',
    });
    expect(attempts[0]!.classification.meaning).toBe(
      'SIGKILL of unknown origin (exited 137; State.OOMKilled not read (removed by --rm); no oom-kill of the container in the kernel log)',
    );
    expect(attempts[0]!.oom).toEqual({
      confirmed: false,
      evidence: 'State.OOMKilled not read (removed by --rm); no oom-kill of the container in the kernel log',
    });
  });

  it('`podman kill -s KILL` of a kept container: State.OOMKilled false and no kernel record, so not oom', async () => {
    const report = join(tempDir(), 'report.json');
    const run = startXrun(['--report', report, '--', ...podmanRun(IMAGE, 'sleep', '600')]);
    if (!(await eventually(() => containersWithLabel(LABEL, 'running').length === 1, 20_000)))
      throw new Error('the container never ran');
    expect(spawnSync('podman', ['kill', '-s', 'KILL', ...containersWithLabel(LABEL, 'running')]).status).toBe(0);
    expect((await run.finished).code).toBe(137);
    const [attempt] = attemptsOf(report);
    expect(attempt!.classification.category).toBe('signal');
    expect(attempt!.oom).toEqual({
      confirmed: false,
      evidence: 'State.OOMKilled false; no oom-kill of the container in the kernel log',
    });
  });

  it('a container that succeeds is not looked into: no inspect, no kernel log read (strace); one that exits 137 is', async () => {
    expect(
      spawnSync('sh', ['-c', 'command -v strace']).status,
      'strace is needed to see what xrun opens and runs',
    ).toBe(0);
    const traced = (script: string) => {
      const log = join(tempDir(), 'trace');
      const r = spawnSync('strace', [
        '-f',
        '-qq',
        '-e',
        'trace=execve,openat',
        '-o',
        log,
        XRUN_BIN,
        '--',
        ...podmanRun('--init', IMAGE, 'sh', '-c', script),
      ]);
      return { code: r.status, trace: readFileSync(log, 'utf8') };
    };
    const inspect = /execve\("[^"]*podman", \["podman", "inspect"/;
    const ok = traced('true');
    expect(ok.code).toBe(0);
    expect(ok.trace).toMatch(/execve\("[^"]*podman", \["podman", "run"/);
    expect(ok.trace).not.toContain('/dev/kmsg');
    expect(ok.trace).not.toMatch(inspect);
    const killed = traced('kill -9 $$');
    expect(killed.code).toBe(137);
    expect(killed.trace).toContain('/dev/kmsg');
    expect(killed.trace).toMatch(inspect);
  });
});
