// The unified category scheme. Normalized codes follow buck2's documented numbers
// (docs/exit-codes.md, Buck2); categories added for docker/bazel map onto them.
export const CATEGORY_CODES = {
  success: 0,
  failure: 1,
  infra: 2,
  user: 3,
  busy: 4,
  preempted: 5,
  timeout: 6,
  connect: 11,
  oom: 12,
  'test-failure': 32,
  'no-tests': 64,
  network: 2,
  'rate-limit': 2,
  'daemon-died': 2,
  // killed by signal N: normalized to 128+N, computed from the signal
  signal: 128,
} as const;

export type Category = keyof typeof CATEGORY_CODES;

export const CATEGORIES = Object.keys(CATEGORY_CODES) as Category[];

// One line each, shown by `xrun codes` and in --help.
export const CATEGORY_MEANINGS: Record<Category, string> = {
  success: 'the command succeeded',
  failure: 'the work failed, nothing more known',
  infra: 'infrastructure or tool failure',
  user: 'user error: bad arguments, missing target, build error',
  busy: 'daemon busy with another command',
  preempted: 'daemon preempted this command for another',
  timeout: 'the command ran out of time',
  connect: 'could not reach the daemon',
  oom: 'out of memory',
  'test-failure': 'tests failed',
  'no-tests': 'no tests ran',
  network: 'transient network or registry failure',
  'rate-limit': 'registry rate limit (HTTP 429)',
  'daemon-died': 'daemon died during the command',
  signal: 'killed by a signal (normalized 128+N)',
};

export function isCategory(name: string): name is Category {
  return Object.hasOwn(CATEGORY_CODES, name);
}
