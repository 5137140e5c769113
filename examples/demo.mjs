// The main job on a bundled demo: xrun retrying a buck2 simulator that reports its daemon busy
// twice and then succeeds. Run with `npm run demo` (it builds first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// the package's bin: the launcher, which starts xrun's bundle
const xrun = fileURLToPath(new URL('../bin/xrun', import.meta.url));
const simulator = fileURLToPath(new URL('../test/fixtures/bin', import.meta.url));
const state = join(mkdtempSync(join(tmpdir(), 'xrun-demo-')), 'count');
const args = ['--retry-busy', '--', 'buck2', 'build', '//...'];

console.log(`$ xrun ${args.join(' ')}    # buck2 here is a simulator: busy, busy, then success`);
const result = spawnSync(xrun, args, {
  stdio: 'inherit',
  env: { ...process.env, PATH: `${simulator}:${process.env.PATH}`, BUCK2_SIM: '4,4,0', BUCK2_SIM_STATE: state },
});
console.log(`$ echo $?\n${result.status}`);
process.exitCode = result.status ?? 1;
