// Startup rows (issue 24): `xrun -- true` against the floor script, wall and CPU, and a Makefile of
// 100 recipes of `true` under `make -j2` with no prefix, GNU `timeout 10` and xrun. Alternating pairs,
// ratios of each pair, medians with the spread (quartiles) of the ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A bash script's wall time and the CPU time (user + sys) of everything it started (bash's `times`), in ms.
function measured(script) {
  const start = process.hrtime.bigint();
  const out = execFileSync('bash', ['-c', `${script}\ntimes`], {
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const seconds = (t) => {
    const [, m, s] = t.match(/^(\d+)m([\d.]+)s$/) ?? [];
    return Number(m) * 60 + Number(s);
  };
  const [user, sys] = out.trim().split('\n').at(-1).split(' ').map(seconds);
  return { wall, cpu: (user + sys) * 1000 };
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

// Each case's runs, in alternating rounds: [case][round] of { wall, cpu }.
function sampled(scripts, reps) {
  for (const s of scripts) measured(s); // warm the file cache
  const samples = scripts.map(() => []);
  for (let i = 0; i < reps; i += 1) for (const [j, s] of scripts.entries()) samples[j].push(measured(s));
  return samples;
}

// Runs against a baseline's runs of the same rounds: medians and the per-round ratios' median and spread.
function compared(runs, baseRuns) {
  const ratio = (key) => runs.map((r, i) => r[key] / baseRuns[i][key]);
  const summary = (key) => ({
    median: quantile(
      runs.map((r) => r[key]),
      0.5,
    ),
    ratio: quantile(ratio(key), 0.5),
    low: quantile(ratio(key), 0.25),
    high: quantile(ratio(key), 0.75),
  });
  return { wall: summary('wall'), cpu: summary('cpu') };
}

// Each case against the first (the baseline), in alternating rounds.
function pairs(scripts, reps) {
  const samples = sampled(scripts, reps);
  return samples.map((runs) => compared(runs, samples[0]));
}

const f2 = (x) => x.toFixed(2);
const f0 = (x) => x.toFixed(0);
const row = (label, value, base, goal) => [
  label,
  `wall ${f0(value.wall.median)} / ${f0(base.wall.median)} ms, CPU ${f0(value.cpu.median)} / ${f0(base.cpu.median)} ms`,
  `wall ${f2(value.wall.ratio)} (${f2(value.wall.low)}-${f2(value.wall.high)}), CPU ${f2(value.cpu.ratio)} (${f2(value.cpu.low)}-${f2(value.cpu.high)})`,
  goal,
];

// xrun's launcher in front of bench/duty-floor.cjs, in a directory laid out as the package is (bin/, dist/):
// the path of its bin/xrun, and the environment it reads.
function dutyFloor(xrun, dir) {
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  copyFileSync(xrun, join(dir, 'bin', 'xrun'));
  copyFileSync(fileURLToPath(new URL('duty-floor.cjs', import.meta.url)), join(dir, 'dist', 'cli.cjs'));
  const require = createRequire(import.meta.url);
  const setpriv = spawnSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).stdout.trim();
  const env = `XRUN_BENCH_SIGNAL_EXIT=${require.resolve('signal-exit')} XRUN_BENCH_SETPRIV=${setpriv}`;
  return `${env} "${join(dir, 'bin', 'xrun')}"`;
}

// bench/lean-run.ts bundled as dist/cli-main.cjs behind xrun's launcher and loader (its code cache in `dir`):
// the path of its bin/xrun, with the environment it reads.
async function leanRun(xrun, dir) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(xrun, join(dir, 'bin', 'xrun'));
  const { build } = await import('esbuild');
  const { ONE_SCOPE, wrapPart } = await import('../scripts/inline-chunks.mjs');
  const { outputFiles } = await build({ ...ONE_SCOPE, entryPoints: [join(root, 'bench', 'lean-run.ts')] });
  mkdirSync(join(dir, 'dist'));
  // wrapped as the build wraps dist/cli-main.cjs, for the same loader
  writeFileSync(join(dir, 'dist', 'cli-main.cjs'), wrapPart(outputFiles[0].text));
  // every run is the loader's "any other run" here: the lean run is its dist/cli-main.cjs
  const loader = readFileSync(join(root, 'scripts', 'cli-loader.cjs'), 'utf8')
    .replace('__XRUN_BUILD__', 'lean')
    .replace('__XRUN_RUN_KIND__', 'module.exports.defaultRunCommand = () => undefined');
  writeFileSync(join(dir, 'dist', 'cli.cjs'), loader);
  return `XRUN_CACHE_DIR="${join(dir, 'cache')}" "${join(dir, 'bin', 'xrun')}"`;
}

// `xrun -- true`, the duty floor and the lean run against the floor script, all on `node` (xrun's launcher
// finds it first on PATH), as rows [measure, values, ratio, goal]; `on` names the Node in the labels.
async function againstFloor({ xrun, floor, node, quick, on = '' }) {
  const reps = quick ? 7 : 21;
  const duties = mkdtempSync(join(tmpdir(), 'xrun-bench-duties-'));
  const lean = mkdtempSync(join(tmpdir(), 'xrun-bench-lean-'));
  const path = `PATH="${dirname(node)}:$PATH"`;
  const samples = sampled(
    [
      `"${node}" "${floor}" true`,
      `${path} "${xrun}" -- true`,
      `${path} ${dutyFloor(xrun, duties)} -- true`,
      `${path} ${await leanRun(xrun, lean)} -- true`,
    ],
    reps,
  );
  const [base, run, duty, leanest] = samples.map((runs) => compared(runs, samples[0]));
  // what xrun's own code costs over the duties any Node wrapper of its kind pays, in the same rounds
  const ownCode = compared(samples[1], samples[2]);
  rmSync(duties, { recursive: true, force: true });
  rmSync(lean, { recursive: true, force: true });
  // a CI runner's environment: about 120 variables (a hosted CI runner sets about a hundred), each copied
  // into the command's environment by the floor and xrun alike
  const ci = Array.from({ length: 120 }, (_, i) => `BENCH_CI_VAR_${i}=${'v'.repeat(60)}`).join(' ');
  const [ciBase, ciRun] = pairs([`env ${ci} "${node}" "${floor}" true`, `env ${ci} ${path} "${xrun}" -- true`], reps);
  return [
    row(`startup${on}: \`xrun -- true\` / floor, wall and CPU (user+sys)`, run, base, '≤ 1.05 both'),
    row(
      `startup${on}: in a CI runner's environment (120 more variables, 9 KB), \`xrun -- true\` / floor, both in it`,
      ciRun,
      ciBase,
      '≤ 1.05 both',
    ),
    row(
      `startup${on}: the duty floor (xrun's launcher, setpriv, signal handlers; no xrun code; bench/duty-floor.cjs) / floor`,
      duty,
      base,
      '',
    ),
    row(
      `startup${on}: a lean plain run (bench/lean-run.ts: xrun's spawner, interrupts and exit plan alone, through its launcher and code cache) / floor`,
      leanest,
      base,
      '',
    ),
    row(
      `startup${on}: \`xrun -- true\` / the duty floor (xrun's own code over the duties any Node wrapper of its kind pays)`,
      ownCode,
      duty,
      '≤ 1.05 both',
    ),
  ];
}

// The rows, as [measure, values, ratio, goal]: on this Node, on `otherNode` if given (the same three), and
// the Makefile rows.
export async function startupRows({ xrun, floor, node, otherNode, quick }) {
  const rows = await againstFloor({ xrun, floor, node, quick });
  if (otherNode) {
    const version = execFileSync(otherNode, ['--version'], { encoding: 'utf8' }).trim();
    rows.push(...(await againstFloor({ xrun, floor, node: otherNode, quick, on: ` on Node ${version}` })));
  }
  const dir = mkdtempSync(join(tmpdir(), 'xrun-bench-make-'));
  try {
    const targets = Array.from({ length: 100 }, (_, i) => `t${i}`);
    writeFileSync(
      join(dir, 'Makefile'),
      `all: ${targets.join(' ')}\n${targets.map((t) => `${t}:\n\t$(P) true\n`).join('')}.PHONY: all ${targets.join(' ')}\n`,
    );
    const make = (prefix) => `make -s -j2 -C "${dir}" P='${prefix}'`;
    const [plain, timeout, wrapped] = pairs([make(''), make('timeout 10'), make(`${xrun} --`)], quick ? 3 : 11);
    rows.push(row('make -j2, 100 recipes of `true`: prefixed with GNU `timeout 10` / no prefix', timeout, plain, ''));
    rows.push(row('make -j2, 100 recipes of `true`: prefixed with `xrun --` / no prefix', wrapped, plain, ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
