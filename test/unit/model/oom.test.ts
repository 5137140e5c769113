import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import { kernelOomRecord, needsOomEvidence, withOomEvidence } from '../../../src/model/oom.js';
import { models } from '../../../src/model/tools/index.js';

// Recorded from /dev/kmsg on the project's test machine (kernel 6.18, cgroup v1, podman 4.3.1 + runc):
// `podman run --memory 16m localhost/bb sh -c 'tail /dev/zero'`.
const KMSG = readFileSync(new URL('../../fixtures/kernel-log/kmsg-oom-kill.txt', import.meta.url), 'utf8');
const ID = '739257d6b46145aefbd1c011707dc7fbd27ec8ef07bbf9891f2017cbb2cc4621';

describe('the kernel log reader', () => {
  it("finds the oom-kill record of the container's memory cgroup, by its full or short id", () => {
    expect(kernelOomRecord(KMSG, ID)).toMatch(/^oom-kill:constraint=CONSTRAINT_MEMCG,.*,task=tail,pid=9816,uid=0$/);
    expect(kernelOomRecord(KMSG, ID.slice(0, 12))).toBe(kernelOomRecord(KMSG, ID));
  });

  it('another container, a prefix that is not the start of the id, or a malformed id finds nothing', () => {
    expect(kernelOomRecord(KMSG, 'a'.repeat(64))).toBeUndefined();
    expect(kernelOomRecord(KMSG, ID.slice(1, 13))).toBeUndefined();
    expect(kernelOomRecord(KMSG, 'libpod')).toBeUndefined();
    // the cpuset names the container too, but only the memory cgroups count
    expect(
      kernelOomRecord(
        `oom-kill:constraint=CONSTRAINT_NONE,cpuset=libpod-${ID},oom_memcg=/,task_memcg=/user.slice,task=x,pid=1`,
        ID,
      ),
    ).toBeUndefined();
  });

  it("reads docker's cgroup names (systemd and cgroupfs drivers) and dmesg's form", () => {
    const systemd = `[  12.5] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/docker-${ID}.scope,task_memcg=/system.slice/docker-${ID}.scope,task=node,pid=77,uid=0`;
    const cgroupfs = `6,9,1,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=${ID},mems_allowed=0,oom_memcg=/docker/${ID},task_memcg=/docker/${ID},task=java,pid=8,uid=0`;
    expect(kernelOomRecord(systemd, ID)).toContain('task=node,pid=77');
    expect(kernelOomRecord(cgroupfs, ID)).toContain('task=java,pid=8');
  });
});

describe('137 with its evidence', () => {
  const sigkill = classifyOutcome(models.podman, { kind: 'exited', code: 137 });

  it('is looked into only for an exit 137', () => {
    expect(needsOomEvidence({ kind: 'exited', code: 137 })).toBe(true);
    expect(needsOomEvidence({ kind: 'exited', code: 0 })).toBe(false);
    expect(needsOomEvidence({ kind: 'signaled', signal: 'SIGKILL' })).toBe(false);
  });

  it('confirmed: oom, normalized 12, no signal to re-raise, the evidence in the meaning', () => {
    const c = withOomEvidence(sigkill, { confirmed: true, evidence: 'State.OOMKilled true' });
    expect(c).toMatchObject({
      category: 'oom',
      name: 'OOMKilled',
      normalizedCode: 12,
      rawCode: 137,
      meaning: "killed by the kernel's OOM killer (State.OOMKilled true)",
    });
    expect(c.signal).toBeUndefined();
  });

  it('unconfirmed: still a SIGKILL (137), of unknown origin', () => {
    const evidence = {
      confirmed: false,
      evidence: 'State.OOMKilled false; no oom-kill of the container in the kernel log',
    };
    const c = withOomEvidence(sigkill, evidence);
    expect(c).toMatchObject({
      category: 'signal',
      name: 'SIGKILL',
      normalizedCode: 137,
      signal: 'SIGKILL',
      oom: evidence,
    });
    expect(c.meaning).toBe(
      'SIGKILL of unknown origin (exited 137; State.OOMKilled false; no oom-kill of the container in the kernel log)',
    );
  });

  it('not looked into: unchanged', () => {
    expect(withOomEvidence(sigkill, undefined)).toBe(sigkill);
  });
});
