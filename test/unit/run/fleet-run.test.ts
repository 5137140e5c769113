import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import type { FleetPlan } from '../../../src/model/fleet-plan.js';
import { parseFleetUrl } from '../../../src/model/fleet-url.js';
import type { Outcome } from '../../../src/model/outcome.js';
import { models } from '../../../src/model/tools/index.js';
import { connectFleet } from '../../../src/process/fleet/client.js';
import { fleetEffects } from '../../../src/run/fleet-run.js';
import type { AttemptRecord } from '../../../src/run/supervise.js';
import { serverPerBlock } from '../../helpers/block-server.js';
import { HAS_REDIS, startRedis } from '../../helpers/redis.js';

function planFor(url: string): FleetPlan {
  const parsed = parseFleetUrl(url);
  if (!parsed.ok) throw new Error(parsed.problem);
  // 0 x first attempts + 1 retry in a day; the circuit never trips here
  const limits = { ratio: 0, floor: 1, windowMs: 86_400_000, cooldownMs: 30_000, tripShare: 0.5, tripMin: 1000 };
  return { address: parsed.address, limits, callTimeoutMs: 20_000 };
}

// buck2's attempt `n` that ended with `code`.
function record(n: number, code: number): AttemptRecord {
  const outcome: Outcome = { kind: 'exited', code };
  return {
    attempt: n,
    startedAt: 0,
    durationMs: 1,
    outcome,
    classification: classifyOutcome(models.buck2, outcome),
    decision: { retry: true, reason: 'r' },
    killEscalated: false,
  };
}

describe.skipIf(!HAS_REDIS)("the attempt loop's fleet effects (run/fleet-run.ts)", () => {
  const redis = serverPerBlock(() => startRedis(), 60_000);

  it('records each ended attempt (first, transient, success) and closes after the records are in', async () => {
    const warned: string[] = [];
    const effects = fleetEffects(planFor(redis().url), 'svc-record', (line) => warned.push(line));
    effects.recordAttempt(record(1, 11));
    effects.recordAttempt(record(2, 11));
    effects.recordAttempt(record(3, 0));
    await effects.close();
    expect(warned).toEqual([]);
    const reader = connectFleet({ ...planFor(redis().url), warn: () => {} });
    // attempt 1 a first, attempts 1 and 2 transient failures (connect), attempt 3 a success: three ended
    expect(await reader.call('read', 'svc-record')).toMatchObject({ firsts: 1, ended: 3, transient: 2, retries: 0 });
    await reader.close();
  });

  it("a retry past the budget is refused, with the budget's reason", async () => {
    const effects = fleetEffects(planFor(redis().url), 'svc-budget', () => {});
    effects.recordAttempt(record(1, 4));
    expect(await effects.mayRetry(record(1, 4))).toEqual({ granted: true });
    expect(await effects.mayRetry(record(2, 4))).toEqual({
      granted: false,
      reason: "the fleet's retry budget for svc-budget is spent (1 of 1 retries allowed for 1 first attempts in 1d)",
    });
    await effects.close();
  });

  it('no answer from the fleet: the retry is granted (fail open), said once', async () => {
    const warned: string[] = [];
    const effects = fleetEffects(planFor(`unix://${join(redis().dir, 'none.sock')}`), 'svc-off', (line) =>
      warned.push(line),
    );
    expect(await effects.mayRetry(record(1, 4))).toEqual({ granted: true });
    expect(await effects.mayRetry(record(2, 4))).toEqual({ granted: true });
    await effects.close();
    expect(warned.length).toBe(1);
    expect(warned[0]).toMatch(/could not be reached .*: retrying as without --fleet for the rest of this run$/);
  });
});
