import { performance } from 'node:perf_hooks';

// A fleet call's bound, counted in the time xrun could have heard the answer: the time its event loop
// waited for I/O. Time the loop was held (starting processes, which Node does synchronously, many runs
// of one library process starting at once, a long GC) is xrun's own stall, not the server's slowness:
// the bound waits it out, up to STALL_ALLOWANCE_MS beyond the bound, so a process that never idles
// still ends its waits.

const STALL_ALLOWANCE_MS = 10_000;
// owed less than this once the timer fires: the loop listened (nearly) all of the bound
const SLACK_MS = 5;

// The promise, or a rejection saying `what` once the event loop has listened `ms` without it settling.
export function boundedByListening<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const since = performance.eventLoopUtilization();
  const startedAt = performance.now();
  const late = new Promise<never>((_, reject) => {
    const check = () => {
      const listened = performance.eventLoopUtilization(since).idle;
      const owed = ms - listened;
      const allowance = startedAt + ms + STALL_ALLOWANCE_MS - performance.now();
      if (owed > SLACK_MS && allowance > 0) return arm(Math.min(owed, allowance));
      // the rejection waits one turn of the event loop: a reply already read but not yet handled (a
      // starved process runs its timers before its I/O) is not taken for silence
      setImmediate(() => reject(new Error(what)));
    };
    const arm = (wait: number) => {
      timer = setTimeout(check, wait);
      timer.unref();
    };
    arm(ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
