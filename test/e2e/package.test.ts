import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { npmInstall, otherNode, packFromCleanTree } from '../helpers/package.js';
import { buck2Sim, FIXTURES_BIN, HAS_PROC, plainEnv, runXrun, tempDir } from '../helpers/xrun.js';

// The package as a user gets it: packed from a clean tree, installed globally into an empty prefix and
// into a project, then run from there (on this Node, and on other releases of Node).
let tarball: string;
let prefix: string;
let installedBin: string;

beforeAll(() => {
  tarball = packFromCleanTree();
  prefix = tempDir('xrun-prefix-');
  npmInstall(['--global', '--prefix', prefix, tarball]);
  installedBin = join(prefix, 'bin', 'xrun');
}, 180_000);

// `tsc -p project` with the given compiler: its version, what it printed and its exit status
function typecheck(tsc: string, project: string) {
  const version = execFileSync(process.execPath, [tsc, '--version'], { encoding: 'utf8' }).trim();
  const checked = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  return { version, output: checked.stdout + checked.stderr, status: checked.status };
}

// the installed xrun, first on PATH as after `npm i -g`, with `node` from `nodeDir` when given
function installed(nodeDir?: string) {
  const cache = tempDir('xrun-cache-');
  const PATH = [...(nodeDir ? [nodeDir] : []), join(prefix, 'bin'), FIXTURES_BIN, process.env.PATH].join(':');
  return {
    cache,
    run: (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
      runXrun(args, { bin: installedBin, env: { PATH, XRUN_CACHE_DIR: cache, ...env } }),
    // stdout and stderr into one file, as under 2>&1
    runInto: (file: string, args: readonly string[]) =>
      spawnSync('sh', ['-c', '"$0" "$@" > "$OUT_FILE" 2>&1', installedBin, ...args], {
        env: { ...plainEnv(), PATH, XRUN_CACHE_DIR: cache, OUT_FILE: file },
      }),
  };
}

// alternating lines on stdout and stderr, and the one file they make in the order written
const ALTERNATING = 'i=0; while [ $i -lt 3000 ]; do i=$((i+1)); echo out$i; echo err$i >&2; done';
const ALTERNATED = Array.from({ length: 3000 }, (_, i) => `out${i + 1}\nerr${i + 1}\n`).join('');

async function mainPaths(nodeDir?: string): Promise<void> {
  const { run, runInto } = installed(nodeDir);
  // merged streams keep their order (the FIFO relay, whose worker_threads this Node must load)
  const log = join(tempDir('xrun-merged-'), 'log');
  expect(runInto(log, ['--tool', 'docker', '--', 'sh', '-c', ALTERNATING]).status).toBe(0);
  expect(readFileSync(log, 'utf8') === ALTERNATED).toBe(true);
  const exited = await run(['--', 'sh', '-c', 'echo out; exit 42']);
  expect(exited).toMatchObject({ code: 42, signal: null });
  expect(exited.stdout.toString()).toBe('out\n');
  expect(exited.stderr.toString()).toBe('');
  expect(await run(['--', 'sh', '-c', 'kill -TERM $$'])).toMatchObject({
    code: null,
    signal: 'SIGTERM',
    stderr: Buffer.alloc(0),
  });
  const sim = buck2Sim('4,4,0');
  const retried = await run(['--retry-busy', '--delay', '10ms', '--', 'buck2', 'build', '//...'], sim.env);
  expect(retried.code).toBe(0);
  expect(sim.invocations()).toBe(3);
  expect(retried.stderr.toString().match(/^xrun: buck2 exited 4 \(DaemonIsBusy/gm)).toHaveLength(2);
  const explained = await run(['explain', '4', '--tool', 'buck2']);
  expect(explained.code).toBe(0);
  expect(explained.stdout.toString()).toMatch(/^buck2 exit 4: DaemonIsBusy\n {2}category: {5}busy\n/);
  const codes = await run(['codes', '--json']);
  expect(codes.code).toBe(0);
  expect(Object.keys(JSON.parse(codes.stdout.toString()).tools)).toEqual(
    expect.arrayContaining(['buck2', 'docker', 'podman', 'bazel', 'generic']),
  );
  const report = join(tempDir('xrun-report-'), 'r.json');
  expect((await run(['--report', report, '--', 'sh', '-c', 'exit 3'])).code).toBe(3);
  expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ exit: { code: 3 } });
}

describe('the packed package', () => {
  it('holds what the bin, the library and the types need, and no startup snapshot or executable', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const f of [
      'bin/xrun',
      'bin/xrun.js',
      'dist/cli.cjs',
      'dist/cli-default.cjs',
      'dist/cli-main.cjs',
      'dist/cli-run.cjs',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/library.d.ts',
      'dist/build-id',
      'schema/report.schema.json',
      'man/xrun.1',
      'README.md',
      'docs/options.md',
    ]) {
      expect(files).toContain(`package/${f}`);
    }
    expect(files.some((f) => f.startsWith('package/dist/chunks/'))).toBe(true);
    expect(files.filter((f) => /\.blob|xrun-(linux|darwin)|\.tgz$|\/test\/|\/src\//.test(f))).toEqual([]);
  });

  it('installed with npm i -g: man xrun finds the man page', () => {
    const page = join(prefix, 'share', 'man', 'man1', 'xrun.1');
    expect(existsSync(page)).toBe(true);
    const r = spawnSync('man', ['-w', 'xrun'], {
      env: { ...process.env, MANPATH: join(prefix, 'share', 'man') },
      encoding: 'utf8',
    });
    // npm links it there; man names the file the link leads to
    expect([r.status, r.stdout]).toEqual([0, `${realpathSync(page)}\n`]);
    expect(realpathSync(page)).toBe(join(prefix, 'lib', 'node_modules', 'xrun', 'man', 'xrun.1'));
  });

  it('installed with npm i -g: passthrough, signal death, retry, explain, codes, --report', async () => {
    await mainPaths();
  });

  it('the library: import { run } from "xrun" in a project that installed the tarball, with its types', async () => {
    const project = tempDir('xrun-project-');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', type: 'module' }));
    // a TypeScript project on Node has Node's types (the package's declarations reference them)
    npmInstall([tarball, '@types/node@20', 'typescript@7'], project);
    writeFileSync(
      join(project, 'main.mjs'),
      "import { run } from 'xrun';\nconst r = await run(['sh', '-c', 'exit 3']);\nconsole.log(JSON.stringify(r.exitStatus));\n",
    );
    expect(execFileSync(process.execPath, ['main.mjs'], { cwd: project, encoding: 'utf8' })).toBe(
      '{"kind":"code","code":3}\n',
    );
    writeFileSync(
      join(project, 'main.ts'),
      "import { run, type RunReport } from 'xrun';\nconst r: RunReport = await run(['true']);\nexport const code: number | undefined = r.exitStatus.kind === 'code' ? r.exitStatus.code : undefined;\n",
    );
    // the tsconfig a user writes, with no "types" entry: TypeScript 6 and later include no @types package unless referenced
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['main.ts'],
      }),
    );
    const repoTsc = new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname;
    expect(typecheck(repoTsc, project)).toEqual({
      version: expect.stringMatching(/^Version 5\./),
      output: '',
      status: 0,
    });
    // TypeScript 7 is a native program that finds itself through /proc/self/exe: it cannot run without /proc
    if (!HAS_PROC) return;
    expect(typecheck(join(project, 'node_modules', 'typescript', 'bin', 'tsc'), project)).toEqual({
      version: expect.stringMatching(/^Version 7\./),
      output: '',
      status: 0,
    });
  }, 300_000);

  it('the library hands a heavy relay to its worker thread on Node 20.11.1 (no process.getBuiltinModule), as on this Node', () => {
    const project = tempDir('xrun-project-');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', type: 'module' }));
    npmInstall([tarball], project);
    // counts the Workers made: the relay loads node:worker_threads through the library's own require there
    writeFileSync(
      join(project, 'relay.mjs'),
      [
        "import workerThreads from 'node:worker_threads';",
        "import { run } from 'xrun';",
        'let workers = 0;',
        'workerThreads.Worker = class extends workerThreads.Worker {',
        '  constructor(...args) { super(...args); workers += 1; }',
        '};',
        // 3 MB of stderr, which buck2's model reads: the relay asks for its worker past 1 MiB
        "const report = await run(['sh', '-c', 'head -c 3000000 /dev/zero | tr \"\\\\0\" x >&2; exit 1'], { tool: 'buck2' });",
        'console.log(JSON.stringify({ status: report.exitStatus, workers }));',
        '',
      ].join('\n'),
    );
    for (const node of [join(otherNode('20.11.1'), 'node'), process.execPath]) {
      const out = execFileSync(node, ['relay.mjs'], {
        cwd: project,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(JSON.parse(out), node).toEqual({ status: { kind: 'code', code: 1 }, workers: 1 });
    }
  }, 180_000);

  it('on Windows the first call says in one line that it is not supported, exit 125, nothing started', () => {
    const dir = tempDir('xrun-win-');
    writeFileSync(join(dir, 'win32.cjs'), "Object.defineProperty(process, 'platform', { value: 'win32' });\n");
    const bundle = join(prefix, 'lib', 'node_modules', 'xrun', 'bin', 'xrun.js');
    const r = spawnSync(
      process.execPath,
      ['--require', join(dir, 'win32.cjs'), bundle, '--', 'touch', join(dir, 'started')],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(125);
    expect(r.stderr).toBe(
      'xrun: Windows is not supported (xrun needs POSIX process groups and signals); run it under WSL\n',
    );
    expect(existsSync(join(dir, 'started'))).toBe(false);
  });

  // the oldest Node 20 the package supports, and Node 22 (which has a compile cache)
  for (const version of ['20.11.1', '22.23.5']) {
    it(`installed, run by another Node (${version}): right results, nothing on stderr, no snapshot`, async () => {
      const nodeDir = otherNode(version);
      expect(execFileSync(join(nodeDir, 'node'), ['--version'], { encoding: 'utf8' })).toBe(`v${version}\n`);
      await mainPaths(nodeDir);
      const { cache, run } = installed(nodeDir);
      expect((await run(['--', 'true'])).stderr.toString()).toBe('');
      const found = () => execFileSync('find', [cache, '-type', 'f'], { encoding: 'utf8' }).split('\n').filter(Boolean);
      expect(found().filter((f) => /snapshot|\.blob/.test(f))).toEqual([]);
      // a default run loads no chunk from disk, so it asks for no compile cache; a subcommand does, on a Node that has one
      expect(found().filter((f) => f.startsWith(join(cache, 'compile')))).toEqual([]);
      expect((await run(['explain', '3'])).code).toBe(0);
      const compiled = found().filter((f) => f.startsWith(join(cache, 'compile')));
      if (version.startsWith('22.')) expect(compiled.length).toBeGreaterThan(0);
      else expect(compiled).toEqual([]);
    }, 180_000);
  }
});
