export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
}

// The default schedule: about 500 ms first, doubling, capped at 30 s.
export const DEFAULT_BACKOFF: BackoffSettings = { baseDelayMs: 500, maxDelayMs: 30_000 };

// A registry rate limit (HTTP 429) clears in tens of seconds, not milliseconds: a quick retry only
// spends the quota again. The first ceiling is 30 s, doubling up to 5 minutes (unless --delay/--max-delay).
export const RATE_LIMIT_BACKOFF: BackoffSettings = { baseDelayMs: 30_000, maxDelayMs: 300_000 };

// The ceiling of the delay before retry number `retry` (1-based): base * 2^(retry-1), capped.
export function backoffCeiling(retry: number, { baseDelayMs, maxDelayMs }: BackoffSettings): number {
  // past retry 1025, 2^(retry-1) is Infinity, and 0 * Infinity would be NaN: no wait stays no wait
  if (baseDelayMs === 0) return 0;
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
}

// Full jitter: a delay drawn uniformly from [0, ceiling], so waiting clients spread out instead of
// returning together (a thundering herd). `random` returns [0, 1).
export function nextDelay(retry: number, settings: BackoffSettings, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(retry, settings));
}
