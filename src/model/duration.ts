const UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

// The longest duration xrun accepts: the most whole milliseconds a number holds exactly (104249991d,
// about 285,000 years). Every wait up to it is honoured in full (timer.ts).
export const LONGEST_DURATION_MS = Number.MAX_SAFE_INTEGER;
const LONGEST_DAYS = Math.floor(LONGEST_DURATION_MS / UNITS_MS['d']!);
// The bound as xrun's documentation and messages show it: 104249991d.
export const LONGEST_DURATION_SHOWN = `${LONGEST_DAYS}d`;

// A decimal number as GNU timeout reads one (3, 1.5, .5, 1., 1e-3, 2.34e+5) and an optional unit.
const DURATION = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?(ms|s|m|h|d)?$/;

export type ParsedDuration = { ok: true; ms: number } | { ok: false; problem: string };

// Parses a duration such as 250ms, 2s, 1.5m, 1h, 2d or .5 (a bare number is seconds), rounded to the
// millisecond; anything above zero is at least 1 ms, so it never reads as 0. Pure.
export function parseDuration(text: string): ParsedDuration {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const match = DURATION.exec(negative ? trimmed.slice(1) : trimmed);
  const [, digits = '', exponent = '', unit = 's'] = match ?? [];
  const nonzero = /[1-9]/.test(digits);
  if (!match || (negative && !nonzero))
    return { ok: false, problem: `'${text}' is not a duration (e.g. 250ms, 2s, 1m)` };
  if (negative) return { ok: false, problem: `'${text}' is negative (a duration is 0 or more)` };
  const ms = Math.round(Number(digits + exponent) * UNITS_MS[unit]!);
  if (!(ms <= LONGEST_DURATION_MS))
    return { ok: false, problem: `'${text}' is too long (at most ${LONGEST_DURATION_SHOWN})` };
  return { ok: true, ms: nonzero ? Math.max(1, ms) : 0 };
}

const PARTS: readonly (readonly [string, number])[] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

// Formats a delay for xrun's lines: 420ms, 1.3s, 2m5s, 1h30m, 25d.
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  let seconds = Math.round(ms / 1000);
  let text = '';
  for (const [unit, size] of PARTS) {
    const count = Math.floor(seconds / size);
    seconds -= count * size;
    if (count > 0) text += `${count}${unit}`;
  }
  return text;
}
