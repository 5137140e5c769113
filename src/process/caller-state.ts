// What bin/xrun saw of xrun's caller before Node started, and Node then hides: the descriptors 0-2 the
// caller closed (Node reopens them on /dev/null) and the signals it ignores (Node resets them).
export interface CallerState {
  closedFds: readonly number[];
  // signal numbers
  ignoredSignals: readonly number[];
}

// Set by bin/xrun only when there is something to tell: `closed=<digits 0-2> ignored=<decimal mask>`,
// the mask as /proc/self/stat has it (bit N-1 for signal N).
const CALLER_STATE_VARIABLE = 'XRUN_CALLER_STATE';

// /proc/self/stat's mask covers signals 1 to 31
const MASKED_SIGNALS = 31;
const NOTHING: CallerState = { closedFds: [], ignoredSignals: [] };

export function parseCallerState(value: string | undefined): CallerState {
  if (!value) return NOTHING;
  const closed = /(?:^| )closed=([012]*)(?: |$)/.exec(value)?.[1] ?? '';
  // a BigInt: the mask is 64 bits wide (realtime signals too), past what a Number holds exactly
  const mask = BigInt(/(?:^| )ignored=(\d+)(?: |$)/.exec(value)?.[1] ?? 0);
  const ignoredSignals: number[] = [];
  for (let signal = 1; signal <= MASKED_SIGNALS; signal += 1)
    if ((mask >> BigInt(signal - 1)) & 1n) ignoredSignals.push(signal);
  return { closedFds: [...new Set([...closed].map(Number))].sort(), ignoredSignals };
}

let taken: CallerState | undefined;

// Read once and removed from xrun's environment, so neither the command nor anything xrun starts
// inherits it. Kept only once found.
export function takeCallerState(env: NodeJS.ProcessEnv = process.env): CallerState {
  if (taken) return taken;
  const value = env[CALLER_STATE_VARIABLE];
  if (value === undefined) return NOTHING;
  delete env[CALLER_STATE_VARIABLE];
  taken = parseCallerState(value);
  return taken;
}
