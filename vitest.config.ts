import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // end-to-end tests spawn many processes on a 2-core machine
    maxWorkers: 2,
  },
});
