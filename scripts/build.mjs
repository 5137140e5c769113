// Bundles the CLI (code-split: the run path, each subcommand and their shared code are separate
// chunks, so a run never loads explain and `xrun explain` never loads the spawner) and the library;
// emits type declarations and the bundle's metafile (test/unit/bundle.test.ts reads it).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, transform } from 'esbuild';
import { inlineChunks, ONE_SCOPE, staticClosure, wrapPart } from './inline-chunks.mjs';
import { leanInterop } from './lean-interop.mjs';

rmSync('dist', { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  minify: true,
  // commander and ci-info are CommonJS: give each ESM chunk a require for their node: built-ins
  banner: {
    js: "import { createRequire as __xrunRequire } from 'node:module'; const require = __xrunRequire(import.meta.url);",
  },
};
// The CLI is code-split ESM turned into CommonJS file by file: Node's CommonJS loader starts faster than
// its ESM loader (bench/RESULTS.md), and each chunk is still loaded only when its path needs it.
const cli = await build({
  ...common,
  banner: {},
  entryPoints: { cli: 'src/cli/entry.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
});
for (const file of Object.keys(cli.metafile.outputs)) {
  const cjs = { platform: 'node', target: 'node20', supported: { 'dynamic-import': false } };
  const { code } = await transform(readFileSync(file, 'utf8'), { ...cjs, format: 'cjs' });
  // the module glue made lean before minifying (scripts/lean-interop.mjs)
  const { code: minified } = await transform(leanInterop(code), { ...cjs, format: 'cjs', minify: true });
  writeFileSync(file, minified);
}
// A default run's chunks (main's, the default run's and what they import) go inside dist/cli.cjs, and those the
// full run path adds into dist/cli-run.cjs (inline-chunks.mjs), each read only by a run that needs it; the
// other paths' chunks stay files, loaded when used. The metafile names the inlined chunks for the tests.
const chunkOf = (entry) =>
  Object.keys(cli.metafile.outputs).find((out) => cli.metafile.outputs[out].entryPoint === entry);
const defaultRun = staticClosure(cli.metafile, [
  'dist/cli.cjs',
  chunkOf('src/cli/main.ts'),
  chunkOf('src/cli/default-run.ts'),
]).filter((out) => out !== 'dist/cli.cjs');
// The relays (loaded by a run that reads the command's output: buck2, docker, output rules), the tools' models
// (model/tools/load.ts) and what a retrying run loads (stdin replay, the wait queue and the daemon it is for)
// go in too: carried unevaluated, they cost a full run next to nothing, and `xrun --retry-busy -- buck2 ...`
// reads no more files.
const fullRun = staticClosure(cli.metafile, [
  chunkOf('src/cli/run.ts'),
  ...['relay/fifo-relay', 'relay/node-pipe-relay', 'stdin-replay', 'daemon', 'queue/wait-queue'].map((path) =>
    chunkOf(`src/process/${path}.ts`),
  ),
  ...['docker', 'podman', 'buck2', 'bazel'].map((tool) => chunkOf(`src/model/tools/${tool}.ts`)),
  chunkOf('src/model/releases.ts'),
]).filter((out) => !defaultRun.includes(out));
const parts = inlineChunks('dist/cli.cjs', defaultRun, fullRun);
cli.metafile.outputs['dist/cli.cjs'].inlined = parts.now.map((name) => `dist/chunks/${name}`);
cli.metafile.outputs['dist/cli.cjs'].inlinedLater = parts.later.map((name) => `dist/chunks/${name}`);
// dist/cli.cjs then runs it as dist/cli-main.cjs through V8's code cache (scripts/cli-loader.cjs)
renameSync('dist/cli.cjs', 'dist/cli-main.cjs');
// The default run's own part, dist/cli-default.cjs (src/cli/default-part.ts): the same modules as the default
// run's chunks, bundled into one module scope, without the glue that splitting puts around each chunk (its
// closures, exports objects and registrations cost a default run about 50 KB of young generation on Node 22,
// enough for a CI runner's environment to push it into a collection). What it may import() is fixed here.
const defaultPart = await build({
  ...ONE_SCOPE,
  entryPoints: ['src/cli/default-part.ts'],
  outfile: 'dist/cli-default.cjs',
  // through require: the loader's vm.Script has no import()
  supported: { 'dynamic-import': false },
  legalComments: 'none',
  metafile: true,
  plugins: [defaultPartImports()],
});
writeFileSync('dist/cli-default.cjs', wrapPart(defaultPart.outputFiles[0].text));
cli.metafile.outputs['dist/cli-default.cjs'] = defaultPart.metafile.outputs['dist/cli-default.cjs'];
const launched = ['dist/cli-main.cjs', 'dist/cli-run.cjs', 'dist/cli-default.cjs'];
const digest = launched
  .reduce((hash, part) => hash.update(readFileSync(part)), createHash('sha256'))
  .digest('hex')
  .slice(0, 16);
// the loader reads the parts without decoding UTF-8: esbuild escapes anything else (its default charset)
for (const part of launched)
  if (/[^\x00-\x7f]/.test(readFileSync(part, 'latin1'))) throw new Error(`build: ${part} is not ASCII`);
// cli/run-kind.ts, for the loader to tell a default run's command
const runKind = await build({ ...ONE_SCOPE, entryPoints: ['src/cli/run-kind.ts'] });
writeFileSync(
  'dist/cli.cjs',
  readFileSync('scripts/cli-loader.cjs', 'utf8')
    .replace('__XRUN_BUILD__', digest)
    .replace('__XRUN_RUN_KIND__', () => runKind.outputFiles[0].text.trim()),
);
// the library keeps common's banner: its ES module gets a require, which model/builtin.ts loads Node's
// builtins with on a Node before 20.16 (no process.getBuiltinModule)
await build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', packages: 'external' });
mkdirSync('.build', { recursive: true });
writeFileSync('.build/cli-meta.json', JSON.stringify(cli.metafile));
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
referenceNodeTypes('dist');

// A declaration that names Node's types says so, as DefinitelyTyped's do: TypeScript 6 and later include no
// @types package unless something references it, so without this line NodeJS.* is unknown to the user.
function referenceNodeTypes(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const text = readFileSync(file, 'utf8');
    if (/\bNodeJS\.|from 'node:/.test(text)) writeFileSync(file, `/// <reference types="node" />\n${text}`);
  }
}

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
// dist/build-id names this build (the GitHub Action checks by it that a checkout is built)
writeFileSync('dist/build-id', `${version}_${digest}\n`);

// The man page, man/xrun.1, from the same sources as --help and the tables of docs/options.md.
await import('./man.mjs');

// The default run's part may import() ci-info (cli/colour.ts, in a CI), from the package's dependencies, and
// names the relays (process/relay/child-streams.ts) that a default run never starts: they are left out, in
// their place a module that throws. Any other import() fails the build, to be decided here.
function defaultPartImports() {
  const neverRelayed = 'export default null; throw new Error("a default run relays nothing (scripts/build.mjs)");';
  return {
    name: 'default-part-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, ({ kind, path }) => {
        if (kind !== 'dynamic-import') return undefined;
        if (path === 'ci-info') return { path, external: true };
        if (path === './fifo-relay.js' || path === './node-pipe-relay.js') return { path, namespace: 'never-relayed' };
        return { errors: [{ text: `the default run's part may not import() ${path}` }] };
      });
      build.onLoad({ filter: /.*/, namespace: 'never-relayed' }, () => ({ contents: neverRelayed, loader: 'js' }));
    },
  };
}
