import { CATEGORY_CODES } from './categories.js';
import type { Classification, OomEvidence } from './classify.js';
import type { Outcome } from './outcome.js';

export type { OomEvidence } from './classify.js';

// Only an attached container run that exited 137 by itself is looked into (never on success).
export function needsOomEvidence(outcome: Outcome): boolean {
  return outcome.kind === 'exited' && outcome.code === 137;
}

// The kernel log's oom-kill record of the memory cgroup of container `id` (its oom_memcg or task_memcg
// ends in the id: `libpod-<id>`, `docker-<id>.scope`, `/docker/<id>`), or undefined. `log` is the
// kernel log's text, one record a line, as /dev/kmsg gives it (`prio,seq,usec,flags;message`) or dmesg.
export function kernelOomRecord(log: string, id: string): string | undefined {
  if (!/^[0-9a-f]{12,64}$/.test(id)) return undefined;
  for (const line of log.split('\n')) {
    const at = line.indexOf('oom-kill:');
    if (at < 0) continue;
    const fields = line.slice(at + 'oom-kill:'.length).split(',');
    const memcgs = fields
      .filter((f) => f.startsWith('oom_memcg=') || f.startsWith('task_memcg='))
      .map((f) => f.slice(f.indexOf('=') + 1));
    if (memcgs.some((path) => new RegExp(`[/-]${id}[0-9a-f]*(\\.scope)?$`).test(path))) return line.slice(at).trim();
  }
  return undefined;
}

// The classification of an exit 137 once the evidence is in: `oom` only when confirmed, else a
// SIGKILL of unknown origin. Without evidence (not looked into) it is left as it is.
export function withOomEvidence(c: Classification, found: OomEvidence | undefined): Classification {
  if (found === undefined) return c;
  if (!found.confirmed)
    return { ...c, meaning: `SIGKILL of unknown origin (exited ${c.rawCode}; ${found.evidence})`, oom: found };
  const { signal: _sigkill, ...rest } = c;
  return {
    ...rest,
    category: 'oom',
    name: 'OOMKilled',
    meaning: `killed by the kernel's OOM killer (${found.evidence})`,
    normalizedCode: CATEGORY_CODES.oom,
    oom: found,
  };
}

// What explain says of 137 for a container run, where no evidence is at hand.
export const OOM_EVIDENCE_NOTE =
  "oom only when confirmed after the exit: the container's State.OOMKilled (read before it is removed) or an oom-kill record naming its memory cgroup in the kernel log; otherwise a SIGKILL of unknown origin";
