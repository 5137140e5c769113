// xrun's benchmark: ratios against baselines measured in the same run, alternating repetitions,
// medians. Not a test: it prints a table and writes bench/RESULTS.md. Run with `npm run bench`.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contenderRows, makeRows, relayRows } from './queue.mjs';
import { startupRows } from './startup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const XRUN = join(root, 'bin/xrun');
const FLOOR = join(root, 'bench/floor.mjs');
const COPY_FLOOR = join(root, 'bench/copy-floor.mjs');
const SIM_BIN = join(root, 'test/fixtures/bin');
const node = process.execPath;
const quick = process.argv.includes('--quick');
// --only=startup|install|throughput|memory|contention|contenders|waiters|relay|make|fleet: those sections
// (a comma-separated list), printed, nothing written
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
// the 1-minute load average when each section starts, stated in RESULTS.md (a ratio measured under load is noise)
const loads = [];
const section = (name) => {
  const wanted = only === undefined || only.split(',').includes(name);
  if (wanted && !loads.some(([n]) => n === name))
    loads.push([name, readFileSync('/proc/loadavg', 'utf8').split(' ')[0]]);
  return wanted;
};
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (ns) => Number(ns) / 1e6;

function timeRun(file, args, options = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(file, args, { stdio: 'ignore', ...options });
  if (r.status !== (options.expect ?? 0)) throw new Error(`${file} ${args.join(' ')} exited ${r.status}`);
  return ms(process.hrtime.bigint() - start);
}

// Runs each case `reps` times, alternating between cases, and returns the medians.
function alternate(cases, reps) {
  const samples = cases.map(() => []);
  for (let i = 0; i < reps; i += 1) for (const [j, c] of cases.entries()) samples[j].push(c());
  return samples.map(median);
}

function startup() {
  const reps = quick ? 7 : 41;
  const explainWorks = spawnSync(XRUN, ['explain', '4'], { stdio: 'ignore' }).status === 0;
  const cases = [
    () => timeRun(node, [FLOOR, 'true']),
    () => timeRun(XRUN, ['--', 'true']),
    () => timeRun(XRUN, ['--version']),
    () => timeRun(node, ['-e', '0']),
  ];
  if (explainWorks) cases.push(() => timeRun(XRUN, ['explain', '4']));
  for (let i = 0; i < 3; i += 1) for (const c of cases) c(); // warm the file cache
  const [floor, run, version, bare, explain] = alternate(cases, reps);
  return { floor, run, version, bare, explain, reps };
}

// Another release of Node from the npm registry's node-<os>-<arch> packages, kept in ~/.cache/xrun-test
// (the same place the package tests keep it): the path of its `node`.
function otherNode(version) {
  const dir = join(homedir(), '.cache', 'xrun-test', `node-${version}`);
  if (!existsSync(join(dir, 'node'))) {
    mkdirSync(dirname(dir), { recursive: true });
    const partial = mkdtempSync(`${dir}.`);
    const tgz = execFileSync(
      'npm',
      ['pack', '--silent', `node-${process.platform}-${process.arch}@${version}`, '--pack-destination', partial],
      {
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n')
      .at(-1);
    execFileSync('tar', ['xzf', join(partial, tgz), '-C', partial, '--strip-components=2', 'package/bin/node']);
    rmSync(join(partial, tgz));
    renameSync(partial, dir);
  }
  return join(dir, 'node');
}

// The package as users run it: packed (dist/ is fresh from `npm run bench`'s build), installed with
// `npm i -g` into an empty prefix; startup of the installed xrun on this Node and on another, each
// against the floor on that same Node; and the single executable (npm run build:exe) against the floor.
function installed() {
  const reps = quick ? 7 : 21;
  const work = mkdtempSync(join(tmpdir(), 'xrun-bench-install-'));
  execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  execFileSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      join(work, 'prefix'),
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--silent',
      join(work, `xrun-${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}.tgz`),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const bin = join(work, 'prefix', 'bin', 'xrun');
  const exe = join(root, `dist/xrun-${process.platform}-${process.arch}`);
  const other = otherNode('22.23.5');
  const onNode = (nodePath) => ({
    env: { ...process.env, PATH: `${dirname(nodePath)}:${process.env.PATH}`, XRUN_CACHE_DIR: join(work, 'cache') },
  });
  const cases = [
    () => timeRun(node, [FLOOR, 'true']),
    () => timeRun(bin, ['--', 'true'], onNode(node)),
    () => timeRun(other, [FLOOR, 'true']),
    () => timeRun(bin, ['--', 'true'], onNode(other)),
    () => timeRun(exe, ['--', 'true']),
  ];
  for (let i = 0; i < 3; i += 1) for (const c of cases) c(); // warm the file cache (and Node 22's compile cache)
  const [floor, here, otherFloor, there, single] = alternate(cases, reps);
  rmSync(work, { recursive: true, force: true });
  return {
    floor,
    here,
    otherFloor,
    there,
    single,
    otherVersion: execFileSync(other, ['--version'], { encoding: 'utf8' }).trim(),
  };
}

// A shell pipeline's wall time and the CPU time (user + sys) of everything it started (bash's `times`:
// its children's, which take in their own waited-for children), in ms.
function pipeline(script) {
  const start = process.hrtime.bigint();
  const out = execFileSync('bash', ['-c', `${script}\ntimes`], {
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8',
  });
  const wall = ms(process.hrtime.bigint() - start);
  const seconds = (t) =>
    Number(
      t
        .match(/^(\d+)m([\d.]+)s$/)
        ?.slice(1)
        .reduce((m, s) => Number(m) * 60 + Number(s)),
    );
  const [user, sys] = out.trim().split('\n').at(-1).split(' ').map(seconds);
  return { wall, cpu: (user + sys) * 1000 };
}

function throughput(bytes, relayBytes) {
  // pipe throughput on two shared cores is noisy: more repetitions than the rest
  const reps = quick ? 3 : 11;
  const gen = (n) => `head -c ${n} /dev/zero`;
  const small = (n) => `dd if=/dev/zero bs=4096 count=${n / 4096} status=none`;
  const x = `"${XRUN}" --`;
  // --tool buck2: a model with message rules, and --normalize reads what it makes of them, so xrun relays
  // stderr and keeps its tail (cli/classification-read.ts: with nothing reading them, stderr is left untouched)
  const tail = `"${XRUN}" --normalize --tool buck2 --`;
  const toErr = (n) => `sh -c '${gen(n)} >&2'`;
  // each path at N bytes and at 0 bytes: t(N) - t(0) is the per-byte cost, without any start
  const paths = {
    directOut: (n) => `${gen(n)} | cat > /dev/null`,
    xrunOut: (n) => `${x} ${gen(n)} | cat > /dev/null`,
    floorOut: (n) => `"${node}" "${FLOOR}" ${gen(n)} | cat > /dev/null`,
    // separate streams: stderr relayed (tail kept), stdout elsewhere; the reference is one more cat
    separate: (n) => `${tail} ${toErr(n)} 2>&1 >/dev/null | cat > /dev/null`,
    separateCat: (n) => `${toErr(n)} 2>&1 >/dev/null | cat | cat > /dev/null`,
    // the same path through the copy floor: the relay's loop with nothing around it
    copyFloor: (n) => `${toErr(n)} 2>&1 >/dev/null | "${node}" "${COPY_FLOOR}" | cat > /dev/null`,
    // merged: stdout and stderr are one pipe, so the child gets one pipe for both, relayed
    merged: (n) => `${tail} ${toErr(n)} 2>&1 | cat > /dev/null`,
    mergedCat: (n) => `${toErr(n)} 2>&1 | cat | cat > /dev/null`,
    // a command writing in 4 KiB pieces: each piece a turn of the relay's loop, as of cat's
    separateSmall: (n) => `${tail} sh -c '${small(n)} >&2' 2>&1 >/dev/null | cat > /dev/null`,
    separateSmallCat: (n) => `sh -c '${small(n)} >&2' 2>&1 >/dev/null | cat | cat > /dev/null`,
    // a generic command with no output rule: xrun's own descriptors, unread; the reference is direct
    untouched: (n) => `${x} ${toErr(n)} 2>&1 >/dev/null | cat > /dev/null`,
    untouchedDirect: (n) => `${toErr(n)} 2>&1 >/dev/null | cat > /dev/null`,
  };
  // the relays also at the larger size: what a run pays once (a Node loop's warm-up, the worker thread's
  // start) weighs less there, so t(N) - t(0) comes nearer the cost per byte
  const relays = ['separate', 'separateCat', 'merged', 'mergedCat'];
  const cases = [
    ...Object.keys(paths).flatMap((name) => [
      { name, n: bytes },
      { name, n: 0 },
    ]),
    ...[...relays, 'copyFloor'].flatMap((name) => [
      { name, n: relayBytes },
      { name, n: 0, key: `${name}@large` },
    ]),
  ];
  const samples = cases.map(() => []);
  // every other round backwards, so that a slow spell of the machine falls on each path as on its reference
  for (let i = 0; i < reps; i += 1) {
    const order = [...cases.keys()];
    for (const j of i % 2 === 0 ? order : order.reverse()) samples[j].push(pipeline(paths[cases[j].name](cases[j].n)));
  }
  // t(0) is measured beside each size's runs, so that each difference pairs runs made seconds apart
  const at = (name, n, key) => samples[cases.findIndex((c) => c.name === name && c.n === n && c.key === key)];
  const perByte = (full, empty) => {
    const difference = (measure) => ({
      perByte: median(full.map((r) => r[measure])) - median(empty.map((r) => r[measure])),
      each: full.map((r, i) => r[measure] - empty[i][measure]),
    });
    return { wall: difference('wall'), cpu: difference('cpu'), empty: median(empty.map((r) => r.wall)) };
  };
  const result = { large: {} };
  for (const name of Object.keys(paths)) {
    result[name] = perByte(at(name, bytes), at(name, 0));
    if (name === 'copyFloor' || relays.includes(name))
      result.large[name] = perByte(at(name, relayBytes), at(name, 0, `${name}@large`));
  }
  return result;
}

// A path beside its reference: per-byte wall time and CPU time (median t(N) - median t(0)) and their
// ratio (reference over path), then the median of the ratios paired by round (the two ran seconds apart)
// with their spread.
const mibps = (bytes, perByteMs) => bytes / MiB / (perByteMs / 1000);
function ratioRow(label, bytes, path, reference, goal) {
  const paired = (measure) => path[measure].each.map((t, i) => reference[measure].each[i] / t).sort((a, b) => a - b);
  const wall = paired('wall');
  return [
    label,
    `wall ${f0(path.wall.perByte)} / ${f0(reference.wall.perByte)} ms per ${bytes / MiB} MiB (${f0(mibps(bytes, path.wall.perByte))} / ${f0(mibps(bytes, reference.wall.perByte))} MiB/s); CPU ${f0(path.cpu.perByte)} / ${f0(reference.cpu.perByte)} ms`,
    `${f2(reference.wall.perByte / path.wall.perByte)}; CPU ${f2(reference.cpu.perByte / path.cpu.perByte)}; paired ${f2(median(wall))} (${f2(wall[0])}–${f2(wall.at(-1))})`,
    goal,
  ];
}

// Peak RSS (KiB) of xrun while the child writes `bytes` to stderr (not a terminal, buck2's model: the
// tail is kept), separate from stdout or merged with it.
function peakRss(bytes, merged) {
  const redirect = merged ? '2>&1' : '2>&1 >/dev/null';
  const dir = mkdtempSync(join(tmpdir(), 'xrun-bench-rss-'));
  const file = join(dir, 'rss');
  execFileSync('bash', [
    '-c',
    `/usr/bin/time -o "${file}" -f '%M' "${XRUN}" --normalize --tool buck2 -- sh -c 'head -c ${bytes} /dev/zero >&2' ${redirect} | cat > /dev/null`,
  ]);
  const kib = Number(readFileSync(file, 'utf8').trim());
  rmSync(dir, { recursive: true, force: true });
  return kib;
}

// The floor under the same contention: K minimal Node spawn-and-exit scripts launched at once, until
// the last has exited (median of a few rounds).
async function concurrentFloor(k) {
  const rounds = [];
  for (let i = 0; i < (quick ? 1 : 3); i += 1) {
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from(
        { length: k },
        () => new Promise((resolve) => spawn(node, [FLOOR, 'true'], { stdio: 'ignore' }).on('exit', resolve)),
      ),
    );
    rounds.push(ms(process.hrtime.bigint() - start));
  }
  return median(rounds);
}

// K concurrent runs against one simulated daemon that serves one command at a time for 300 ms.
async function contention(k, mode) {
  const dir = mkdtempSync(join(tmpdir(), 'xrun-bench-'));
  const env = {
    ...process.env,
    PATH: `${SIM_BIN}:${process.env.PATH}`,
    BUCK2_SIM: 'daemon',
    BUCK2_SIM_STATE: join(dir, 'count'),
    BUCK2_SIM_HOLD: '0.3',
    BUCK2_SIM_LOG: join(dir, 'log'),
  };
  const command = {
    queue: [XRUN, '--quiet', '--retry-busy', '--', 'buck2', 'build'],
    'no-queue': [XRUN, '--quiet', '--retry-busy', '--no-queue', '--', 'buck2', 'build'],
    // what retry tools without a model do: a fixed 1 s sleep, up to 5 attempts
    'fixed 1s': [
      'bash',
      '-c',
      'for i in 1 2 3 4 5; do buck2 build && exit 0; s=$?; [ $s -eq 4 ] || exit $s; [ $i -lt 5 ] && sleep 1; done; exit 4',
    ],
  }[mode];
  const start = process.hrtime.bigint();
  const startEpochMs = Date.now();
  const codes = await Promise.all(
    Array.from(
      { length: k },
      () => new Promise((resolve) => spawn(command[0], command.slice(1), { env, stdio: 'ignore' }).on('exit', resolve)),
    ),
  );
  const makespan = ms(process.hrtime.bigint() - start);
  const endEpochMs = Date.now();
  const attempts = Number(readFileSync(join(dir, 'count'), 'utf8'));
  const log = readFileSync(join(dir, 'log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '));
  const perParent = new Map();
  for (const [, , parent] of log) perParent.set(parent, (perParent.get(parent) ?? 0) + 1);
  const perRun = [...perParent.values()];
  // from the first command's start: what is left once the runs' own startup is taken out
  const firstCommand = Math.min(...log.map(([, , , ns]) => Number(BigInt(ns) / 1000000n)));
  rmSync(dir, { recursive: true, force: true });
  return {
    k,
    mode,
    ok: codes.filter((c) => c === 0).length,
    makespanRatio: makespan / (k * 300),
    fromFirst: (endEpochMs - firstCommand) / (k * 300),
    startupMs: firstCommand - startEpochMs,
    attempts,
    maxPerRun: Math.max(...perRun),
  };
}

// K busy waiters on one simulated daemon (one command at a time, 300 ms each): all K launched at once
// through bash, whose `times` gives the CPU (user + sys) of every run. --attempts 20 so that --no-queue's
// runs also end in success and the two walls compare the same work.
function waiterRound(k, mode) {
  const dir = mkdtempSync(join(tmpdir(), 'xrun-bench-waiters-'));
  const env = {
    ...process.env,
    PATH: `${SIM_BIN}:${process.env.PATH}`,
    BUCK2_SIM: 'daemon',
    BUCK2_SIM_STATE: join(dir, 'count'),
    BUCK2_SIM_HOLD: '0.3',
  };
  const flags = ['--quiet', '--retry-busy', '--attempts', '20', ...(mode === 'no-queue' ? ['--no-queue'] : [])];
  const run = `"${XRUN}" ${flags.join(' ')} -- buck2 build`;
  const script = `ok=0; for i in $(seq ${k}); do ${run} & done; for j in $(jobs -p); do wait $j && ok=$((ok+1)); done; echo $ok\ntimes`;
  const start = process.hrtime.bigint();
  const out = execFileSync('bash', ['-c', script], { env, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' })
    .trim()
    .split('\n');
  const wall = ms(process.hrtime.bigint() - start);
  const seconds = (t) =>
    t
      .match(/^(\d+)m([\d.]+)s$/)
      .slice(1)
      .reduce((m, x) => Number(m) * 60 + Number(x));
  const [user, sys] = out.at(-1).split(' ').map(seconds);
  const attempts = Number(readFileSync(join(dir, 'count'), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  return { wall, cpu: (user + sys) * 1000, ok: Number(out[0]), attempts };
}

// The queue against --no-queue, alternating rounds: the paired wall ratios (median, spread) and CPU.
function waiters(k) {
  const rounds = quick ? 1 : 5;
  const pairs = [];
  for (let i = 0; i < rounds; i += 1) {
    const order = i % 2 === 0 ? ['queue', 'no-queue'] : ['no-queue', 'queue'];
    const round = Object.fromEntries(order.map((mode) => [mode, waiterRound(k, mode)]));
    pairs.push(round);
  }
  const ratios = pairs.map((p) => p.queue.wall / p['no-queue'].wall).sort((a, b) => a - b);
  const of = (mode, key) => median(pairs.map((p) => p[mode][key]));
  return {
    k,
    ratios,
    queue: {
      wall: of('queue', 'wall'),
      cpu: of('queue', 'cpu'),
      ok: of('queue', 'ok'),
      attempts: of('queue', 'attempts'),
    },
    noQueue: {
      wall: of('no-queue', 'wall'),
      cpu: of('no-queue', 'cpu'),
      ok: of('no-queue', 'ok'),
      attempts: of('no-queue', 'attempts'),
    },
  };
}

const f2 = (x) => (x === undefined ? 'n/a' : x.toFixed(2));
const f0 = (x) => (x === undefined ? 'n/a' : x.toFixed(0));
const rows = [];
let s;
if (section('startup')) {
  s = startup();
  rows.push([
    'startup: `xrun -- true` / floor (Node spawn-and-exit)',
    `${f0(s.run)} ms / ${f0(s.floor)} ms`,
    f2(s.run / s.floor),
    '≤ 1.15',
  ]);
  rows.push([
    'startup: `xrun --version` / floor',
    `${f0(s.version)} ms / ${f0(s.floor)} ms`,
    f2(s.version / s.floor),
    '',
  ]);
  rows.push([
    'startup: `xrun explain 4` / floor',
    s.explain === undefined ? 'n/a' : `${f0(s.explain)} ms / ${f0(s.floor)} ms`,
    s.explain === undefined ? 'n/a' : f2(s.explain / s.floor),
    '',
  ]);
  rows.push(['startup: `node -e 0` (reference)', `${f0(s.bare)} ms`, '', '']);
}
// issue 24's startup rows: wall and CPU against the floor, and the Makefile row
if (section('startup'))
  rows.push(...(await startupRows({ xrun: XRUN, floor: FLOOR, node, otherNode: otherNode('22.23.5'), quick })));
if (section('install')) {
  const i = installed();
  rows.push([
    `startup: installed package (\`npm i -g\`), \`xrun -- true\` on this Node (${process.version}) / floor on it`,
    `${f0(i.here)} ms / ${f0(i.floor)} ms`,
    f2(i.here / i.floor),
    '',
  ]);
  rows.push([
    `startup: installed package, \`xrun -- true\` on another Node (${i.otherVersion}) / floor on that Node`,
    `${f0(i.there)} ms / ${f0(i.otherFloor)} ms`,
    f2(i.there / i.otherFloor),
    '',
  ]);
  rows.push([
    `startup: single executable (\`npm run build:exe\`), \`-- true\` / floor on this Node`,
    `${f0(i.single)} ms / ${f0(i.floor)} ms`,
    f2(i.single / i.floor),
    '',
  ]);
}
const size = quick ? 256 * MiB : GiB;
const relaySize = quick ? 512 * MiB : 4 * GiB;
if (section('throughput')) {
  const t = throughput(size, relaySize);
  const per = `t(${size / MiB} MiB) - t(0)`;
  const large = `t(${relaySize / MiB} MiB) - t(0)`;
  rows.push(
    ratioRow(
      `throughput (${per}): stdout into a pipe, generic command (untouched: xrun's own descriptor) / direct`,
      size,
      t.xrunOut,
      t.directOut,
      '≥ 0.9',
    ),
  );
  rows.push(
    ratioRow(
      `throughput (${per}): stdout into a pipe, the floor script as the wrapper (reference) / direct`,
      size,
      t.floorOut,
      t.directOut,
      '',
    ),
  );
  const separate = 'separate streams, stderr relayed with its tail kept (`--normalize --tool buck2`)';
  const merged = 'merged (`2>&1` into one pipe), relayed with its tail kept (`--normalize --tool buck2`)';
  rows.push(
    ratioRow(
      `throughput (${large}): ${separate} / one more \`cat\` in the same path`,
      relaySize,
      t.large.separate,
      t.large.separateCat,
      '≥ 0.9',
    ),
  );
  rows.push(
    ratioRow(
      `throughput (${large}): ${merged} / one more \`cat\``,
      relaySize,
      t.large.merged,
      t.large.mergedCat,
      '≥ 0.9',
    ),
  );
  rows.push(
    ratioRow(
      `throughput (${large}): the copy floor (bench/copy-floor.mjs, the relay's loop alone in Node's main thread) / one more \`cat\` (reference: the limit of a Node relay)`,
      relaySize,
      t.large.copyFloor,
      t.large.separateCat,
      '',
    ),
  );
  rows.push(
    ratioRow(
      `throughput (${large}): separate streams relayed / the copy floor`,
      relaySize,
      t.large.separate,
      t.large.copyFloor,
      '',
    ),
  );
  rows.push(
    ratioRow(
      `throughput (${per}): separate streams as above / one more \`cat\` (with what a heavy run pays once)`,
      size,
      t.separate,
      t.separateCat,
      '',
    ),
  );
  rows.push(ratioRow(`throughput (${per}): merged as above / one more \`cat\``, size, t.merged, t.mergedCat, ''));
  rows.push(ratioRow(`throughput (${per}): the copy floor / one more \`cat\``, size, t.copyFloor, t.separateCat, ''));
  rows.push(
    ratioRow(
      `throughput (${per}): separate streams as above, the command writing 4 KiB pieces (\`dd bs=4096\`) / one more \`cat\``,
      size,
      t.separateSmall,
      t.separateSmallCat,
      '',
    ),
  );
  // what a relay adds to the start (mkfifo; the worker thread starts only once 1 MiB has come): t(0) of a relaying run against an untouched one
  rows.push([
    'start: t(0) of a run that relays stderr (`--normalize --tool buck2`) / of an untouched one (`xrun --`, a default run)',
    `${f0(t.separate.empty)} ms / ${f0(t.untouched.empty)} ms`,
    f2(t.separate.empty / t.untouched.empty),
    '',
  ]);
  rows.push(
    ratioRow(
      `throughput (${per}): stderr of a generic command (untouched) / direct`,
      size,
      t.untouched,
      t.untouchedDirect,
      '',
    ),
  );
}
if (section('memory')) {
  const large = quick ? size : 2 * GiB;
  for (const merged of [false, true]) {
    const rssSmall = peakRss(100 * MiB, merged);
    const rssLarge = peakRss(large, merged);
    rows.push([
      `memory: xrun peak RSS, 100 MiB / ${large / MiB} MiB of stderr relayed (${merged ? 'merged with stdout' : 'separate streams'})`,
      `${f0(rssSmall / 1024)} MB / ${f0(rssLarge / 1024)} MB`,
      f2(rssLarge / rssSmall),
      '< 80 MB, flat',
    ]);
  }
}
for (const k of section('contention') ? [8, 16] : []) {
  const floorK = await concurrentFloor(k);
  rows.push([
    `contention: ${k} Node spawn-and-exit floors launched at once (reference: the startup no run can beat)`,
    `all exited after ${f0(floorK)} ms`,
    '',
    '',
  ]);
  for (const mode of ['queue', 'no-queue', 'fixed 1s']) {
    const c = await contention(k, mode);
    const label =
      mode === 'queue'
        ? 'xrun --retry-busy (defaults, wait queue)'
        : mode === 'no-queue'
          ? 'xrun --retry-busy --no-queue'
          : 'fixed 1 s retry loop (baseline)';
    rows.push([
      `contention: ${k} runs, ${label}`,
      `${c.ok}/${k} ok, ${c.attempts} attempts (max ${c.maxPerRun}/run); first command after ${f0(c.startupMs)} ms, ${f2(c.fromFirst)} from then`,
      f2(c.makespanRatio),
      mode === 'queue' ? 'all ok, ≤ 1.10' : '',
    ]);
  }
}
// issue 24: 16 contenders against the ideal and the serial floor, a relaying run, the Makefile row
if (section('contenders')) rows.push(...contenderRows({ xrun: XRUN, simBin: SIM_BIN, quick }));
if (section('relay')) rows.push(...relayRows({ xrun: XRUN, quick }));
if (section('make')) rows.push(...makeRows({ xrun: XRUN, quick }));
if (section('waiters')) {
  const w = waiters(32);
  rows.push([
    `waiters: ${w.k} busy waiters on one daemon, wall, queue / \`--no-queue\` (paired rounds; CPU user+sys of all runs)`,
    `${f0(w.queue.wall)} / ${f0(w.noQueue.wall)} ms; CPU ${f0(w.queue.cpu)} / ${f0(w.noQueue.cpu)} ms; ${w.queue.ok}/${w.k} and ${w.noQueue.ok}/${w.k} ok, ${w.queue.attempts} / ${w.noQueue.attempts} attempts`,
    `${f2(median(w.ratios))} (${f2(w.ratios[0])}–${f2(w.ratios.at(-1))}); CPU ${f2(w.queue.cpu / w.noQueue.cpu)}`,
    '≤ 1.0',
  ]);
}
// in a process of its own: the hundreds of simulated commands' stderr goes nowhere
if (section('fleet')) {
  const fleet = spawnSync(node, [join(root, 'bench/fleet.mjs'), ...(quick ? ['--quick'] : [])], {
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8',
  });
  if (fleet.status !== 0) throw new Error(`bench: the fleet simulation exited ${fleet.status}`);
  rows.push(...JSON.parse(fleet.stdout));
}

const table = [
  '| measure | values | ratio | goal |',
  '| --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const cpu = cpus();
const header = `# xrun benchmark results\n\nMachine: ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} cores), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.\nStartup: medians of ${s?.reps} alternating runs; ratios are xrun over a baseline measured in the same run. Contention: makespan over the ideal serial time (runs × 300 ms), from the launch of all runs; "from then" measures from the first command's start, leaving out the runs' own startup (K Node processes starting at once on this machine's cores).\n\n`;
const loadLine = `Load average (1 min, ${cpu.length} cores) as each section started: ${loads.map(([n, l]) => `${n} ${l}`).join(', ')}.\n\n`;
console.log(table);
console.log(loadLine);
if (!quick && only === undefined) {
  // what follows the table (hand-written sections, each under a "## " heading) is kept
  const old = readFileSync(join(root, 'bench/RESULTS.md'), 'utf8');
  const kept = old.indexOf('\n## ') === -1 ? '' : old.slice(old.indexOf('\n## '));
  writeFileSync(join(root, 'bench/RESULTS.md'), `${header}${loadLine}${table}\n${kept}`);
  // laid out as `npm run check` wants it (biome formats the tables)
  execFileSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', 'bench/RESULTS.md'], {
    cwd: root,
    stdio: 'ignore',
  });
  // docs/performance.md quotes the latest results
  const pagePath = join(root, 'docs/performance.md');
  const page = readFileSync(pagePath, 'utf8');
  const quoted = `<!-- bench:begin -->\nLatest \`npm run bench\` (bench/RESULTS.md): ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}.\n\n${table}\n<!-- bench:end -->`;
  writeFileSync(pagePath, page.replace(/<!-- bench:begin -->[\s\S]*<!-- bench:end -->/, quoted));
}
