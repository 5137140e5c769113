import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // wide: a loaded CI machine (load 40 on 2 cores seen here) runs an engine test for minutes
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // end-to-end tests spawn many processes on a 2-core machine
    maxWorkers: 2,
    // xrun keeps its cache (Node 22's compile cache, the tools' releases) here instead of the user's
    env: { XRUN_CACHE_DIR: fileURLToPath(new URL('.build/xrun-cache', import.meta.url)) },
    // TMPDIR is one private directory for the whole run, which must end empty (test/global-setup.ts);
    // test/setup.ts removes each file's temporary directories after it
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
  },
});
