// Bundles the CLI (code-split: the run path, each subcommand and their shared code are separate
// chunks, so `xrun explain` never loads execa and a run never loads explain) and the library;
// emits type declarations and the bundle's metafile (test/unit/bundle.test.ts reads it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  minify: true,
  // commander and ci-info are CommonJS: give each ESM chunk a require for their node: built-ins
  banner: { js: "import { createRequire as __xrunRequire } from 'node:module'; const require = __xrunRequire(import.meta.url);" },
};
const cli = await build({ ...common, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', splitting: true, chunkNames: 'chunks/[name]-[hash]', metafile: true });
await build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', packages: 'external', banner: {} });
mkdirSync('.build', { recursive: true });
writeFileSync('.build/cli-meta.json', JSON.stringify(cli.metafile));
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

// The startup snapshot bin/xrun starts from: the whole CLI in one CommonJS file, evaluated once here.
// It belongs to this very Node binary (bin/xrun checks dist/xrun.blob.node and falls back to
// bin/xrun.js otherwise). Node warns that child_process and tty are not verified in snapshots: the
// whole end-to-end suite runs through this path.
await build({ ...common, format: 'cjs', banner: {}, minify: false, entryPoints: { 'snapshot-entry': 'src/snapshot.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } });
const snapshot = spawnSync(process.execPath, ['--snapshot-blob', 'dist/xrun.blob', '--build-snapshot', 'dist/snapshot-entry.cjs'], { encoding: 'utf8' });
if (snapshot.status === 0) {
  writeFileSync('dist/xrun.blob.node', `${process.execPath}\n`);
} else {
  rmSync('dist/xrun.blob', { force: true });
  console.warn(`build: no startup snapshot (node --build-snapshot exited ${snapshot.status}); bin/xrun runs the bundle\n${snapshot.stderr}`);
}
