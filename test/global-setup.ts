import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// One run before the suite makes this Node's startup snapshot (bin/xrun does that on a first run), so
// the tests' concurrent first runs do not each make it. Without a build (npm run test:unit) there is
// nothing to warm, and the unit tests need none.
export default function setup(): void {
  const bin = fileURLToPath(new URL('../bin/xrun', import.meta.url));
  const cache = fileURLToPath(new URL('../.build/xrun-cache', import.meta.url));
  if (!existsSync(fileURLToPath(new URL('../dist/build-id', import.meta.url)))) return;
  execFileSync(bin, ['--', 'true'], { env: { ...process.env, XRUN_CACHE_DIR: cache }, stdio: 'inherit' });
}
