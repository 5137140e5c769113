import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFleetUrl } from '../../../../src/model/fleet-url.js';
import { openRouter } from '../../../../src/process/fleet/router.js';
import { serverPerBlock } from '../../../helpers/block-server.js';
import { HAS_REDIS, startRedis } from '../../../helpers/redis.js';
import { startCluster } from '../../../helpers/redis-cluster.js';

function addressOf(url: string) {
  const parsed = parseFleetUrl(url);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.address;
}

describe.skipIf(!HAS_REDIS)('the router over one Redis (fleet/router.ts)', () => {
  const redis = serverPerBlock(() => startRedis(), 60_000);

  it('one server: not a cluster, every key and the one master the same server', async () => {
    const opened = openRouter(addressOf(redis().url));
    const router = await opened.ready;
    expect(router.cluster).toBe(false);
    expect(await router.forKey('a')(['SET', 'a', '1'])).toBe('OK');
    expect(await router.forKey('b')(['GET', 'a'])).toBe('1');
    expect(router.masters().length).toBe(1);
    expect(await router.masters()[0]!(['PING'])).toBe('PONG');
    opened.destroy();
    expect(redis().cli('GET', 'a')).toBe('1');
  });

  it('the database of the URL is the one used', async () => {
    const opened = openRouter(addressOf(`${redis().url}?db=3`));
    const router = await opened.ready;
    await router.forKey('in-three')(['SET', 'in-three', 'x']);
    opened.destroy();
    expect([redis().cli('-n', '3', 'GET', 'in-three'), redis().cli('GET', 'in-three')]).toEqual(['x', '']);
  });

  it('after destroy, a command fails instead of waiting', async () => {
    const opened = openRouter(addressOf(redis().url));
    const router = await opened.ready;
    opened.destroy();
    await expect(router.forKey('a')(['PING'])).rejects.toThrow();
  });

  it('no server at the address: ready rejects', async () => {
    const opened = openRouter(addressOf(`unix://${join(redis().dir, 'none.sock')}`));
    await expect(opened.ready).rejects.toThrow(/ENOENT/);
    opened.destroy();
  });
});

describe.skipIf(!HAS_REDIS)('the router over a Redis Cluster (fleet/router.ts)', () => {
  const cluster = serverPerBlock(() => startCluster(), 120_000);

  it("learns the cluster from a seed: three masters; each key goes to its slot's master", async () => {
    const opened = openRouter(addressOf(`redis://fleet:fleet-pw@127.0.0.1:${cluster().ports[0]}`));
    const router = await opened.ready;
    expect(router.cluster).toBe(true);
    expect(router.masters().length).toBe(3);
    const keys = Array.from({ length: 30 }, (_, i) => `xrun:fleet:{svc-${i}}`);
    // a key sent to a master that does not own its slot would be answered MOVED
    for (const key of keys) expect(await router.forKey(key)(['HSET', key, 'n', '1'])).toBe(1);
    const perMaster = await Promise.all(
      router
        .masters()
        .map(
          async (send) =>
            (await send(['SCAN', '0', 'MATCH', 'xrun:fleet:{svc-*}', 'COUNT', '1000'])) as [string, string[]],
        ),
    );
    const found = perMaster.flatMap(([, found]) => found);
    expect(found.sort()).toEqual([...keys].sort());
    // spread over the shards, not all on one
    expect(perMaster.filter(([, found]) => found.length > 0).length).toBeGreaterThan(1);
    opened.destroy();
  });
});
