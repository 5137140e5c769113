// Issue 24's rows besides startup: 16 busy contenders against the ideal and against the same 16
// commands run one after the other by a bash loop (the serial floor), a relaying run against an
// untouched one, and a Makefile of 100 recipes of `true` under `make -j2` with no prefix, GNU
// `timeout 60` and `xrun --retry-busy --`. Each a ratio against its baseline measured in the same run,
// alternating rounds, medians with the spread, and the CPU time (user + sys) of everything each started.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A bash script's wall time and the CPU time of everything it started (bash's `times`), in ms, and
// what the script printed before.
function measured(script, env = process.env) {
  const start = process.hrtime.bigint();
  const out = execFileSync('bash', ['-c', `${script}\ntimes`], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const seconds = (t) => {
    const [, m, s] = t.match(/^(\d+)m([\d.]+)s$/) ?? [];
    return Number(m) * 60 + Number(s);
  };
  const [user, sys] = out.at(-1).split(' ').map(seconds);
  return { wall, cpu: (user + sys) * 1000, printed: out.slice(0, -2) };
}

const shellQuote = (text) => `'${text.replaceAll("'", "'\\''")}'`;
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
const median = (xs) => quantile(xs, 0.5);
const f2 = (x) => x.toFixed(2);
const f0 = (x) => x.toFixed(0);
// "1.03 (0.98-1.10)": the median and the interquartile range, or min-max for fewer than 8 values
const spread = (xs) =>
  xs.length >= 8
    ? `${f2(median(xs))} (${f2(quantile(xs, 0.25))}-${f2(quantile(xs, 0.75))})`
    : `${f2(median(xs))} (${f2(Math.min(...xs))}-${f2(Math.max(...xs))})`;

// Runs each case `reps` times, alternating (every other round backwards), after one warm-up round.
function alternating(cases, reps) {
  for (const c of cases) c();
  const samples = cases.map(() => []);
  for (let i = 0; i < reps; i += 1) {
    const order = [...cases.keys()];
    for (const j of i % 2 === 0 ? order : order.reverse()) samples[j].push(cases[j]());
  }
  return samples;
}

// Each run's ratio to the baseline's run of the same round.
const paired = (runs, base, key) => runs.map((r, i) => r[key] / base[i][key]);

// The same commands one after the other from one Node process, each through setpriv --pdeathsig as xrun
// starts its command: what any Node wrapper pays per hand-over (Node's spawn waits for the exec; setpriv
// is one more exec), without the waiting and waking.
const NODE_SERIAL = `const { spawn, execFileSync } = require('node:child_process');
const setpriv = execFileSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).trim();
(async () => { let ok = 0;
  for (let i = 0; i < Number(process.argv[1]); i += 1) {
    const code = await new Promise((r) => spawn(setpriv, ['--pdeathsig', 'SIGINT', '--', 'buck2', 'build'], { stdio: 'ignore', detached: true }).on('exit', r));
    if (code === 0) ok += 1;
  }
  console.log(ok); })();`;

// 16 runs against one simulated buck2 daemon that serves one command at a time for 300 ms and answers
// busy at once otherwise: every run launched at once (`xrun --retry-busy`), or the same 16 commands one
// after the other in a bash loop (serial: 'bash') or from one Node process (serial: 'node').
// Makespan from the first command's start to the last run's end.
function contendRound({ xrun, simBin, k, serial }) {
  const dir = mkdtempSync(join(tmpdir(), 'xrun-bench-contend-'));
  const log = join(dir, 'log');
  const env = {
    ...process.env,
    PATH: `${simBin}:${process.env.PATH}`,
    TMPDIR: dir,
    BUCK2_SIM: 'daemon',
    BUCK2_SIM_STATE: join(dir, 'count'),
    BUCK2_SIM_HOLD: '0.3',
    BUCK2_SIM_LOG: log,
  };
  const scripts = {
    bash: `ok=0; for i in $(seq ${k}); do buck2 build && ok=$((ok+1)); done; echo $ok`,
    node: `node -e ${shellQuote(NODE_SERIAL)} ${k}`,
  };
  const script = serial
    ? scripts[serial]
    : `ok=0; for i in $(seq ${k}); do "${xrun}" --quiet --retry-busy -- buck2 build & done; for j in $(jobs -p); do wait $j && ok=$((ok+1)); done; echo $ok`;
  try {
    const run = measured(script, env);
    const end = Date.now();
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    const first = Math.min(...lines.map(([, , , ns]) => Number(BigInt(ns) / 1000000n)));
    const perRun = new Map();
    for (const [, , parent] of lines) perRun.set(parent, (perRun.get(parent) ?? 0) + 1);
    // the serial loop's commands share one parent: one attempt each
    const maxPerRun = serial ? 1 : Math.max(...perRun.values());
    return {
      ...run,
      ok: Number(run.printed.at(-1)),
      attempts: lines.length,
      maxPerRun,
      fromFirst: (end - first) / (k * 300),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function contenderRows({ xrun, simBin, quick }) {
  const k = 16;
  const [queue, bash, node] = alternating(
    [
      () => contendRound({ xrun, simBin, k, serial: false }),
      () => contendRound({ xrun, simBin, k, serial: 'bash' }),
      () => contendRound({ xrun, simBin, k, serial: 'node' }),
    ],
    quick ? 1 : 5,
  );
  const ideal = queue.map((r) => r.fromFirst);
  const ok = queue.map((r) => r.ok);
  return [
    [
      `contention: ${k} busy contenders (\`xrun --retry-busy\`, wait queue), makespan from the first command's start / ideal (${k} × 300 ms); / the serial floors, each running the same ${k} commands one after the other: a bash loop, and one Node process starting each through setpriv --pdeathsig as xrun does (the limit of a Node wrapper; their makespans over the ideal beside)`,
      `${Math.min(...ok)}-${Math.max(...ok)}/${k} ok, ${Math.max(...queue.map((r) => r.maxPerRun))} attempts at most per run, ${median(queue.map((r) => r.attempts))} in all; bash floor ${spread(bash.map((r) => r.fromFirst))}, Node floor ${spread(node.map((r) => r.fromFirst))} of ideal; CPU ${f0(median(queue.map((r) => r.cpu)))} / ${f0(median(bash.map((r) => r.cpu)))} / ${f0(median(node.map((r) => r.cpu)))} ms`,
      `${spread(ideal)}; / bash floor ${spread(paired(queue, bash, 'fromFirst'))}; / Node floor ${spread(paired(queue, node, 'fromFirst'))}`,
      'all ok, ≤ 2 attempts, ≤ 1.05 of the Node floor',
    ],
  ];
}

// A run whose stderr xrun relays (`--retry-busy --tool docker`: a model with message rules, and a retry that
// reads what it makes of them) against the same run untouched (`--retry-busy`, a generic command: xrun's own
// descriptor): what the relay adds. Beside it, informational: the same relaying run over a default run
// (`xrun --`: the full run path's cost as well), and a tool's run that nothing reads the messages of
// (`--tool docker` alone: stderr untouched, cli/classification-read.ts) over a default run.
export function relayRows({ xrun, quick }) {
  const command = `sh -c 'echo x >&2' 2>&1 >/dev/null | cat >/dev/null`;
  const run = (flags) => () => measured(`"${xrun}" ${flags} -- ${command}`);
  const [untouched, relayed, plain, unread] = alternating(
    [run('--retry-busy'), run('--retry-busy --tool docker'), run(''), run('--tool docker')],
    quick ? 7 : 21,
  );
  const row = (label, runs, base, goal) => [
    label,
    `wall ${f0(median(runs.map((r) => r.wall)))} / ${f0(median(base.map((r) => r.wall)))} ms, CPU ${f0(median(runs.map((r) => r.cpu)))} / ${f0(median(base.map((r) => r.cpu)))} ms`,
    `wall ${spread(paired(runs, base, 'wall'))}, CPU ${spread(paired(runs, base, 'cpu'))}`,
    goal,
  ];
  return [
    row(
      "relay: `xrun --retry-busy --tool docker -- sh -c 'echo x >&2'` (stderr relayed, its tail read) / the same run untouched (`xrun --retry-busy --`, a generic command), wall and CPU",
      relayed,
      untouched,
      '≤ 1.10',
    ),
    row(
      'relay: the same relaying run / a default run of the command (`xrun --`: no option, so the full run path is part of the figure), wall and CPU',
      relayed,
      plain,
      '',
    ),
    row(
      "relay: `xrun --tool docker --` (nothing reads docker's messages: stderr untouched, the full run path) / a default run (`xrun --`), wall and CPU",
      unread,
      plain,
      '',
    ),
  ];
}

// 100 recipes of `true` under `make -j2`: no prefix, GNU `timeout 60`, `xrun --retry-busy --`; the
// prefixes' CPU per recipe beside the ratios.
export function makeRows({ xrun, quick }) {
  const dir = mkdtempSync(join(tmpdir(), 'xrun-bench-make-'));
  try {
    const targets = Array.from({ length: 100 }, (_, i) => `t${i}`);
    writeFileSync(
      join(dir, 'Makefile'),
      `all: ${targets.join(' ')}\n${targets.map((t) => `${t}:\n\t$(P) true\n`).join('')}.PHONY: all ${targets.join(' ')}\n`,
    );
    const make = (prefix) => () => measured(`make -s -j2 -C "${dir}" P='${prefix}'`);
    const [plain, timeout, wrapped] = alternating(
      [make(''), make('timeout 60'), make(`${xrun} --retry-busy --`)],
      quick ? 3 : 11,
    );
    const row = (label, runs) => [
      `make -j2, 100 recipes of \`true\`: ${label} / no prefix, wall and CPU`,
      `wall ${f0(median(runs.map((r) => r.wall)))} / ${f0(median(plain.map((r) => r.wall)))} ms; CPU per recipe ${f2(median(runs.map((r) => r.cpu)) / 100)} / ${f2(median(plain.map((r) => r.cpu)) / 100)} ms`,
      `wall ${spread(paired(runs, plain, 'wall'))}, CPU ${spread(paired(runs, plain, 'cpu'))}`,
      '',
    ];
    return [row('prefixed with GNU `timeout 60`', timeout), row('prefixed with `xrun --retry-busy --`', wrapped)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
