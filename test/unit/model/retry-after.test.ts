import { describe, expect, it } from 'vitest';
import { classifyExitCode } from '../../../src/model/classify.js';
import { retryDelay } from '../../../src/model/policy.js';
import { parseRetryAfter } from '../../../src/model/retry-after.js';
import { models } from '../../../src/model/tools/index.js';
import { buildPlan } from '../../../src/settings/plan.js';

describe('parseRetryAfter', () => {
  it.each<[string, number | undefined]>([
    ['Error response from daemon: toomanyrequests: retry-after: 12s', 12_000],
    ['toomanyrequests: retry-after: 1m30s, allowed: 100/6h', 90_000],
    ['Retry-After: 7\n', 7000],
    ['retry after 250ms', 250],
    ['retry-after: 1.5s', 1500],
    ['retry-after: 3s\n...\nretry-after: 4s\n', 4000],
    ['toomanyrequests: You have reached your pull rate limit.', undefined],
    ['retry-after: soon', undefined],
    ['retry-after: 12parsecs', undefined],
  ])('%j -> %j', (text, ms) => {
    expect(parseRetryAfter(text)).toBe(ms);
  });
});

describe('rate-limit delays', () => {
  const rateLimited = (stderr: string) => classifyExitCode(models.docker, 1, `Error response from daemon: ${stderr}\n`);
  const half = () => 0.5;

  it('a stated retry-after is the delay', () => {
    const c = rateLimited('toomanyrequests: retry-after: 12s');
    expect(c).toMatchObject({ category: 'rate-limit', retryAfterMs: 12_000 });
    expect(retryDelay(1, c, buildPlan({ retryOn: 'rate-limit' }, ['docker']).policy, half)).toBe(12_000);
    expect(retryDelay(1, c, buildPlan({ retryOn: 'rate-limit', delay: '10ms' }, ['docker']).policy, half)).toBe(12_000);
  });
  it('without one, the first ceiling is 30 s, doubling to 5 minutes', () => {
    const c = rateLimited('toomanyrequests: You have reached your pull rate limit.');
    expect(c.retryAfterMs).toBeUndefined();
    const policy = buildPlan({ retryOn: 'rate-limit' }, ['docker']).policy;
    expect([1, 2, 3, 5, 9].map((k) => retryDelay(k, c, policy, () => 0.999999))).toEqual([
      44_999, 89_999, 179_999, 449_999, 449_999,
    ]);
  });
  it('--delay gives rate limits the ordinary schedule; --max-delay caps them', () => {
    const c = rateLimited('toomanyrequests: slow down');
    // equal jitter, random 0.5: the ceiling and a quarter
    expect(retryDelay(1, c, buildPlan({ retryOn: 'rate-limit', delay: '50ms' }, ['docker']).policy, half)).toBe(62);
    expect(retryDelay(3, c, buildPlan({ retryOn: 'rate-limit', maxDelay: '10s' }, ['docker']).policy, half)).toBe(
      12_500,
    );
    expect(
      retryDelay(3, c, buildPlan({ retryOn: 'rate-limit', maxDelay: '10s', jitter: 'none' }, ['docker']).policy, half),
    ).toBe(10_000);
  });
  it('other categories keep the 500 ms schedule', () => {
    const c = classifyExitCode(
      models.docker,
      1,
      'Error response from daemon: received unexpected HTTP status: 503 Service Unavailable\n',
    );
    expect(retryDelay(1, c, buildPlan({ retryOn: 'network' }, ['docker']).policy, half)).toBe(625);
  });
});
