import { defineConfig } from 'vitest/config';

// Many server tests start real servers, threads and SQLite files. On a shared 2-core machine a
// busy neighbour can make that take longer than vitest's 5 s default; a timeout is not what these
// tests judge (performance lives in the benchmarks), so they get room.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
