// `npm run build:exe`: one file for machines without Node, dist/xrun-<platform>-<arch>: this Node binary
// with xrun injected as a single executable application (Node's SEA, through postject): the whole CLI in
// one CommonJS file (a SEA loads no other), with V8's code cache for it. No startup snapshot: the code
// cache started faster (docs/performance.md). Needs `npm run build` first (dist/ is where the file goes).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// the fuse Node's binary carries for SEA injection (Node's single-executable-applications docs)
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

if (!existsSync('dist/cli.cjs')) throw new Error('build:exe: run `npm run build` first');
const exe = `dist/xrun-${process.platform}-${process.arch}`;
const prep = '.build/sea-prep.blob';
mkdirSync('.build', { recursive: true });
// every path in the one file; a path's modules are still evaluated only when it is taken
await build({
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  minify: true,
  entryPoints: { 'sea-entry': 'src/cli/entry.ts' },
  outdir: '.build',
  outExtension: { '.js': '.cjs' },
});
writeFileSync(
  '.build/sea-config.json',
  JSON.stringify({
    main: '.build/sea-entry.cjs',
    output: prep,
    useCodeCache: true,
    disableExperimentalSEAWarning: true,
  }),
);
// quiet: postject warns about ELF notes; a failure throws with its output
execFileSync(process.execPath, ['--experimental-sea-config', '.build/sea-config.json'], {
  stdio: ['ignore', 'ignore', 'ignore'],
});
rmSync(exe, { force: true });
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
const postject = createRequire(import.meta.url).resolve('postject/dist/cli.js');
execFileSync(process.execPath, [postject, exe, 'NODE_SEA_BLOB', prep, '--sentinel-fuse', SEA_FUSE], { stdio: 'pipe' });
console.log(`build:exe: ${exe}`);
