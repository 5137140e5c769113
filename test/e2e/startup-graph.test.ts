import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The esbuild metafile of the CLI's chunks (npm run build): which sources each chunk holds.
const meta = JSON.parse(readFileSync(join(root, '.build/cli-meta.json'), 'utf8')) as {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
};

// A preload that writes, when the process ends, every module the run required and every module Node
// holds: the chunks inlined into dist/cli.cjs (scripts/inline-chunks.mjs) are registered in
// require.cache under their own paths when they run, and the loader's parts are seen as it compiles them
// (dist/cli-default.cjs is one module scope: the metafile's inputs of it).
const dir = mkdtempSync(join(tmpdir(), 'xrun-graph-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hook = join(dir, 'hook.cjs');
writeFileSync(
  hook,
  `const M = require('node:module'); const load = M._load; const seen = [];
// the launcher's loader runs its parts (dist/cli-default.cjs, dist/cli-main.cjs) through vm.Script
const vm = require('node:vm'); const Script = vm.Script;
vm.Script = class extends Script { constructor(code, options) { super(code, options); if (options?.filename) seen.push(options.filename); } };
const preloaded = new Set(process.moduleLoadList);
M._load = function (request, parent, isMain) {
  try { seen.push(request.startsWith('.') || request.startsWith('/') ? M._resolveFilename(request, parent, isMain) : request); } catch {}
  return load.apply(this, arguments);
};
const compile = M.prototype._compile; const compiled = [];
M.prototype._compile = function (content, filename) { compiled.push(filename); return compile.apply(this, arguments); };
process.on('exit', () => {
  const fs = require('node:fs');
  // Node's own modules however loaded (process.getBuiltinModule too), as node:NAME; not those this hook loaded
  const builtins = process.moduleLoadList.filter((m) => /^NativeModule [a-z_]+$/.test(m) && !preloaded.has(m)).map((m) => 'node:' + m.slice(13));
  fs.writeFileSync(process.env.GRAPH_OUT, [...seen, ...Object.keys(require.cache), ...builtins].join('\\n'));
  fs.writeFileSync(process.env.GRAPH_OUT + '.compiled', compiled.join('\\n'));
});
`,
);

// The modules the bundle (dist/cli.cjs) loads for `args`: built-ins and packages by name, xrun's sources
// through the chunks that hold them.
function loadedBy(args: string[], env: NodeJS.ProcessEnv = {}, cwd = root): string[] {
  const out = join(dir, 'graph.txt');
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(GITHUB_ACTIONS|GITLAB_CI|GITHUB_STEP_SUMMARY|NODE_OPTIONS|XRUN_\w+)$/.test(k),
    ),
  );
  execFileSync(process.execPath, ['-r', hook, join(root, 'dist/cli.cjs'), ...args], {
    env: { ...clean, ...env, GRAPH_OUT: out, XRUN_CACHE_DIR: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd,
  });
  const modules = readFileSync(out, 'utf8')
    .split('\n')
    .filter((m) => m !== hook);
  return [...new Set(modules)].flatMap((m) =>
    m.startsWith('/') ? Object.keys(meta.outputs[relative(root, m)]?.inputs ?? { [m]: 0 }) : [m],
  );
}

// What a plain run must not load: each is loaded with import() when a path or the plan uses it.
const OPTIONAL = new RegExp(
  [
    // (node:vm is the code cache's, scripts/cli-loader.cjs: Node has loaded its internals already)
    '^(node:)?(crypto|v8|worker_threads)$',
    // node:os, for its signal and errno numbers (model/builtin.ts: osConstants), read when a run needs them
    '^(node:)?os$',
    // node:tty, asked only of a descriptor that may be a terminal (process/stdio.ts: isTerminal)
    '^(node:)?tty$',
    // node:os, for its signal and errno numbers (model/builtin.ts: osConstants), read when a run needs them
    '^(node:)?os$',
    // node:tty, asked only of a descriptor that may be a terminal (process/stdio.ts: isTerminal)
    '^(node:)?tty$',
    '^(commander|ci-info|re2js)$|node_modules/(commander|ci-info|re2js)/',
    // the subcommands, help and the man page
    String.raw`src/(cli/(argv|help|man-page|readme-sections|explain|codes|config|completion/\w+|fleet)|model/(explain|codes-table)|settings/docs)\.ts$`,
    // the relays, for a run that reads the command's output
    String.raw`src/process/relay/(fifo-relay|node-pipe-relay|main-thread-relay|worker|shared-state|silence)\.ts$`,
    // the fleet, --hold-stdout, the bazel server stop
    String.raw`src/(process/(tools/bazel-server|fleet/[-\w]+|relay/held-stdout)|run/(fleet-run|held-output)|command/fleet-key)\.ts$`,
    // the wait queue, stdin replay, container cleanup and OOM evidence, --structured, the tool's release, --on-retry
    String.raw`src/process/(queue/[-\w]+|daemon|stdin-replay|tools/(container-cleanup|oom-evidence|structured-file|tool-release)|hook)\.ts$`,
    // reports: --report, GitHub's step summary
    String.raw`src/(run/report|process/(atomic-write|output-file))\.ts$`,
    // another tool's model, its release readings, the structured reports; the settings' help and doc text
    String.raw`src/(model/(tools/(docker|podman|buck2|buck2-tags|bazel|index)|releases|structured/[-\w]+)|settings/(table|docs))\.ts$`,
  ].join('|'),
);

describe("the plain run's module graph, as the built CLI loads it", () => {
  it('`xrun -- true` loads none of the optional parts', () => {
    const loaded = loadedBy(['--', 'true']);
    expect(loaded).toContain('src/process/spawn.ts');
    expect(loaded.filter((m) => OPTIONAL.test(m))).toEqual([]);
  });

  // The full run's settings, retry loop, classification policy and CI lines: a default run (cli/run-kind.ts,
  // cli/default-run.ts) loads none of them.
  const FULL_RUN =
    /src\/(cli\/(run|ci-output|argv)|settings\/(load|layers|plan|run-table|config)|run\/(run-plan|supervise|decision|next-step|messages)|model\/(policy|rules))\.ts$/;

  it('`xrun -- true` and `xrun true` are default runs: the full run path is never loaded', () => {
    for (const args of [['--', 'true'], ['true']]) {
      const loaded = loadedBy(args, { XRUN_ATTEMPT: '1', XRUN_ATTEMPTS: '3' });
      expect(loaded).toContain('src/cli/default-run.ts');
      expect(loaded.filter((m) => FULL_RUN.test(m))).toEqual([]);
      // the default run's own part runs it (dist/cli-default.cjs): the CLI's is never compiled
      expect(loaded).toContain('src/cli/default-part.ts');
      expect(loaded).not.toContain('src/cli/main.ts');
    }
  });

  // a buck2, a bazel and a docker that succeed (a tool is told by its command's name) and a directory with a
  // config file
  const tools = join(dir, 'tools');
  mkdirSync(tools);
  for (const tool of ['buck2', 'bazel', 'docker'])
    writeFileSync(join(tools, tool), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const configured = join(dir, 'configured');
  mkdirSync(configured);
  writeFileSync(join(configured, '.xrunrc.json'), '{"quiet": false}\n');

  // the last column: whether the default run's part was asked first (the launcher's loader asks it for any
  // command with no option, no setting variable and no step summary; it hands the others back)
  it.each([
    ['an option', ['--quiet', '--', 'true'], {}, root, false],
    ['a setting variable', ['--', 'true'], { XRUN_QUIET: '0' }, root, false],
    ["XRUN_ATTEMPTS of the caller's own", ['--', 'true'], { XRUN_ATTEMPTS: '1' }, root, false],
    ['a GitHub step summary', ['--', 'true'], { GITHUB_STEP_SUMMARY: '' }, root, false],
    ['bazel (its server is stopped after a SIGKILL)', ['--', join(tools, 'bazel'), 'build'], {}, root, true],
    [
      'a `docker run` (its container is removed when xrun stops it)',
      ['--', join(tools, 'docker'), 'run', 'img'],
      {},
      root,
      true,
    ],
    ['a config file', ['--', 'true'], {}, configured, true],
  ])('%s: the full run path', (_what, args, env: NodeJS.ProcessEnv, cwd, asked) => {
    const loaded = loadedBy(args, env, cwd);
    expect(loaded).toEqual(expect.arrayContaining(['src/cli/run.ts', 'src/run/supervise.ts', 'src/settings/plan.ts']));
    expect(loaded.includes('src/cli/default-part.ts')).toBe(asked);
  });

  it("a tool's command with nothing to decide is a default run: buck2, `docker ps` (nothing reads their messages)", () => {
    for (const args of [
      ['--', join(tools, 'buck2'), 'build', '//...'],
      ['--', join(tools, 'docker'), 'ps'],
    ]) {
      const loaded = loadedBy(args);
      expect(loaded).toContain('src/cli/default-run.ts');
      expect(loaded.filter((m) => FULL_RUN.test(m) || /src\/model\/tools\/(buck2|docker)\.ts$/.test(m))).toEqual([]);
    }
  });

  it('the guard sees what a path does load: --help loads commander, and in GitHub Actions a retrying run loads ci-info', () => {
    expect(loadedBy(['--help']).filter((m) => /node_modules\/commander\//.test(m)).length).toBeGreaterThan(0);
    expect(
      loadedBy(['--attempts', '2', '--', 'true'], { GITHUB_ACTIONS: 'true' }).filter((m) => /ci-info/.test(m)).length,
    ).toBeGreaterThan(0);
  });

  it("in GitLab CI a default run asks ci-info how to colour its lines: its part loads it from the package's dependencies", () => {
    const loaded = loadedBy(['--', 'true'], { GITLAB_CI: 'true' });
    expect(loaded).toContain('src/cli/default-part.ts');
    expect(loaded.filter((m) => /node_modules\/ci-info\/index\.js$/.test(m)).length).toBe(1);
  });

  it('each optional part is loaded when the plan uses it: stdin replay with retries, the report with --report', () => {
    const report = join(dir, 'report.json');
    expect(loadedBy(['--attempts', '2', '--', 'true'])).toContain('src/process/stdin-replay.ts');
    const reporting = loadedBy(['--report', report, '--', 'true']);
    expect(reporting).toEqual(
      expect.arrayContaining(['src/run/report.ts', 'src/process/atomic-write.ts', 'src/process/output-file.ts']),
    );
    expect(JSON.parse(readFileSync(report, 'utf8')).attempts).toHaveLength(1);
  });

  it("a run loads its tool's model alone: docker's for --tool docker, buck2's and its release readings for buck2", () => {
    const docker = loadedBy(['--tool', 'docker', '--', 'true']);
    expect(docker).toContain('src/model/tools/docker.ts');
    expect(
      docker.filter((m) => /src\/(model\/(tools\/(buck2|bazel|index)|releases)|settings\/table)\.ts$/.test(m)),
    ).toEqual([]);
    expect(loadedBy(['--tool', 'buck2', '--', 'true'])).toEqual(
      expect.arrayContaining(['src/model/tools/buck2.ts', 'src/model/releases.ts']),
    );
  });

  it("a tool's run (its model, the relay where the model reads stderr) compiles no file from disk but the launcher's loader: both parts hold it", () => {
    for (const [tool, relays] of [
      ['docker', true],
      ['buck2', true],
      ['podman', true],
      ['bazel', false],
    ] as const) {
      // --retry-busy: what the model makes of the messages decides a retry (cli/classification-read.ts)
      const loaded = loadedBy(['--retry-busy', '--tool', tool, '--', 'sh', '-c', 'echo x >&2']);
      expect(loaded).toContain(`src/model/tools/${tool}.ts`);
      expect(loaded.includes('src/process/relay/fifo-relay.ts')).toBe(relays);
      // node:module's load costs a relaying run about 0.7 ms: builtins come through model/builtin.ts
      expect(loaded.filter((m) => /^(node:)?module$/.test(m))).toEqual([]);
      expect(readFileSync(join(dir, 'graph.txt.compiled'), 'utf8').split('\n')).toEqual([join(root, 'dist/cli.cjs')]);
    }
  });

  it('a retrying run of a daemon tool (stdin replay, the wait queue) compiles no file from disk either', () => {
    expect(loadedBy(['--retry-busy', '--tool', 'buck2', '--', 'true'])).toEqual(
      expect.arrayContaining([
        'src/process/stdin-replay.ts',
        'src/process/queue/wait-queue.ts',
        'src/process/daemon.ts',
      ]),
    );
    expect(readFileSync(join(dir, 'graph.txt.compiled'), 'utf8').split('\n')).toEqual([join(root, 'dist/cli.cjs')]);
  });

  it("a run that reads the command's output loads the relay: buck2's stderr, when its messages count", () => {
    const relay = ['src/process/relay/fifo-relay.ts', 'src/process/relay/main-thread-relay.ts'];
    expect(loadedBy(['--normalize', '--tool', 'buck2', '--', 'true'])).toEqual(expect.arrayContaining(relay));
    const unread = loadedBy(['--tool', 'buck2', '--', 'true']);
    expect(unread.filter((m) => relay.includes(m))).toEqual([]);
    expect(unread).toContain('src/model/tools/buck2.ts');
  });

  it('--hold-stdout loads its own chunk, which the plain run never does', () => {
    expect(loadedBy(['--hold-stdout', '--', 'true'])).toEqual(
      expect.arrayContaining(['src/run/held-output.ts', 'src/process/relay/held-stdout.ts']),
    );
  });
});
