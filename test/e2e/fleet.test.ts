import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decideFleetRetry,
  emptyWindow,
  type FleetLimits,
  type FleetWindow,
  recordEnd,
  windowCauses,
  windowCounts,
} from '../../src/model/fleet-budget.js';
import { limitArgs, windowOf } from '../../src/process/fleet/client.js';
import { connectResp } from '../../src/process/fleet/resp.js';
import { runFleetScript } from '../../src/process/fleet/script.js';
import { serverPerBlock } from '../helpers/block-server.js';
import { HAS_REDIS, startRedis } from '../helpers/redis.js';
import { eventually, runXrun, startXrun, tempDir } from '../helpers/xrun.js';

// A command that counts its runs in `file` and fails as docker does when its daemon is down
// (category connect: transient).
const DOCKER_DOWN =
  'echo x >> "$COUNT"; echo "Cannot connect to the Docker daemon at unix:///nowhere.sock. Is the docker daemon running?" >&2; exit 1';
const FAIL_OPEN =
  /^xrun: fleet .* (could not be reached|did not answer within|answered an error|did not connect).*: retrying as without --fleet for the rest of this run$/;

const xrunLines = (stderr: Buffer) =>
  stderr
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('xrun: '));
const count = (file: string) => {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};

// Each count of `causes` as expect.closeTo (the window's estimates are fractions).
const closeToEach = (causes: Record<string, number>) =>
  Object.fromEntries(Object.entries(causes).map(([k, n]) => [k, expect.closeTo(n, 6)]));

describe.skipIf(!HAS_REDIS)('--fleet against a real redis-server', () => {
  const redis = serverPerBlock(() => startRedis());

  it('the Lua script and model/fleet-budget.ts answer alike, step for step', async () => {
    const client = await connectResp(
      { kind: 'unix', path: redis().socket },
      { database: 0 },
      new AbortController().signal,
    );
    const limits: FleetLimits = {
      ratio: 0.3,
      floor: 2,
      windowMs: 10_000,
      cooldownMs: 3000,
      tripShare: 0.5,
      tripMin: 6,
    };
    let model: FleetWindow = emptyWindow();
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let now = 1_000_000;
    const send = (args: string[]) => client.command(args);
    for (let step = 0; step < 400; step += 1) {
      now += Math.floor(random() * 700);
      const retry = random() < 0.4;
      const end = { first: random() < 0.5, transient: random() < 0.6, success: false };
      end.success = !end.transient && random() < 0.5;
      const cause = ['connect', 'network', 'failure'][Math.floor(random() * 3)]!;
      const flags = retry ? [cause] : [end.first, end.transient, end.success].map((b) => (b ? '1' : '0'));
      const reply = windowOf(
        await runFleetScript(
          send,
          ['xrun:fleet:parity', 'xrun:fleet:services'],
          [retry ? 'retry' : 'end', String(now), ...limitArgs(limits), 'parity', ...flags],
        ),
      );
      let verdict = 'recorded';
      if (retry) ({ window: model, verdict } = decideFleetRetry(model, now, limits, cause));
      else model = recordEnd(model, end, now, limits);
      const counts = windowCounts(model, now, limits.windowMs);
      const { verdict: replied, circuit, firsts, retries, refused, flaky, trips, causes } = reply;
      expect({ step, verdict: replied, circuit, firsts, retries, refused, flaky, trips, causes }).toEqual({
        step,
        verdict,
        circuit: model.circuit === 'open' && now >= model.until ? 'half-open' : model.circuit,
        firsts: expect.closeTo(counts.firsts, 6),
        retries: expect.closeTo(counts.retries, 6),
        refused: expect.closeTo(counts.refused, 6),
        flaky: expect.closeTo(counts.flaky, 6),
        trips: expect.closeTo(counts.trips, 6),
        causes: closeToEach(windowCauses(model, now, limits.windowMs)),
      });
    }
    client.destroy();
  });

  it('many concurrent xruns retrying a failure: the retries granted stay within the budget', async () => {
    const dir = tempDir();
    const file = join(dir, 'count');
    const runs = 16;
    // 10 % of 16 first attempts + 4 = 5 retries in the window; without --fleet it would be 16 x 4 = 64
    // a day's window: the window's buckets start on the epoch's days, so a run across a boundary (which
    // would weigh the counts by the time left) is as unlikely as a test running across midnight UTC
    const args = [
      '--fleet',
      redis().url,
      '--fleet-key',
      'concurrent',
      '--fleet-budget',
      '10%+4',
      '--fleet-window',
      '1d',
      '--fleet-timeout',
      '30s',
    ];
    const results = await Promise.all(
      Array.from({ length: runs }, () =>
        runXrun(
          [
            ...args,
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
    const lines = results.flatMap((r) => xrunLines(r.stderr));
    expect(lines.filter((l) => FAIL_OPEN.test(l))).toEqual([]);
    const granted = Number(redis().cli('HGET', 'xrun:fleet:concurrent', 'cr'));
    expect(Number(redis().cli('HGET', 'xrun:fleet:concurrent', 'cf'))).toBe(runs);
    expect(granted).toBeLessThanOrEqual(5);
    // no attempt beyond the first ones and the granted retries
    // each run ends at its first refusal, or (a run granted every retry it asked) gives up
    const ends = results.map((r) => xrunLines(r.stderr).at(-1) ?? '');
    expect(
      ends.filter(
        (l) => !/not retrying: the fleet's retry budget for concurrent is spent|giving up after 5 attempts$/.test(l),
      ),
    ).toEqual([]);
    expect(ends.filter((l) => l.includes('not retrying')).length).toBeGreaterThanOrEqual(runs - 2);
    expect(count(file)).toBe(runs + granted);
  });

  it('the circuit opens on transient failures, refuses fleet-wide, lets one probe through after the cool-down, and a success closes it', async () => {
    const dir = tempDir();
    const file = join(dir, 'count');
    const fleet = [
      '--fleet',
      redis().url,
      '--fleet-key',
      'circuit',
      '--fleet-budget',
      '1000%+100',
      '--fleet-window',
      '1d',
      '--fleet-cooldown',
      '8s',
      '--fleet-timeout',
      '30s',
    ];
    const retry = ['--tool', 'docker', '--retry-connect', '--attempts', '5', '--delay', '20ms'];
    // 4 runs of 5 attempts: 20 transient failures, the circuit's minimum, all failures
    const storm = await Promise.all(
      Array.from({ length: 4 }, () =>
        runXrun([...fleet, ...retry, '--', 'sh', '-c', DOCKER_DOWN], { env: { COUNT: file } }),
      ),
    );
    expect(storm.map((r) => r.code)).toEqual([1, 1, 1, 1]);
    const status = await runXrun(['fleet', '--fleet', redis().url, '--json']);
    const service = (
      JSON.parse(status.stdout.toString()) as { services: { service: string; circuit: string }[] }
    ).services.find((s) => s.service === 'circuit');
    expect(service?.circuit).toBe('open');
    // open: a new run's first attempt goes, its retry is refused
    const refused = await runXrun([...fleet, ...retry, '--', 'sh', '-c', DOCKER_DOWN], { env: { COUNT: file } });
    expect(refused.code).toBe(1);
    expect(xrunLines(refused.stderr).at(-1)).toMatch(
      /not retrying: the fleet's circuit for circuit is open \(too many transient failures; a probe may retry in \ds\)$/,
    );
    // a cool-down of 8 s: the reads and the refused run above fit in it on a loaded machine
    // after the cool-down one probe retries: the service is back, it succeeds and closes the circuit
    await new Promise((resolve) => setTimeout(resolve, 8200));
    const flag = join(dir, 'failed-once');
    const recovering = `if [ -e "${flag}" ]; then exit 0; fi; touch "${flag}"; ${DOCKER_DOWN}`;
    const probe = await runXrun([...fleet, ...retry, '--', 'sh', '-c', recovering], { env: { COUNT: file } });
    expect(probe.code).toBe(0);
    const after = JSON.parse((await runXrun(['fleet', '--fleet', redis().url, '--json'])).stdout.toString()) as {
      services: { service: string; circuit: string }[];
    };
    // the flaky report: 6 runs (4 of the storm, the refused one, the probe), the probe's run succeeded on
    // its retry (flaky), one trip; 16 retries asked in the storm (the circuit opened at its 20th and last
    // ended attempt), one refused, the probe: 18, all for connect. On a loaded machine the refused run may
    // start after the cool-down: its first retry is then a probe that fails and opens the circuit again
    const late = xrunLines(refused.stderr).filter((l) => / attempt 2 of 5 in /.test(l)).length;
    expect(late).toBeLessThanOrEqual(1);
    expect(after.services.find((s) => s.service === 'circuit')).toMatchObject({
      circuit: 'closed',
      firstAttempts: 6,
      flakyRuns: 1,
      flakyShare: 0.167,
      circuitTrips: 1 + late,
      retries: 17 + late,
      refused: 1,
      retryCategories: { connect: 18 + late },
    });
  }, 120_000);

  it('xrun fleet prints each service with its counts', async () => {
    const r = await runXrun(['fleet', '--fleet', redis().url]);
    expect(r.code).toBe(0);
    const lines = r.stdout.toString().split('\n');
    expect(lines[0]).toBe(`fleet: ${redis().url}`);
    expect(lines[1]).toMatch(
      /^service +window +runs +flaky +retries +allowed +refused +failures +trips +circuit +retried for$/,
    );
    const row = /^concurrent +1d +16 +0 \(0%\) +([0-5]) +5 +(\d+) +0\/(\d+) +0 +closed +failure (\d+)$/.exec(
      lines.find((l) => l.startsWith('concurrent ')) ?? '',
    );
    // every retry asked was for a failure: the granted and the refused; every attempt ended is counted
    const [granted, refused, ended, asked] = row!.slice(1).map(Number) as [number, number, number, number];
    expect(asked).toBe(granted + refused);
    expect(ended).toBe(16 + granted);
    // the circuit test's run refused: once (17 retries, 1 trip, 18 asked), or after a failed probe (one more each)
    expect(lines.find((l) => l.startsWith('circuit '))).toMatch(
      /^circuit +1d +6 +1 \(17%\) +(17 +160 +1 +0\/0 +1 +closed +connect 18|18 +160 +1 +0\/0 +2 +closed +connect 19)$/,
    );
  });
});

describe.skipIf(!HAS_REDIS)('--fleet fails open', () => {
  it('Redis stopped in the middle of a run: the retries go on as without --fleet, said once', async () => {
    const redis = await startRedis();
    const dir = tempDir();
    const [started, stopped] = [join(dir, 'started'), join(dir, 'stopped')];
    const run = startXrun(
      [
        '--fleet',
        redis.url,
        '--fleet-key',
        'stopped',
        '--retry-on',
        '1',
        '--attempts',
        '3',
        '--delay',
        '10ms',
        '--',
        'sh',
        '-c',
        // the first attempt ends once Redis is gone (at most a minute)
        `touch "${started}"; n=0; until [ -e "${stopped}" ] || [ $n -ge 1200 ]; do sleep 0.05; n=$((n+1)); done; exit 1`,
      ],
      {},
    );
    expect(await eventually(() => existsSync(started), 60_000)).toBe(true);
    await redis.stop();
    writeFileSync(stopped, '');
    const r = await run.finished;
    expect(r.code).toBe(1);
    const lines = xrunLines(r.stderr);
    expect(lines.filter((l) => FAIL_OPEN.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toBe('xrun: sh exited 1 (Failure: the command failed); giving up after 3 attempts');
  });

  it("no password for a server that wants one: the server's NOAUTH, not a broken pipe; the retries go on", async () => {
    const redis = await startRedis({ password: 'the-right-one' });
    try {
      const r = await runXrun([
        '--fleet',
        `unix://${redis.socket}`,
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
      expect(lines.filter((l) => FAIL_OPEN.test(l))).toEqual([
        `xrun: fleet unix://${redis.socket} answered an error (NOAUTH Authentication required.): retrying as without --fleet for the rest of this run`,
      ]);
      expect(lines.at(-1)).toBe('xrun: sh exited 1 (Failure: the command failed); giving up after 3 attempts');
      const fleet = await runXrun(['fleet', '--fleet', `unix://${redis.socket}`]);
      expect(fleet.stderr.toString()).toContain('NOAUTH Authentication required.');
      expect(fleet.stderr.toString()).not.toContain('EPIPE');
    } finally {
      await redis.stop();
    }
  });

  it('a wrong password: one line, the password shown nowhere (line, report, xrun config), the retries go on', async () => {
    const redis = await startRedis({ password: 'the-right-one' });
    try {
      const dir = tempDir();
      const report = join(dir, 'report.json');
      const url = `unix://:wrong-Pa55word@${redis.socket}`;
      // a wide bound on each call (the default is 100ms): the error is Redis's answer, also on a loaded machine
      const r = await runXrun([
        '--fleet',
        url,
        '--fleet-timeout',
        '30s',
        '--report',
        report,
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
      const failOpen = lines.filter((l) => FAIL_OPEN.test(l));
      expect(failOpen).toEqual([
        `xrun: fleet unix://:***@${redis.socket} answered an error (WRONGPASS invalid username-password pair or user is disabled.): retrying as without --fleet for the rest of this run`,
      ]);
      expect(lines.at(-1)).toBe('xrun: sh exited 1 (Failure: the command failed); giving up after 3 attempts');
      const config = await runXrun(['config', '--fleet', url]);
      expect(config.stdout.toString()).toContain(`fleet  `);
      for (const text of [
        r.stderr.toString(),
        r.stdout.toString(),
        readFileSync(report, 'utf8'),
        config.stdout.toString(),
      ])
        expect(text).not.toContain('wrong-Pa55word');
      // the right password works
      const right = await runXrun([
        '--fleet',
        redis.url,
        '--fleet-timeout',
        '30s',
        '--fleet-key',
        'pw',
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
      expect(xrunLines(right.stderr).filter((l) => FAIL_OPEN.test(l))).toEqual([]);
      expect(redis.cli('HGET', 'xrun:fleet:pw', 'cr')).toBe('1');
    } finally {
      await redis.stop();
    }
  });

  it('Redis frozen (SIGSTOP): each call is bounded by --fleet-timeout and the run fails open', async () => {
    const redis = await startRedis();
    const pid = Number(redis.cli('INFO', 'server').match(/process_id:(\d+)/)![1]);
    try {
      process.kill(pid, 'SIGSTOP');
      const start = Date.now();
      const r = await runXrun([
        '--fleet',
        redis.url,
        '--fleet-timeout',
        '200ms',
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
      expect(xrunLines(r.stderr).filter((l) => FAIL_OPEN.test(l))).toHaveLength(1);
      expect(xrunLines(r.stderr).at(-1)).toBe(
        'xrun: sh exited 1 (Failure: the command failed); giving up after 3 attempts',
      );
      // far less than a hung client would take; loose: the machine is shared
      expect(Date.now() - start).toBeLessThan(30_000);
    } finally {
      process.kill(pid, 'SIGCONT');
      await redis.stop();
    }
  });

  it.each([
    ['--fleet', 'http://host'],
    ['--fleet', 'redis://:pw@host:0'],
    ['--fleet-budget', 'half'],
    ['--fleet-window', '0s'],
  ])('%s %s: exit 125, one line, nothing started', async (flag, value) => {
    const dir = tempDir();
    const marker = join(dir, 'ran');
    const args = flag === '--fleet' ? [flag, value] : ['--fleet', 'redis://127.0.0.1:1', flag, value];
    const r = await runXrun([...args, '--', 'sh', '-c', `touch "${marker}"`]);
    expect(r.code).toBe(125);
    expect(r.stderr.toString().split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr.toString()).toMatch(/^xrun: --fleet/);
    expect(r.stderr.toString()).not.toContain(':pw@');
    expect(count(marker)).toBe(0);
  });
});

describe.skipIf(!HAS_REDIS)('--fleet over TLS (rediss://)', () => {
  it("Debian's redis-server speaks TLS: a self-signed certificate, trusted through NODE_EXTRA_CA_CERTS", async () => {
    const redis = await startRedis({ tls: true, password: 'tls-pass' });
    try {
      const url = `rediss://:tls-pass@localhost:${redis.tlsPort}`;
      const env = { NODE_EXTRA_CA_CERTS: redis.caFile! };
      const args = [
        '--fleet',
        url,
        '--fleet-key',
        'tls',
        '--fleet-budget',
        '0+1',
        '--fleet-window',
        '1d',
        '--fleet-timeout',
        '30s',
        '--retry-on',
        '1',
        '--attempts',
        '3',
        '--delay',
        '10ms',
      ];
      const r = await runXrun([...args, '--', 'sh', '-c', 'exit 1'], { env });
      const lines = xrunLines(r.stderr);
      expect(lines.filter((l) => FAIL_OPEN.test(l))).toEqual([]);
      expect(lines.at(-1)).toMatch(
        /not retrying: the fleet's retry budget for tls is spent \(1 of 1 retries allowed for 1 first attempts in 1d\)$/,
      );
      expect(redis.cli('HGET', 'xrun:fleet:tls', 'cr')).toBe('1');
      // without the CA the certificate is refused: fail open
      const untrusted = await runXrun([...args, '--', 'sh', '-c', 'exit 1']);
      expect(xrunLines(untrusted.stderr).filter((l) => FAIL_OPEN.test(l))).toHaveLength(1);
      expect(untrusted.stderr.toString()).not.toContain('tls-pass');
    } finally {
      await redis.stop();
    }
  });
});
