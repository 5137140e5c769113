// Bundles the CLI into one file (a lean startup path) and the library; emits type declarations.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  // commander is CommonJS: give the ESM bundle a require for its node: built-ins
  banner: { js: "import { createRequire as __xrunRequire } from 'node:module'; const require = __xrunRequire(import.meta.url);" },
};
await build({ ...common, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist' });
await build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', packages: 'external', banner: {} });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
