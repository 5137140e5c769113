// A registry's stated wait, as the docker/podman CLI prints it: `toomanyrequests: retry-after: 12s`,
// `Retry-After: 12` (HTTP header, seconds) or a Go duration such as `1m30s`.
const RETRY_AFTER = /retry[- ]after:?\s+((?:\d+(?:\.\d+)?(?:ms|s|m|h))+|\d+(?:\.\d+)?)(?![\w.])/gi;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// The last stated retry-after in `text` in milliseconds, or undefined when none is stated. Pure.
export function parseRetryAfter(text: string): number | undefined {
  const last = [...text.matchAll(RETRY_AFTER)].at(-1)?.[1];
  if (last === undefined) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(last)) return Math.round(Number(last) * 1000);
  let ms = 0;
  for (const [, amount, unit] of last.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit!]!;
  return Math.round(ms);
}
