import { defineConfig } from 'vitest/config';

/**
 * Two runs: every test on SQLite (the default), and the storage, decision-log, snapshot, sync,
 * durability and retro/facilitation suites again on PostgreSQL (a database of the run's own, see test/pg/globalSetup.ts).
 */
const postgresSuites = ['test/storageContract.test.ts', 'test/pgStorage.test.ts', 'test/sharedDatabase.test.ts', 'test/durability.test.ts', 'test/sync.test.ts', 'test/snapshotRetention.test.ts', 'test/decisions.test.ts', 'test/retro.test.ts', 'test/retroFlow.test.ts', 'test/facilitation.test.ts', 'test/retroRecords.test.ts', 'test/retroSharedDatabase.test.ts', 'test/pgSharedAccess.test.ts'];

// Many server tests start real servers, threads and databases. On a shared 2-core machine a busy
// neighbour can make that take longer than vitest's 5 s default; a timeout is not what these tests
// judge (performance lives in the benchmarks), so they get room.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/pgStorage.test.ts', 'test/sharedDatabase.test.ts', 'test/retroSharedDatabase.test.ts', 'test/pgSharedAccess.test.ts', 'test/instances/**'] } },
      {
        extends: true,
        // Each storage call is a network round trip here: on a loaded 2-core machine the suites' 5 s default is too tight.
        test: { name: 'postgres', include: postgresSuites, testTimeout: 30_000, env: { LANEWISE_TEST_BACKEND: 'postgres' }, globalSetup: ['test/pg/globalSetup.ts'] },
      },
      {
        extends: true,
        // Several server processes on one PostgreSQL and Redis (fan-out, DECISIONS 95–99): real processes, killed and cut.
        test: { name: 'instances', include: ['test/instances/**/*.test.ts'], testTimeout: 90_000, env: { LANEWISE_TEST_BACKEND: 'postgres' }, globalSetup: ['test/pg/globalSetup.ts', 'test/instances/globalSetup.ts'] },
      },
    ],
  },
});
