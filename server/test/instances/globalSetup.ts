/**
 * The several-instances tests need PostgreSQL (a database of the run's own: ../pg/globalSetup.ts)
 * and Redis. Redis is started if the machine has not (scripts/ensure-services.mjs); if it still
 * does not answer, the run fails here saying so.
 */
import { Redis } from 'ioredis';
// @ts-expect-error: a plain .mjs script without types
import { ensureServices } from '../../scripts/ensure-services.mjs';

const redisUrl = process.env.LANEWISE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export default async function setup(): Promise<void> {
  if (!process.env.LANEWISE_TEST_REDIS_URL) await (ensureServices as (which: string[]) => Promise<void>)(['redis']);
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis not reachable at ${new URL(redisUrl).host} (${(error as Error).message}): the several-instances tests need it; set LANEWISE_TEST_REDIS_URL`, { cause: error });
  } finally {
    redis.disconnect();
  }
}
