// The fleet simulation of `npm run bench -- --only=fleet`: 200 clients, each its own xrun process (as
// each CI job is), against a real 3-master Redis Cluster with a replica each, started here on loopback
// ports and removed after. Measures retry amplification in an outage with and without --fleet, the share
// of runs that succeed in a flaky period, and the latency --fleet adds to a retry decision (p50, p99).
// Clients run 5 at once (XRUN_BENCH_BATCH), each its own process as each CI job is. A run that fails
// open (it could not reach the fleet within the bounds) retries as without --fleet: its attempts count
// (that is what the fleet costs), and the row says how many of them came from such runs, and how long
// the outage phase took (after the circuit opens the fleet lets one probe through per cool-down, so a
// longer phase grants a few more retries). XRUN_BENCH_CLIENTS=N for fewer clients.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const XRUN = fileURLToPath(new URL('../bin/xrun', import.meta.url));
const DOWN =
  'echo "Cannot connect to the Docker daemon at unix:///nowhere.sock. Is the docker daemon running?" >&2; exit 1';
// 26 of 256: a 10 % transient failure
const FLAKY = `[ "$(od -An -N1 -tu1 /dev/urandom)" -lt 26 ] && { ${DOWN}; }; exit 0`;
const BATCH = Number(process.env.XRUN_BENCH_BATCH) || 5;

const isFree = (port) =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
const cli = (port, ...args) =>
  execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
    timeout: 10_000,
  }).trim();
const nap = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(check) {
  for (let i = 0; i < 600; i += 1) {
    try {
      if (check()) return;
    } catch {
      // not yet
    }
    await nap(100);
  }
  throw new Error('bench: the cluster did not get ready');
}

async function startCluster() {
  const dir = mkdtempSync(join(tmpdir(), 'xrun-bench-cluster-'));
  const ports = [];
  while (ports.length < 6) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (!ports.includes(port) && (await isFree(port)) && (await isFree(port + 10000))) ports.push(port);
  }
  const servers = ports.map((port) =>
    spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      {
        stdio: 'ignore',
      },
    ),
  );
  const stop = async () => {
    await Promise.all(
      servers.map((s) =>
        s.exitCode === null ? new Promise((r) => (s.once('exit', r), s.kill('SIGKILL'))) : undefined,
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) await until(() => cli(port, 'PING') === 'PONG');
    execFileSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes'],
      {
        stdio: 'ignore',
        timeout: 60_000,
      },
    );
    for (const port of ports)
      await until(
        () =>
          cli(port, 'CLUSTER', 'INFO').includes('cluster_state:ok') &&
          cli(port, 'CLUSTER', 'SLOTS').split('\n').length >= 18,
      );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`, stop };
}

// One xrun process; resolves its exit code, the attempts its report counts, and its fail-open line.
function xrunOnce(args, report) {
  return new Promise((resolve) => {
    const child = spawn(XRUN, ['--report', report, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      const { attempts } = JSON.parse(readFileSync(report, 'utf8'));
      const failedOpen = stderr.split('\n').find((l) => /^xrun: fleet .*retrying as without --fleet/.test(l));
      resolve({ code, attempts: attempts.length, stop: attempts.at(-1).decision?.stop, failedOpen });
    });
  });
}

// `clients` runs, BATCH at once; each retries connect failures, up to 5 attempts in all.
let phases = 0;

async function fleetOf(dir, clients, script, fleet) {
  const started = Date.now();
  // each phase's reports its own: a run that wrote none is never read as an earlier phase's
  phases += 1;
  const phase = phases;
  const results = [];
  for (let start = 0; start < clients; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, clients - start) }, (_, i) =>
      xrunOnce(
        [
          ...fleet,
          '--tool',
          'docker',
          '--retry-connect',
          '--attempts',
          '5',
          '--delay',
          '20ms',
          '--max-delay',
          '200ms',
          '--',
          'sh',
          '-c',
          script,
        ],
        join(dir, `p${phase}-r${start + i}.json`),
      ),
    );
    results.push(...(await Promise.all(batch)));
  }
  const attempts = results.reduce((n, r) => n + r.attempts, 0);
  const stops = {};
  for (const r of results) stops[r.stop] = (stops[r.stop] ?? 0) + 1;
  const failedOpen = results.filter((r) => r.failedOpen);
  if (process.env.XRUN_BENCH_DEBUG) for (const r of failedOpen.slice(0, 3)) console.error(r.failedOpen);
  return {
    attempts,
    ok: results.filter((r) => r.code === 0).length,
    amplification: attempts / clients,
    stops,
    failedOpen: failedOpen.length,
    failedOpenAttempts: failedOpen.reduce((n, r) => n + r.attempts, 0),
    seconds: (Date.now() - started) / 1000,
  };
}

// The gap between an attempt's end and the next one's start with --delay 0, one run of 101 attempts,
// three times: the loop's own time between attempts, which with --fleet includes the decision's round trip.
async function decisionGaps(dir, fleet) {
  const samples = [];
  for (let i = 0; i < 3; i += 1) {
    const file = join(dir, `latency-${fleet.length}-${i}.json`);
    await new Promise((resolve) =>
      spawn(
        XRUN,
        [
          '--report',
          file,
          ...fleet,
          '--retry-on',
          '1',
          '--attempts',
          '101',
          '--delay',
          '0',
          '--',
          'sh',
          '-c',
          'exit 1',
        ],
        { stdio: 'ignore' },
      ).on('exit', resolve),
    );
    const { attempts } = JSON.parse(readFileSync(file, 'utf8'));
    for (let a = 1; a < attempts.length; a += 1) {
      const prev = attempts[a - 1];
      samples.push(
        Date.parse(attempts[a].startedAt) - (Date.parse(prev.startedAt) + prev.durationMs) - (prev.delayMs ?? 0),
      );
    }
  }
  return samples.sort((x, y) => x - y);
}

const pick = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

export async function fleetRows({ quick }) {
  const cluster = await startCluster();
  const dir = mkdtempSync(join(tmpdir(), 'xrun-bench-fleet-'));
  const clients = Number(process.env.XRUN_BENCH_CLIENTS) || (quick ? 100 : 200);
  try {
    const fleet = (key, more = []) => ['--fleet', cluster.url, '--fleet-key', key, '--fleet-timeout', '1s', ...more];
    const loadBefore = load();
    const without = await fleetOf(dir, clients, DOWN, []);
    const withFleet = await fleetOf(dir, clients, DOWN, fleet('outage'));
    const flakyWithout = await fleetOf(dir, clients, FLAKY, []);
    const flakyWith = await fleetOf(dir, clients, FLAKY, fleet('flaky'));
    const plain = await decisionGaps(dir, []);
    const asked = await decisionGaps(dir, fleet('latency', ['--fleet-budget', '1000%+1000']));
    const added = (q) => pick(asked, q) - pick(plain, q);
    const f2 = (x) => x.toFixed(2);
    const f0 = (x) => x.toFixed(0);
    const loadShown = `load ${loadBefore} before, ${load()} after`;
    return [
      [
        `fleet: outage (every attempt fails with connect), ${clients} xrun processes (${BATCH} at once) against a 3-master cluster, 5 attempts each: attempts per run with --fleet (defaults) / without`,
        `${withFleet.attempts} / ${without.attempts} attempts; how the runs ended with it: ${JSON.stringify(withFleet.stops)}, ${withFleet.failedOpen} failed open (${withFleet.failedOpenAttempts} of the attempts); ${f0(withFleet.seconds)} s with it; ${loadShown}`,
        `${f2(withFleet.amplification)} / ${f2(without.amplification)}`,
        '≤ 1.25 with it',
      ],
      [
        `fleet: flaky period (10 % transient failures), ${clients} runs: share that succeed with --fleet / without`,
        `${flakyWith.ok} / ${flakyWithout.ok} of ${clients}; with it: ${JSON.stringify(flakyWith.stops)}, ${flakyWith.failedOpen} failed open; ${loadShown}`,
        `${f2(flakyWith.ok / clients)} / ${f2(flakyWithout.ok / clients)}`,
        'the same, within noise',
      ],
      [
        'fleet: latency --fleet adds to a retry decision on the cluster, one client: p50 and p99 of the gap between attempts (ms resolution), with it minus without',
        `p50 ${added(0.5)} ms, p99 ${added(0.99)} ms (${asked.length} retries; without: p50 ${pick(plain, 0.5)} ms, p99 ${pick(plain, 0.99)} ms); ${loadShown}`,
        `${added(0.5)} ms`,
        'p50 ≤ 5 ms',
      ],
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await cluster.stop();
  }
}

// Run as a script (bench.mjs does): prints the rows as JSON.
if (process.argv[1]?.endsWith('fleet.mjs')) {
  console.log(JSON.stringify(await fleetRows({ quick: process.argv.includes('--quick') })));
}
