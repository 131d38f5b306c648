import { execFileSync } from 'node:child_process';
import type * as Y from 'yjs';
import { LanewiseUnderTest } from './LanewiseUnderTest.ts';
import type { BenchBoard, ServerUnderTest } from './ServerUnderTest.ts';

/** PostgreSQL and Redis the cross-instance comparison runs on (the local services by default). */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Lanewise on PostgreSQL as one instance (`instances` 1, no Redis) or as several instances on one
 * schema with the Redis fan-out (DECISIONS 95): clients are spread over the instances by their
 * number (client `n` → instance `n % instances`), so writers and receivers sit on both and most
 * deliveries cross instances. A fresh schema (and Redis key prefix) per run, dropped at the end.
 * `pid` is the first instance's (the CPU and RSS columns are that instance's only).
 */
export class ClusterUnderTest implements ServerUnderTest {
  readonly name = 'Lanewise' as const;

  private constructor(
    private readonly members: LanewiseUnderTest[],
    private readonly schema: string,
  ) {}

  static async start(instances: number, run: string): Promise<ClusterUnderTest> {
    const schema = `h14_bench_${run.replace(/[^a-z0-9]/g, '')}`;
    const env = {
      DATABASE_URL: BENCH_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      LANEWISE_SECRET: 'a-benchmark-secret-shared-by-every-instance',
      ...(instances > 1 ? { REDIS_URL: BENCH_REDIS_URL, REDIS_KEY_PREFIX: schema } : {}),
    };
    const members: LanewiseUnderTest[] = [];
    // One after another: the first applies the schema's migrations.
    for (let i = 0; i < instances; i++) members.push(await LanewiseUnderTest.start(undefined, { ...env, INSTANCE_ID: `bench-${i}` }));
    return new ClusterUnderTest(members, schema);
  }

  get pid(): number {
    return (this.members[0] as LanewiseUnderTest).pid;
  }

  async createBoard(extend: (doc: Y.Doc) => void): Promise<BenchBoard> {
    const board = await (this.members[0] as LanewiseUnderTest).createBoard(extend);
    return this.board(board.id);
  }

  board(id: string): BenchBoard {
    const first = (this.members[0] as LanewiseUnderTest).board(id);
    return {
      id,
      url: (name) => {
        const n = Number(/(\d+)$/.exec(name)?.[1] ?? 0);
        const url = new URL(first.url(name));
        url.port = new URL((this.members[n % this.members.length] as LanewiseUnderTest).http).port;
        return url.toString();
      },
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((member) => member.dispose()));
    try {
      execFileSync('psql', [BENCH_DATABASE_URL, '-q', '-c', `DROP SCHEMA IF EXISTS ${this.schema} CASCADE`], { stdio: 'ignore' });
    } catch {
      // psql missing: the schema stays (named h14_bench_…).
    }
  }
}
