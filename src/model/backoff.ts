import { type BackoffKind, type Jitter, scheduleCeiling, scheduledDelay } from './schedule.js';

// A backoff schedule (schedule.ts). `kind` defaults to exponential; `jitter` to full, as the library's
// nextDelay always drew (buildPlan always sets it: `equal` unless --jitter or a --delay list says otherwise).
export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
  kind?: BackoffKind;
  jitter?: Jitter;
  // an explicit schedule (--delay 1s,2s,5s), the last wait repeating
  list?: readonly number[];
}

// The default schedule: about 500 ms first, doubling, capped at 30 s.
export const DEFAULT_BACKOFF: BackoffSettings = { baseDelayMs: 500, maxDelayMs: 30_000 };

// The jitter buildPlan applies unless --jitter says otherwise: a wait is its schedule's wait plus up to
// half of it, so a user's --delay 20s waits 20 to 30 s (an explicit --delay list is waited as written: none).
export const DEFAULT_JITTER: Jitter = 'equal';

// A registry rate limit (HTTP 429) clears in tens of seconds, not milliseconds: a quick retry only
// spends the quota again. The first ceiling is 30 s, doubling up to 5 minutes (unless --delay/--max-delay).
export const RATE_LIMIT_BACKOFF: BackoffSettings = { baseDelayMs: 30_000, maxDelayMs: 300_000 };

function scheduleOf(settings: BackoffSettings) {
  return { kind: settings.kind ?? 'exponential', jitter: settings.jitter ?? 'full', ...settings } as const;
}

// The ceiling of the delay before retry number `retry` (1-based): the schedule's wait, capped.
export function backoffCeiling(retry: number, settings: BackoffSettings): number {
  return scheduleCeiling(retry, scheduleOf(settings));
}

// The delay before retry number `retry`: the ceiling with the jitter applied (`previousMs`: the wait
// before the previous retry, for decorrelated jitter). `random` returns [0, 1).
export function nextDelay(
  retry: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
  previousMs?: number,
): number {
  return scheduledDelay(retry, scheduleOf(settings), random, previousMs);
}
