// Bundles the CLI (code-split: the run path, each subcommand and their shared code are separate
// chunks, so `xrun explain` never loads execa and a run never loads explain) and the library;
// emits type declarations and the bundle's metafile (test/unit/bundle.test.ts reads it).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  // commander and ci-info are CommonJS: give each ESM chunk a require for their node: built-ins
  banner: { js: "import { createRequire as __xrunRequire } from 'node:module'; const require = __xrunRequire(import.meta.url);" },
};
const cli = await build({ ...common, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', splitting: true, chunkNames: 'chunks/[name]-[hash]', metafile: true });
await build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', packages: 'external', banner: {} });
mkdirSync('.build', { recursive: true });
writeFileSync('.build/cli-meta.json', JSON.stringify(cli.metafile));
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
