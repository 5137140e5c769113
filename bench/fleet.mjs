// The fleet simulation of `npm run bench -- --only=fleet`: hundreds of concurrent clients, each the
// library's run() of a scripted command, against a real redis-server of its own (a unix socket in a
// temporary directory). Measures retry amplification during an outage with and without --fleet, the
// share of runs that succeed during a flaky period, and the latency --fleet adds to a retry decision.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DOWN = 'echo "Cannot connect to the Docker daemon at unix:///nowhere.sock. Is the docker daemon running?" >&2; exit 1';
// 26 of 256: a 10 % transient failure
const FLAKY = `[ "$(od -An -N1 -tu1 /dev/urandom)" -lt 26 ] && { ${DOWN}; }; exit 0`;

async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'xrun-bench-redis-'));
  const socket = join(dir, 'redis.sock');
  const server = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  for (let i = 0; i < 500 && !existsSync(socket); i += 1) await new Promise((r) => setTimeout(r, 20));
  if (!existsSync(socket)) throw new Error('bench: redis-server did not start');
  return {
    url: `unix://${socket}`,
    stop: async () => {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// `clients` runs at once; each retries connect failures up to 5 attempts in all.
async function fleetOf(run, clients, script, fleet) {
  const options = { tool: 'docker', retryConnect: true, attempts: 5, delay: '20ms', maxDelay: '200ms', ...fleet };
  const reports = await Promise.all(Array.from({ length: clients }, () => run(['sh', '-c', script], options)));
  const attempts = reports.reduce((n, r) => n + r.attempts.length, 0);
  const ok = reports.filter((r) => r.exitStatus.kind === 'code' && r.exitStatus.code === 0).length;
  const stops = {};
  for (const r of reports) stops[r.last.decision.stop] = (stops[r.last.decision.stop] ?? 0) + 1;
  return { attempts, ok, amplification: attempts / clients, stops };
}

// The gap between an attempt's end and the next one's start with --delay 0: the loop's own time
// between attempts, which with --fleet includes the retry decision's round trip.
async function decisionLatency(run, fleet) {
  const samples = [];
  let wallMs = 0;
  for (let i = 0; i < 3; i += 1) {
    const start = performance.now();
    const r = await run(['sh', '-c', 'exit 1'], { retryOn: '1', attempts: 101, delay: 0, ...fleet });
    wallMs += performance.now() - start;
    for (let a = 1; a < r.attempts.length; a += 1) {
      const prev = r.attempts[a - 1];
      samples.push(r.attempts[a].startedAt - (prev.startedAt + prev.durationMs) - (prev.delayMs ?? 0));
    }
  }
  return { sorted: samples.sort((x, y) => x - y), perRetryMs: wallMs / samples.length };
}

const pick = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

export async function fleetRows({ quick }) {
  const { run } = await import('../dist/index.js');
  const redis = await startRedis();
  const clients = quick ? 100 : 200;
  try {
    const fleet = (key) => ({ fleet: redis.url, fleetKey: key, fleetTimeout: '1s' });
    const without = await fleetOf(run, clients, DOWN, {});
    const withFleet = await fleetOf(run, clients, DOWN, fleet('outage'));
    const flakyWithout = await fleetOf(run, clients, FLAKY, {});
    const flakyWith = await fleetOf(run, clients, FLAKY, fleet('flaky'));
    const plain = await decisionLatency(run, {});
    const asked = await decisionLatency(run, { ...fleet('latency'), fleetBudget: '1000%+1000' });
    const added = (q) => pick(asked.sorted, q) - pick(plain.sorted, q);
    const f2 = (x) => x.toFixed(2);
    return [
      [
        `fleet: outage (every attempt fails with connect), ${clients} concurrent run() clients, 5 attempts each: retry amplification (attempts / runs) with --fleet (defaults) / without`,
        `${withFleet.attempts} / ${without.attempts} attempts; how the runs ended with it: ${JSON.stringify(withFleet.stops)}`,
        `${f2(withFleet.amplification)} / ${f2(without.amplification)}`,
        '≤ 1.25 with it',
      ],
      [
        `fleet: flaky period (10 % transient failures), ${clients} runs: share that succeed with --fleet / without`,
        `${flakyWith.ok} / ${flakyWithout.ok} of ${clients}`,
        `${f2(flakyWith.ok / clients)} / ${f2(flakyWithout.ok / clients)}`,
        'the same, within noise',
      ],
      [
        'fleet: latency --fleet adds to a retry decision, unix socket, one client: mean from wall time; median and p99 of the gap between attempts (ms resolution), with it minus without',
        `mean ${f2(asked.perRetryMs - plain.perRetryMs)} ms, median ${added(0.5)} ms, p99 ${added(0.99)} ms (${asked.sorted.length} retries)`,
        '',
        '',
      ],
    ];
  } finally {
    await redis.stop();
  }
}

// Run as a script (bench.mjs does, so the commands' stderr goes nowhere): prints the rows as JSON.
if (process.argv[1]?.endsWith('fleet.mjs')) {
  console.log(JSON.stringify(await fleetRows({ quick: process.argv.includes('--quick') })));
}
