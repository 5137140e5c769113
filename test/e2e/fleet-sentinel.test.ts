import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverPerBlock } from '../helpers/block-server.js';
import { HAS_REDIS } from '../helpers/redis.js';
import { startSentinels } from '../helpers/redis-sentinel.js';
import { eventually, runXrun, startXrun, tempDir } from '../helpers/xrun.js';

// --fleet redis+sentinel://: a master, its replica and 3 sentinels, started by the tests on loopback.
const FAIL_OPEN =
  /^xrun: fleet .* (could not be reached|did not answer within|answered an error|did not connect).*: retrying as without --fleet for the rest of this run$/;
const xrunLines = (stderr: Buffer) =>
  stderr
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('xrun: '));
const count = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);
const FAILS = ['--retry-on', '1', '--delay', '10ms', '--', 'sh', '-c', 'exit 1'];
const GIVE_UP_3 = 'xrun: sh exited 1 (Failure: the command failed); giving up after 3 attempts';

describe.skipIf(!HAS_REDIS)('--fleet through a real sentinel set', () => {
  const set = serverPerBlock(() => startSentinels(), 120_000);

  it('the budget holds as on one Redis: at most 1.25 attempts per run in an outage, counted on the master', async () => {
    const dir = tempDir();
    const file = join(dir, 'count');
    const runs = 12;
    // 10 % of 12 first attempts + 1 = 2 retries in the window; without --fleet it would be 12 x 4 = 48
    const fleet = [
      '--fleet',
      set().url(),
      '--fleet-key',
      'outage',
      '--fleet-budget',
      '10%+1',
      '--fleet-window',
      '1d',
      '--fleet-timeout',
      '30s',
    ];
    const script = ['--', 'sh', '-c', 'echo x >> "$COUNT"; exit 1'];
    const results = await Promise.all(
      Array.from({ length: runs }, () =>
        runXrun([...fleet, '--retry-on', '1', '--attempts', '5', '--delay', '50ms', ...script], {
          env: { COUNT: file },
        }),
      ),
    );
    expect(results.map((r) => r.code)).toEqual(Array(runs).fill(1));
    expect(results.flatMap((r) => xrunLines(r.stderr)).filter((l) => FAIL_OPEN.test(l))).toEqual([]);
    expect(Number(set().cli(set().masterPort, 'HGET', 'xrun:fleet:outage', 'cf'))).toBe(runs);
    const granted = Number(set().cli(set().masterPort, 'HGET', 'xrun:fleet:outage', 'cr'));
    expect(granted).toBeLessThanOrEqual(2);
    expect(count(file)).toBe(runs + granted);
    expect(count(file) / runs).toBeLessThanOrEqual(1.25);
    // xrun fleet reads the master the sentinels name
    const status = await runXrun(['fleet', '--fleet', set().url(), '--json']);
    expect(status.stderr.toString()).toBe('');
    const listed = (
      JSON.parse(status.stdout.toString()) as { fleet: string; services: { service: string; firstAttempts: number }[] }
    ).services;
    expect(listed.find((s) => s.service === 'outage')?.firstAttempts).toBe(runs);
  }, 120_000);

  it('a sentinel hung (SIGSTOP) first in the URL: the others are asked at the same time and the run does not wait for it', async () => {
    const [hung] = set().sentinelPorts;
    set().pause(hung!);
    try {
      // the call bound (100 ms by default) is shorter than connecting's own bound (2 s): no room for a
      // sentinel asked after the hung one has been given up on
      const r = await runXrun([
        '--fleet',
        set().url(),
        '--fleet-key',
        'hung-sentinel',
        '--fleet-budget',
        '0+1',
        '--fleet-window',
        '1d',
        '--attempts',
        '3',
        ...FAILS,
      ]);
      expect(r.code).toBe(1);
      expect(xrunLines(r.stderr).filter((l) => FAIL_OPEN.test(l))).toEqual([]);
      expect(xrunLines(r.stderr).at(-1)).toMatch(
        /not retrying: the fleet's retry budget for hung-sentinel is spent \(1 of 1 retries allowed for 1 first attempts in 1d\)$/,
      );
      expect(set().cli(set().masterPort, 'HGET', 'xrun:fleet:hung-sentinel', 'cr')).toBe('1');
    } finally {
      set().resume(hung!);
    }
  }, 60_000);

  it('a master name no sentinel knows: one line, the retries go on', async () => {
    const url = set()
      .url()
      .replace(/\/fleet-master$/, '/nobody');
    const r = await runXrun(['--fleet', url, '--fleet-timeout', '30s', '--attempts', '3', ...FAILS]);
    expect(r.code).toBe(1);
    expect(xrunLines(r.stderr).filter((l) => FAIL_OPEN.test(l))).toEqual([
      `xrun: fleet ${url} answered an error (no sentinel knows the master nobody): retrying as without --fleet for the rest of this run`,
    ]);
    expect(xrunLines(r.stderr).at(-1)).toBe(GIVE_UP_3);
  }, 60_000);

  // last: it kills the master
  it('the master killed: the run in flight fails open; once the sentinels promoted the replica the next runs use it', async () => {
    const dir = tempDir();
    const [started, killed] = [join(dir, 'started'), join(dir, 'killed')];
    const fleet = ['--fleet', set().url(), '--fleet-window', '1d', '--fleet-budget', '0+1', '--fleet-timeout', '5s'];
    const waiting = `touch "${started}"; n=0; until [ -e "${killed}" ] || [ $n -ge 1200 ]; do sleep 0.05; n=$((n+1)); done; exit 1`;
    const run = startXrun([
      ...fleet,
      '--fleet-key',
      'in-flight',
      '--retry-on',
      '1',
      '--attempts',
      '3',
      '--delay',
      '10ms',
      '--',
      'sh',
      '-c',
      waiting,
    ]);
    expect(await eventually(() => existsSync(started), 60_000)).toBe(true);
    set().kill(set().masterPort);
    writeFileSync(killed, '');
    const r = await run.finished;
    expect(r.code).toBe(1);
    const lines = xrunLines(r.stderr);
    expect(lines.filter((l) => FAIL_OPEN.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toBe(GIVE_UP_3);
    // the sentinels agree on the replica (down after 1 s, then a vote; a wide bound)
    expect(await set().agreedMaster()).toBe(set().replicaPort);
    const after = await runXrun([...fleet, '--fleet-key', 'after-failover', '--attempts', '3', ...FAILS]);
    expect(xrunLines(after.stderr).filter((l) => FAIL_OPEN.test(l))).toEqual([]);
    expect(xrunLines(after.stderr).at(-1)).toMatch(
      /not retrying: the fleet's retry budget for after-failover is spent/,
    );
    expect(set().cli(set().replicaPort, 'HGET', 'xrun:fleet:after-failover', 'cr')).toBe('1');
    // what the old master counted before it died was replicated
    expect(set().cli(set().replicaPort, 'HGET', 'xrun:fleet:outage', 'cf')).toBe('12');
  }, 180_000);
});

describe.skipIf(!HAS_REDIS)('--fleet through sentinels that want a password', () => {
  const set = serverPerBlock(() => startSentinels({ password: 'sentinel-pw' }), 120_000);

  it("the URL's password goes to the sentinels (their requirepass) and to the master; a wrong one is said once, hidden", async () => {
    const r = await runXrun([
      '--fleet',
      set().url(':sentinel-pw'),
      '--fleet-key',
      'pw',
      '--fleet-budget',
      '0+1',
      '--fleet-window',
      '1d',
      '--fleet-timeout',
      '30s',
      '--attempts',
      '3',
      ...FAILS,
    ]);
    expect(xrunLines(r.stderr).filter((l) => FAIL_OPEN.test(l))).toEqual([]);
    expect(set().cli(set().masterPort, 'HGET', 'xrun:fleet:pw', 'cr')).toBe('1');
    const wrong = await runXrun([
      '--fleet',
      set().url(':wrong-pw'),
      '--fleet-timeout',
      '30s',
      '--attempts',
      '3',
      ...FAILS,
    ]);
    expect(wrong.code).toBe(1);
    expect(xrunLines(wrong.stderr).filter((l) => FAIL_OPEN.test(l))).toEqual([
      `xrun: fleet ${set().url(':***')} answered an error (WRONGPASS invalid username-password pair or user is disabled.): retrying as without --fleet for the rest of this run`,
    ]);
    expect(wrong.stderr.toString()).not.toContain('wrong-pw');
    expect(xrunLines(wrong.stderr).at(-1)).toBe(GIVE_UP_3);
  }, 60_000);
});

describe.skipIf(!HAS_REDIS)('--fleet rediss+sentinel://: sentinels and master on TLS alone', () => {
  const set = serverPerBlock(() => startSentinels({ tls: true, password: 'tls-sentinel-pw' }), 120_000);

  const args = (key: string) => [
    '--fleet',
    set().url(':tls-sentinel-pw'),
    '--fleet-key',
    key,
    '--fleet-budget',
    '0+1',
    '--fleet-window',
    '1d',
    '--fleet-timeout',
    '30s',
    '--attempts',
    '3',
    ...FAILS,
  ];

  it('the sentinels are asked over TLS and the master they name is used over TLS: the budget holds, counted on the master', async () => {
    expect(set().url()).toMatch(
      /^rediss\+sentinel:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+\/fleet-master$/,
    );
    const r = await runXrun(args('tls-sentinel'), { env: { NODE_EXTRA_CA_CERTS: set().caFile! } });
    expect(r.code).toBe(1);
    // the whole of xrun's stderr: the retry, then the fleet's refusal (nothing else: no TLS warning)
    expect(r.stderr.toString().split('\n')).toEqual([
      expect.stringMatching(/^xrun: sh exited 1 \(Failure: the command failed\); attempt 2 of 3 in \d+ms$/),
      "xrun: sh exited 1 (Failure: the command failed); not retrying: the fleet's retry budget for tls-sentinel is spent (1 of 1 retries allowed for 1 first attempts in 1d)",
      '',
    ]);
    expect(set().cli(set().masterPort, 'HGET', 'xrun:fleet:tls-sentinel', 'cf')).toBe('1');
    expect(set().cli(set().masterPort, 'HGET', 'xrun:fleet:tls-sentinel', 'cr')).toBe('1');
    expect(set().cli(set().masterPort, 'HGET', 'xrun:fleet:tls-sentinel', 'cx')).toBe('1');
  }, 60_000);

  it('without the CA the sentinels are not trusted: one fail-open line, the retries go on', async () => {
    const r = await runXrun(args('tls-untrusted'));
    expect(r.code).toBe(1);
    const lines = xrunLines(r.stderr);
    expect(lines.filter((l) => FAIL_OPEN.test(l))).toEqual([
      expect.stringMatching(
        /^xrun: fleet rediss\+sentinel:\/\/:\*\*\*@127\.0\.0\.1:\d+,.*\/fleet-master answered an error \(self-signed certificate in certificate chain\): retrying as without --fleet for the rest of this run$/,
      ),
    ]);
    expect(lines.at(-1)).toBe(GIVE_UP_3);
    expect(r.stderr.toString()).not.toContain('tls-sentinel-pw');
    expect(set().cli(set().masterPort, 'EXISTS', 'xrun:fleet:tls-untrusted')).toBe('0');
  }, 60_000);
});
