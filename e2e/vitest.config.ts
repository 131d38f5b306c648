import { defineConfig } from 'vitest/config';

// Real browsers against a real server: one file at a time on a 2-core machine, generous timeouts.
export default defineConfig({
  test: {
    include: ['tests/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['./src/globalSetup.ts'],
  },
});
