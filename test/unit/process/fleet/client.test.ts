import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FleetLimits } from '../../../../src/model/fleet-budget.js';
import { parseFleetUrl } from '../../../../src/model/fleet-url.js';
import { connectFleet, limitArgs, windowOf } from '../../../../src/process/fleet/client.js';
import { serverPerBlock } from '../../../helpers/block-server.js';
import { HAS_REDIS, startRedis } from '../../../helpers/redis.js';

// 0 x first attempts + 2 retries in a day; the circuit never trips here
const LIMITS: FleetLimits = {
  ratio: 0,
  floor: 2,
  windowMs: 86_400_000,
  cooldownMs: 30_000,
  tripShare: 0.5,
  tripMin: 1000,
};

function addressOf(url: string) {
  const parsed = parseFleetUrl(url);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.address;
}

// A connection to `url` whose fail-open lines are kept; calls bounded widely for a loaded machine.
function connect(url: string) {
  const warned: string[] = [];
  const connection = connectFleet({
    address: addressOf(url),
    limits: LIMITS,
    callTimeoutMs: 20_000,
    warn: (line) => warned.push(line),
  });
  return { connection, warned };
}

describe('the fleet client, pure parts (fleet/client.ts)', () => {
  it("limitArgs: the script's limit arguments, in its order", () => {
    expect(limitArgs(LIMITS)).toEqual(['86400000', '0', '2', '30000', '0.5', '1000']);
  });

  it("windowOf: the script's reply read field by field, the flaky report's causes as pairs", () => {
    const reply = ['granted', '4', '2', '1', '6', '3', 'half-open', '1700', '1500', '60000', '0.2', '10', '1', '2'];
    expect(windowOf([...reply, 'busy', '3', 'connect', '1'])).toEqual({
      verdict: 'granted',
      firsts: 4,
      retries: 2,
      refused: 1,
      ended: 6,
      transient: 3,
      flaky: 1,
      trips: 2,
      causes: { busy: 3, connect: 1 },
      circuit: 'half-open',
      until: 1700,
      now: 1500,
      windowMs: 60000,
      ratio: 0.2,
      floor: 10,
    });
  });

  it("windowOf: an older script's reply without the flaky report reads as none", () => {
    const window = windowOf(['recorded', '1', '0', '0', '1', '0', 'closed', '0', '5', '60000', '0.2', '10']);
    expect([window.flaky, window.trips, window.causes]).toEqual([0, 0, {}]);
  });
});

describe.skipIf(!HAS_REDIS)('the fleet client against a real Redis (fleet/client.ts)', () => {
  const redis = serverPerBlock(() => startRedis({ password: 'fleet-pw' }), 60_000);

  it('records ended attempts, grants retries within the budget, then refuses; read shows the window', async () => {
    const { connection, warned } = connect(redis().url);
    expect((await connection.call('end', 'svc-a', ['1', '1', '0']))?.verdict).toBe('recorded');
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push((await connection.call('retry', 'svc-a', ['busy']))?.verdict);
    expect(verdicts).toEqual(['granted', 'granted', 'budget']);
    const window = await connection.call('read', 'svc-a');
    expect(window).toMatchObject({ firsts: 1, ended: 1, transient: 1, retries: 2, refused: 1, circuit: 'closed' });
    expect(window?.causes).toEqual({ busy: 3 });
    await connection.close();
    expect(warned).toEqual([]);
  });

  it('services: the services seen, most recent first; a service never seen reads as none', async () => {
    const { connection } = connect(redis().url);
    await connection.call('end', 'svc-old', ['1', '0', '1']);
    // the set is ordered by Redis's clock in ms: two calls in one ms tie (and a tie reads in reverse name order)
    await new Promise((resolve) => setTimeout(resolve, 20));
    await connection.call('end', 'svc-new', ['1', '0', '1']);
    const services = await connection.services();
    expect(services?.indexOf('svc-new')).toBe(0);
    expect(services).toContain('svc-old');
    expect(await connection.call('read', 'never-seen')).toBeUndefined();
    await connection.close();
  });

  it('close waits for the calls in flight: a record sent without waiting is kept', async () => {
    const first = connect(redis().url);
    void first.connection.call('end', 'svc-close', ['1', '0', '1']);
    await first.connection.close();
    const second = connect(redis().url);
    expect((await second.connection.call('read', 'svc-close'))?.ended).toBe(1);
    await second.connection.close();
  });

  it('a wrong password fails open once, the password never shown', async () => {
    const { connection, warned } = connect(redis().url.replace('fleet-pw', 'wrong-secret'));
    expect(await connection.call('retry', 'svc-b', ['busy'])).toBeUndefined();
    expect(await connection.call('end', 'svc-b', ['1', '0', '0'])).toBeUndefined();
    await connection.close();
    expect(warned.length).toBe(1);
    expect(warned[0]).toMatch(
      /^fleet unix:\/\/:\*\*\*@.* answered an error \(.+\): retrying as without --fleet for the rest of this run$/,
    );
    expect(warned[0]).not.toContain('wrong-secret');
  });

  it('an unreachable Redis fails open once: every call answers undefined', async () => {
    const missing = join(redis().dir, 'no-such.sock');
    const { connection, warned } = connect(`unix://${missing}`);
    expect(await connection.call('retry', 'svc-c', ['busy'])).toBeUndefined();
    expect(await connection.services()).toBeUndefined();
    await connection.close();
    expect(warned).toEqual([
      expect.stringMatching(
        new RegExp(
          `^fleet unix://${missing} could not be reached \\(.*ENOENT.*\\): retrying as without --fleet for the rest of this run$`,
        ),
      ),
    ]);
  });
});
