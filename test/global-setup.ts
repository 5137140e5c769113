import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// One run before the suite makes this Node's startup snapshot (bin/xrun does that on a first run), so
// the tests' concurrent first runs do not each make it.
export default function setup(): void {
  const bin = fileURLToPath(new URL('../bin/xrun', import.meta.url));
  const cache = fileURLToPath(new URL('../.build/xrun-cache', import.meta.url));
  execFileSync(bin, ['--', 'true'], { env: { ...process.env, XRUN_CACHE_DIR: cache }, stdio: 'inherit' });
}
