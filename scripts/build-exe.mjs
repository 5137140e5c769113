// `npm run build:exe`: one file for machines without Node, dist/xrun-<platform>-<arch>: this Node binary
// with xrun injected as a single executable application (Node's SEA, through postject), its startup
// snapshot inside. Needs `npm run build` first (it reads dist/snapshot-entry.cjs).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// the fuse Node's binary carries for SEA injection (Node's single-executable-applications docs)
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

if (!existsSync('dist/snapshot-entry.cjs')) throw new Error('build:exe: run `npm run build` first');
const exe = `dist/xrun-${process.platform}-${process.arch}`;
const prep = '.build/sea-prep.blob';
mkdirSync('.build', { recursive: true });
writeFileSync(
  '.build/sea-config.json',
  JSON.stringify({ main: 'dist/snapshot-entry.cjs', output: prep, useSnapshot: true, disableExperimentalSEAWarning: true }),
);
// quiet: Node warns here about child_process and tty in snapshot builders, postject about ELF notes; a failure throws with its output
execFileSync(process.execPath, ['--experimental-sea-config', '.build/sea-config.json'], { stdio: ['ignore', 'ignore', 'ignore'] });
rmSync(exe, { force: true });
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
const postject = createRequire(import.meta.url).resolve('postject/dist/cli.js');
execFileSync(process.execPath, [postject, exe, 'NODE_SEA_BLOB', prep, '--sentinel-fuse', SEA_FUSE], { stdio: 'pipe' });
console.log(`build:exe: ${exe}`);
