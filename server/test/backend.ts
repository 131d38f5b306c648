/**
 * Which storage backend this test run uses: the `postgres` vitest project sets
 * LANEWISE_TEST_BACKEND=postgres (and its global setup LANEWISE_TEST_DATABASE_URL); otherwise SQLite.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

export const backend: 'sqlite' | 'postgres' = process.env.LANEWISE_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

export function testDatabaseUrl(): string {
  const url = process.env.LANEWISE_TEST_DATABASE_URL;
  if (!url) throw new Error('LANEWISE_TEST_DATABASE_URL is not set: run through the postgres vitest project (test/pg/globalSetup.ts)');
  return url;
}

/** The schema a server on this data directory uses (the same one again after a restart). */
export function schemaFor(dataDir: string): string {
  return `lw_${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
}

/** Environment that points a server on `dataDir` at this run's backend. */
export function backendEnv(dataDir: string): Record<string, string> {
  return backend === 'postgres' ? { DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA: schemaFor(dataDir) } : {};
}

/** Runs SQL in the schema of the server on `dataDir` (PostgreSQL runs only). */
export async function pgQuery<R extends pg.QueryResultRow>(dataDir: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${schemaFor(dataDir)}` });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
