import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The esbuild metafile of the CLI's chunks (npm run build): which sources each chunk holds.
const meta = JSON.parse(readFileSync(join(root, '.build/cli-meta.json'), 'utf8')) as {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
};

// A preload that writes every module the run required, in order, when the process ends.
const dir = mkdtempSync(join(tmpdir(), 'xrun-graph-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hook = join(dir, 'hook.cjs');
writeFileSync(
  hook,
  `const M = require('node:module'); const load = M._load; const seen = [];
M._load = function (request, parent, isMain) {
  try { seen.push(request.startsWith('.') || request.startsWith('/') ? M._resolveFilename(request, parent, isMain) : request); } catch {}
  return load.apply(this, arguments);
};
process.on('exit', () => require('node:fs').writeFileSync(process.env.GRAPH_OUT, seen.join('\\n')));
`,
);

// The modules the bundle (dist/cli.cjs) loads for `args`: built-ins and packages by name, xrun's sources
// through the chunks that hold them.
function loadedBy(args: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const out = join(dir, 'graph.txt');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_ACTIONS|GITLAB_CI|NODE_OPTIONS)$/.test(k)));
  execFileSync(process.execPath, ['-r', hook, join(root, 'dist/cli.cjs'), ...args], {
    env: { ...clean, ...env, GRAPH_OUT: out, XRUN_CACHE_DIR: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return readFileSync(out, 'utf8')
    .split('\n')
    .flatMap((m) => (m.startsWith('/') ? Object.keys(meta.outputs[relative(root, m)]?.inputs ?? { [m]: 0 }) : [m]));
}

describe("the plain run's module graph, as the built CLI loads it", () => {
  it('`xrun -- true` loads none of the optional parts', () => {
    const loaded = loadedBy(['--', 'true']);
    expect(loaded).toContain('src/process/spawn.ts');
    const optional =
      /^(node:)?(crypto|v8|vm|worker_threads)$|^(commander|ci-info|re2js|execa)$|node_modules\/(commander|ci-info|re2js|execa)\/|src\/(cli\/(argv|help|man-page|readme-sections|explain|codes|config|completion\/\w+|fleet)|model\/(explain|codes-table)|settings\/docs|process\/(bazel-server|fleet|fleet-script|resp|held-stdout)|run\/(fleet-run|held-output))\.ts$/;
    expect(loaded.filter((m) => optional.test(m))).toEqual([]);
  });

  it('the guard sees what a path does load: --help loads commander, and in GitHub Actions a retrying run loads ci-info', () => {
    expect(loadedBy(['--help']).filter((m) => /node_modules\/commander\//.test(m)).length).toBeGreaterThan(0);
    expect(loadedBy(['--attempts', '2', '--', 'true'], { GITHUB_ACTIONS: 'true' }).filter((m) => /ci-info/.test(m)).length).toBeGreaterThan(0);
  });

  it('--hold-stdout loads its own chunk, which the plain run never does', () => {
    expect(loadedBy(['--hold-stdout', '--', 'true'])).toEqual(expect.arrayContaining(['src/run/held-output.ts', 'src/process/held-stdout.ts']));
  });
});
