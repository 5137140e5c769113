import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverPerBlock } from '../helpers/block-server.js';
import { HAS_REDIS } from '../helpers/redis.js';
import { startCluster, type TestCluster } from '../helpers/redis-cluster.js';
import { eventually, runXrun, startXrun, tempDir } from '../helpers/xrun.js';

// --fleet on a real Redis Cluster: 3 masters with a replica each, started by the tests on loopback.
const FAIL_OPEN =
  /^xrun: fleet .* (could not be reached|did not answer within|answered an error|did not connect).*: retrying as without --fleet for the rest of this run$/;
const xrunLines = (stderr: Buffer) =>
  stderr
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('xrun: '));
const count = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);
const user = 'fleet:fleet-pw@';
// the master of a key's slot, by port, as the cluster says now
const masterPort = (cluster: TestCluster, key: string): number => {
  let slot = -1;
  for (const port of cluster.ports) {
    try {
      if (slot < 0) slot = Number(cluster.cli(port, 'CLUSTER', 'KEYSLOT', key));
      const info = cluster.cli(port, 'CLUSTER', 'NODES');
      const line = info
        .split('\n')
        .find((l) => /\bmaster\b/.test(l) && !/fail/.test(l) && rangesOf(l).some(([a, b]) => slot >= a && slot <= b));
      if (line) return Number(/:(\d+)@/.exec(line)![1]);
    } catch {
      // a node killed by the test
    }
  }
  throw new Error(`no master for ${key}`);
};
const rangesOf = (line: string) =>
  line
    .split(' ')
    .slice(8)
    .filter((s) => /^\d+(-\d+)?$/.test(s))
    .map((s) => s.split('-').map(Number) as [number, number?])
    .map(([a, b]) => [a, b ?? a] as [number, number]);

describe.skipIf(!HAS_REDIS)('--fleet against a real Redis Cluster', () => {
  const cluster = serverPerBlock(() => startCluster(), 120_000);

  it('runs through every seed node (masters and replicas, an ACL user) share one budget: at most 1.25 attempts per run in an outage', async () => {
    const dir = tempDir();
    const file = join(dir, 'count');
    const runs = 20;
    // 10 % of 20 first attempts + 2 = 4 retries in the window; without --fleet it would be 20 x 4 = 80
    const results = await Promise.all(
      Array.from({ length: runs }, (_, i) =>
        runXrun(
          [
            '--fleet',
            `redis://${user}127.0.0.1:${cluster().ports[i % cluster().ports.length]}`,
            '--fleet-key',
            'outage',
            '--fleet-budget',
            '10%+2',
            '--fleet-window',
            '1d',
            '--fleet-timeout',
            '30s',
            '--retry-on',
            '1',
            '--attempts',
            '5',
            '--delay',
            '50ms',
            '--',
            'sh',
            '-c',
            'echo x >> "$COUNT"; exit 1',
          ],
          { env: { COUNT: file } },
        ),
      ),
    );
    expect(results.map((r) => r.code)).toEqual(Array(runs).fill(1));
    expect(results.flatMap((r) => xrunLines(r.stderr)).filter((l) => FAIL_OPEN.test(l))).toEqual([]);
    const master = masterPort(cluster(), 'xrun:fleet:{outage}');
    expect(Number(cluster().cli(master, 'HGET', 'xrun:fleet:{outage}', 'cf'))).toBe(runs);
    const granted = Number(cluster().cli(master, 'HGET', 'xrun:fleet:{outage}', 'cr'));
    expect(granted).toBeLessThanOrEqual(4);
    expect(count(file)).toBe(runs + granted);
    expect(count(file) / runs).toBeLessThanOrEqual(1.25);
  }, 120_000);

  it('several seeds in one URL, the first down: the next answers; xrun fleet reads the services of every shard', async () => {
    const services = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const masters = new Set(services.map((s) => masterPort(cluster(), `xrun:fleet:{${s}}`)));
    // the names land on more than one master
    expect(masters.size).toBeGreaterThan(1);
    const seeds = `redis://${user}127.0.0.1:1,127.0.0.1:${cluster().ports[3]},127.0.0.1:${cluster().ports[0]}`;
    for (const service of services) {
      const r = await runXrun([
        '--fleet',
        seeds,
        '--fleet-key',
        service,
        '--fleet-window',
        '1d',
        // a wide call bound: the counts are what is asserted, also on a loaded machine
        '--fleet-timeout',
        '30s',
        '--retry-on',
        '1',
        '--attempts',
        '2',
        '--delay',
        '10ms',
        '--',
        'sh',
        '-c',
        'exit 1',
      ]);
      expect(r.code).toBe(1);
      expect(xrunLines(r.stderr).filter((l) => FAIL_OPEN.test(l))).toEqual([]);
    }
    // a flaky run of bravo: it fails once, then succeeds
    const flag = join(tempDir(), 'failed-once');
    const flaky = await runXrun([
      '--fleet',
      seeds,
      '--fleet-key',
      'bravo',
      '--fleet-window',
      '1d',
      '--fleet-timeout',
      '30s',
      '--retry-on',
      '1',
      '--attempts',
      '2',
      '--delay',
      '10ms',
      '--',
      'sh',
      '-c',
      `[ -e "${flag}" ] || { touch "${flag}"; exit 1; }`,
    ]);
    expect(flaky.code).toBe(0);
    const status = await runXrun(['fleet', '--fleet', seeds, '--json']);
    expect(status.stderr.toString()).toBe('');
    expect(status.code).toBe(0);
    const listed = (
      JSON.parse(status.stdout.toString()) as {
        services: { service: string; firstAttempts: number; retries: number }[];
      }
    ).services;
    const report = { flakyRuns: 0, flakyShare: 0, circuitTrips: 0, refused: 0, retryCategories: { failure: 1 } };
    for (const service of services.filter((s) => s !== 'bravo'))
      expect(listed.find((s) => s.service === service)).toEqual(
        expect.objectContaining({ firstAttempts: 1, retries: 1, ...report }),
      );
    expect(listed.find((s) => s.service === 'bravo')).toEqual(
      expect.objectContaining({
        firstAttempts: 2,
        retries: 2,
        flakyRuns: 1,
        flakyShare: 0.5,
        circuitTrips: 0,
        retryCategories: { failure: 2 },
      }),
    );
    // the table: runs, flaky (share), retries, allowed, refused, failures, trips, circuit, retried for
    const text = (await runXrun(['fleet', '--fleet', seeds])).stdout.toString().split('\n');
    expect(text.find((l) => l.startsWith('bravo '))).toMatch(
      /^bravo +1d +2 +1 \(50%\) +2 +10 +0 +0\/4 +0 +closed +failure 2$/,
    );
  }, 120_000);

  it('a slot being migrated: the source answers ASK and the call goes to the target with ASKING', async () => {
    const key = 'xrun:fleet:{migrating}';
    const slot = cluster().cli(cluster().ports[0]!, 'CLUSTER', 'KEYSLOT', key);
    const source = masterPort(cluster(), key);
    const target =
      masterPort(cluster(), 'xrun:fleet:{alpha}') === source
        ? masterPort(cluster(), 'xrun:fleet:{bravo}')
        : masterPort(cluster(), 'xrun:fleet:{alpha}');
    expect(target).not.toBe(source);
    const idOf = (port: number) => cluster().cli(port, 'CLUSTER', 'MYID');
    cluster().cli(target, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', idOf(source));
    cluster().cli(source, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', idOf(target));
    try {
      const r = await runXrun([
        '--fleet',
        `redis://${user}127.0.0.1:${source}`,
        '--fleet-key',
        'migrating',
        '--',
        'true',
      ]);
      expect(r.code).toBe(0);
      expect(r.stderr.toString()).toBe('');
      expect(cluster().cli(target, 'CLUSTER', 'COUNTKEYSINSLOT', slot)).toBe('1');
      expect(cluster().cli(source, 'CLUSTER', 'COUNTKEYSINSLOT', slot)).toBe('0');
    } finally {
      cluster().cli(target, 'CLUSTER', 'SETSLOT', slot, 'NODE', idOf(source));
      cluster().cli(source, 'CLUSTER', 'SETSLOT', slot, 'NODE', idOf(source));
    }
  }, 60_000);

  it('a wrong ACL password: one line, the password shown nowhere, the retries go on', async () => {
    const r = await runXrun([
      '--fleet',
      `redis://fleet:wrong-pw@127.0.0.1:${cluster().ports[1]}`,
      '--retry-on',
      '1',
      '--attempts',
      '3',
      '--delay',
      '10ms',
      '--',
      'sh',
      '-c',
      'exit 1',
    ]);
    expect(r.code).toBe(1);
    const lines = xrunLines(r.stderr);
    expect(lines.filter((l) => FAIL_OPEN.test(l))).toEqual([expect.stringContaining('WRONGPASS')]);
    expect(r.stderr.toString()).not.toContain('wrong-pw');
    expect(lines.at(-1)).toBe('xrun: sh exited 1 (Failure: the command failed); giving up after 3 attempts');
  });

  it('a seed hung (SIGSTOP) first in the URL: the seeds are asked at once and the run does not wait for it', async () => {
    const replica = cluster().ports.find((p) => cluster().cli(p, 'ROLE').startsWith('slave'))!;
    const others = cluster()
      .ports.filter((p) => p !== replica)
      .map((p) => `127.0.0.1:${p}`);
    const seeds = `redis://${user}127.0.0.1:${replica},${others.join(',')}`;
    const master = masterPort(cluster(), 'xrun:fleet:{hung-seed}');
    cluster().pause(replica);
    try {
      // a 1 s call bound: connecting has 2 s, all of which a seed asked first and alone would spend
      const fleet = [
        '--fleet',
        seeds,
        '--fleet-key',
        'hung-seed',
        '--fleet-budget',
        '0+1',
        '--fleet-window',
        '1d',
        '--fleet-timeout',
        '1s',
      ];
      const r = await runXrun([
        ...fleet,
        '--retry-on',
        '1',
        '--attempts',
        '3',
        '--delay',
        '10ms',
        '--',
        'sh',
        '-c',
        'exit 1',
      ]);
      expect(r.code).toBe(1);
      expect(xrunLines(r.stderr).filter((l) => FAIL_OPEN.test(l))).toEqual([]);
      expect(xrunLines(r.stderr).at(-1)).toMatch(
        /not retrying: the fleet's retry budget for hung-seed is spent \(1 of 1 retries allowed for 1 first attempts in 1d\)$/,
      );
      expect(cluster().cli(master, 'HGET', 'xrun:fleet:{hung-seed}', 'cr')).toBe('1');
    } finally {
      cluster().resume(replica);
    }
  }, 60_000);

  // last: it kills a master
  it('a master killed: the run in flight fails open within the call bound; once a replica took over the next runs use it', async () => {
    const key = 'xrun:fleet:{failover}';
    const dead = masterPort(cluster(), key);
    const seeds = `redis://${user}${cluster()
      .ports.map((p) => `127.0.0.1:${p}`)
      .join(',')}`;
    const dir = tempDir();
    const [started, killed] = [join(dir, 'started'), join(dir, 'killed')];
    const fleet = ['--fleet', seeds, '--fleet-key', 'failover', '--fleet-window', '1d', '--fleet-timeout', '5s'];
    const run = startXrun([
      ...fleet,
      '--retry-on',
      '1',
      '--attempts',
      '3',
      '--delay',
      '10ms',
      '--',
      'sh',
      '-c',
      `touch "${started}"; n=0; until [ -e "${killed}" ] || [ $n -ge 1200 ]; do sleep 0.05; n=$((n+1)); done; exit 1`,
    ]);
    expect(await eventually(() => existsSync(started), 60_000)).toBe(true);
    cluster().kill(dead);
    writeFileSync(killed, '');
    const r = await run.finished;
    expect(r.code).toBe(1);
    const lines = xrunLines(r.stderr);
    expect(lines.filter((l) => FAIL_OPEN.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toBe('xrun: sh exited 1 (Failure: the command failed); giving up after 3 attempts');
    // a replica takes over (cluster-node-timeout 1.5 s; wide bound)
    const promotedYet = () => {
      // every node that is up has learnt it (a seed answers the slot map it knows)
      try {
        const views = cluster()
          .ports.filter((p) => p !== dead)
          .map((p) => cluster().cli(p, 'CLUSTER', 'SLOTS').split('\n'));
        return masterPort(cluster(), key) !== dead && views.every((v) => !v.includes(String(dead)));
      } catch {
        return false;
      }
    };
    expect(await eventually(promotedYet, 60_000)).toBe(true);
    const promoted = masterPort(cluster(), key);
    const after = await runXrun([
      ...fleet,
      '--retry-on',
      '1',
      '--attempts',
      '2',
      '--delay',
      '10ms',
      '--',
      'sh',
      '-c',
      'exit 1',
    ]);
    expect(after.code).toBe(1);
    expect(xrunLines(after.stderr).filter((l) => FAIL_OPEN.test(l))).toEqual([]);
    expect(Number(cluster().cli(promoted, 'HGET', key, 'cr'))).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
