/**
 * For the PostgreSQL runs of the storage suites: starts PostgreSQL if the machine has not, then
 * creates a database of this run's own (`lanewise_test_<random>`), dropped at the end. Each server
 * or storage a test opens gets a schema of its own in it (see test/backend.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
// @ts-expect-error: a plain .mjs script without types
import { ensureServices } from '../../scripts/ensure-services.mjs';

const adminUrl = process.env.LANEWISE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export default async function setup(): Promise<() => Promise<void>> {
  await (ensureServices as (which: string[]) => Promise<void>)(['postgres']);
  const name = `lanewise_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL not reachable at ${new URL(adminUrl).host} (${(error as Error).message}); set LANEWISE_TEST_PG_URL`, { cause: error });
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.LANEWISE_TEST_DATABASE_URL = url.toString();
  return async () => {
    const drop = new pg.Client({ connectionString: adminUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  };
}
