// Backoff schedules: the wait before each retry, from the kind of schedule and a jitter. Pure; the
// random source is injected (returns [0, 1)).

export const BACKOFF_KINDS = ['exponential', 'linear', 'fixed'] as const;
export type BackoffKind = (typeof BACKOFF_KINDS)[number];
export const JITTERS = ['full', 'equal', 'decorrelated', 'none'] as const;
export type Jitter = (typeof JITTERS)[number];

export interface Schedule {
  kind: BackoffKind;
  // the first wait (exponential doubles it, linear adds it, fixed repeats it)
  baseDelayMs: number;
  // the cap of every wait
  maxDelayMs: number;
  // an explicit schedule (--delay 1s,2s,5s): the waits in order, the last repeating; `kind` is unused
  list?: readonly number[];
  jitter: Jitter;
}

// The wait before retry number `retry` (1-based) without jitter, capped.
export function scheduleCeiling(retry: number, schedule: Schedule): number {
  const n = Math.max(1, retry);
  return Math.min(schedule.maxDelayMs, uncapped(n, schedule));
}

function uncapped(n: number, { kind, baseDelayMs, list }: Schedule): number {
  if (list !== undefined && list.length > 0) return list[Math.min(n, list.length) - 1]!;
  if (kind === 'fixed') return baseDelayMs;
  if (kind === 'linear') return baseDelayMs * n;
  // past retry 1025, 2^(n-1) is Infinity, and 0 * Infinity would be NaN: no wait stays no wait
  if (baseDelayMs === 0) return 0;
  return baseDelayMs * 2 ** (n - 1);
}

// The wait before retry number `retry`: the schedule's wait W, never less (a --delay is a minimum), with
// its jitter added: full: [W, 2W); equal: [W, 1.5W); none: W; decorrelated: between the first wait and
// three times the previous wait (`previousMs`, the first wait on the first retry), capped.
export function scheduledDelay(retry: number, schedule: Schedule, random: () => number, previousMs?: number): number {
  const ceiling = scheduleCeiling(retry, schedule);
  switch (schedule.jitter) {
    case 'none':
      return ceiling;
    case 'full':
      return ceiling + Math.floor(random() * ceiling);
    case 'equal':
      return ceiling + Math.floor(random() * (ceiling / 2));
    case 'decorrelated': {
      const low = scheduleCeiling(1, schedule);
      const high = Math.max(low, 3 * (previousMs ?? low));
      return Math.min(schedule.maxDelayMs, Math.floor(low + random() * (high - low)));
    }
  }
}

// The random wait before the first attempt (--stagger): uniform in [0, staggerMs].
export function staggerDelay(staggerMs: number, random: () => number): number {
  return Math.min(staggerMs, Math.floor(random() * (staggerMs + 1)));
}
