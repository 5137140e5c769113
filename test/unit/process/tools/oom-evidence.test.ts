import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerRun } from '../../../../src/command/containers.js';
import { containerOomEvidence } from '../../../../src/process/tools/oom-evidence.js';
import { tempDir } from '../../../helpers/xrun.js';

const KMSG = new URL('../../../fixtures/kernel-log/kmsg-oom-kill.txt', import.meta.url).pathname;
const ID = '739257d6b46145aefbd1c011707dc7fbd27ec8ef07bbf9891f2017cbb2cc4621';
const OTHER = 'aaaaaaaaaaaa';

// A container run whose engine is a script: `inspect --format ... ID` runs `body` (its words in "$@").
function engine(body: string, rm = false): ContainerRun {
  const script = join(tempDir(), 'engine');
  writeFileSync(script, `#!/bin/sh\n${body}\n`);
  chmodSync(script, 0o755);
  return { tool: 'podman', toolArgv: [script], runIndex: 1, attached: true, rm };
}

// A kernel log file holding `text`.
function kernelLog(text: string): string {
  const path = join(tempDir(), 'kmsg');
  writeFileSync(path, text);
  return path;
}

describe('containerOomEvidence', () => {
  it('State.OOMKilled true decides, the kernel log unread', async () => {
    expect(await containerOomEvidence(engine('echo true'), ID, '/nonexistent-xrun-test')).toEqual({
      confirmed: true,
      evidence: 'State.OOMKilled true',
    });
  });

  it('the engine is asked exactly `inspect --format {{.State.OOMKilled}} ID`', async () => {
    const run = engine(`test "$*" = "inspect --format {{.State.OOMKilled}} ${ID}" && echo true || echo false`);
    expect(await containerOomEvidence(run, ID, '/nonexistent-xrun-test')).toEqual({
      confirmed: true,
      evidence: 'State.OOMKilled true',
    });
  });

  it('State.OOMKilled false, the kernel log names the oom-kill: confirmed by the log, task and pid', async () => {
    expect(await containerOomEvidence(engine('echo false'), ID, KMSG)).toEqual({
      confirmed: true,
      evidence: "kernel log: oom-kill of tail (pid 9816) in the container's memory cgroup",
    });
  });

  it('false, and nothing in the log of this container', async () => {
    expect(await containerOomEvidence(engine('echo false'), OTHER, KMSG)).toEqual({
      confirmed: false,
      evidence: 'State.OOMKilled false; no oom-kill of the container in the kernel log',
    });
  });

  it('--rm: not inspected (the engine is never run)', async () => {
    expect(await containerOomEvidence(engine('exit 99', true), OTHER, kernelLog(''))).toEqual({
      confirmed: false,
      evidence: 'State.OOMKilled not read (removed by --rm); no oom-kill of the container in the kernel log',
    });
  });

  it('an inspect that fails, or says something else (cut to 40 characters)', async () => {
    expect((await containerOomEvidence(engine('exit 1'), OTHER, kernelLog(''))).evidence).toBe(
      'State.OOMKilled not read (podman inspect failed); no oom-kill of the container in the kernel log',
    );
    expect((await containerOomEvidence(engine(`echo '${'x'.repeat(50)}'`), OTHER, kernelLog(''))).evidence).toBe(
      `State.OOMKilled not read (podman inspect said "${'x'.repeat(40)}"); no oom-kill of the container in the kernel log`,
    );
  });

  it('an unreadable kernel log is named with its error code', async () => {
    expect(await containerOomEvidence(engine('echo false'), ID, '/nonexistent-xrun-test/kmsg')).toEqual({
      confirmed: false,
      evidence: 'State.OOMKilled false; kernel log unreadable (ENOENT)',
    });
    expect((await containerOomEvidence(engine('echo false'), ID, tempDir())).evidence).toBe(
      'State.OOMKilled false; kernel log unreadable (EISDIR)',
    );
  });

  it('a record without a pid, or without a task', async () => {
    const record = (fields: string) =>
      kernelLog(`6,1,1,-;oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/docker/${ID},${fields}\n`);
    expect((await containerOomEvidence(engine('echo false'), ID, record('task=make'))).evidence).toBe(
      "kernel log: oom-kill of make in the container's memory cgroup",
    );
    expect((await containerOomEvidence(engine('echo false'), ID, record('uid=0'))).evidence).toBe(
      "kernel log: oom-kill of a process in the container's memory cgroup",
    );
  });
});
