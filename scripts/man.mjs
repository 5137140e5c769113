// Writes the man page man/xrun.1 from src/ (bundled into .build/, since it reads the commander
// programs): node scripts/man.mjs; scripts/build.mjs runs it. The date is SOURCE_DATE_EPOCH's when
// set (a reproducible build), else today's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const bundled = '.build/man-page.mjs';
await build({
  entryPoints: ['src/cli/man-page.ts'],
  bundle: true,
  outfile: bundled,
  format: 'esm',
  platform: 'node',
  // commander is CommonJS: give it a require for its node: built-ins
  banner: {
    js: "import { createRequire as __xrunRequire } from 'node:module'; const require = __xrunRequire(import.meta.url);",
  },
});
const { manPage } = await import(pathToFileURL(bundled).href);
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const epoch = process.env.SOURCE_DATE_EPOCH;
const date = (epoch ? new Date(Number(epoch) * 1000) : new Date()).toISOString().slice(0, 10);
mkdirSync('man', { recursive: true });
writeFileSync('man/xrun.1', manPage(version, date));
