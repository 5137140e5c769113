// The longest delay one Node timer holds: a longer one fires after 1 ms, with a TimeoutOverflowWarning.
export const LONGEST_TIMER_STEP_MS = 2 ** 31 - 1;

export interface LongTimeout {
  // the callback will not run (also in the middle of a chain of steps)
  clear(): void;
}

// setTimeout for any delay (a user's --timeout 600h, --delay 1000h, Infinity): chains Node timers
// of at most LONGEST_TIMER_STEP_MS, so `fire` runs once `ms` have passed and never before. Each step
// is an ordinary (ref'd) timer: like setTimeout, a pending one keeps the process alive.
export function setLongTimeout(fire: () => void, ms: number): LongTimeout {
  let left = Math.max(ms, 0);
  let handle: NodeJS.Timeout;
  const step = () => {
    const wait = Math.min(left, LONGEST_TIMER_STEP_MS);
    left -= wait;
    handle = setTimeout(left > 0 ? step : fire, wait);
  };
  step();
  return { clear: () => clearTimeout(handle) };
}

// Sleeps `ms` (any length); resolves true when it has passed, false at once when `signal` aborts.
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      timer.clear();
      resolve(false);
    };
    const timer = setLongTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// Whether `promise` settles within `ms`; the timer is cleared either way, so that it keeps nothing alive.
export function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
