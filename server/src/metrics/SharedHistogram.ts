/**
 * A latency histogram in shared memory: board threads observe into it (Atomics), the main thread
 * reads it when /metrics is scraped. Buckets are cumulative upper bounds in seconds, as Prometheus has them.
 */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

export class SharedHistogram {
  /** counts[i]: observations ≤ LATENCY_BUCKETS[i] (not cumulative here); counts[n]: above the last bucket. */
  private readonly counts: Int32Array;
  /** Sum of observations in microseconds. */
  private readonly sumMicros: BigInt64Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(SharedHistogram.bytes)) {
    this.sumMicros = new BigInt64Array(buffer, 0, 1);
    this.counts = new Int32Array(buffer, 8, LATENCY_BUCKETS.length + 1);
  }

  static readonly bytes = 8 + 4 * (LATENCY_BUCKETS.length + 1);

  observe(seconds: number): void {
    let index = LATENCY_BUCKETS.findIndex((bound) => seconds <= bound);
    if (index < 0) index = LATENCY_BUCKETS.length;
    Atomics.add(this.counts, index, 1);
    Atomics.add(this.sumMicros, 0, BigInt(Math.round(seconds * 1e6)));
  }

  /** Cumulative bucket counts (with +Inf last), the count and the sum in seconds. */
  read(): { buckets: Array<{ le: string; count: number }>; count: number; sum: number } {
    let running = 0;
    const buckets: Array<{ le: string; count: number }> = [];
    for (let i = 0; i <= LATENCY_BUCKETS.length; i++) {
      running += Atomics.load(this.counts, i);
      buckets.push({ le: i < LATENCY_BUCKETS.length ? String(LATENCY_BUCKETS[i]) : '+Inf', count: running });
    }
    return { buckets, count: running, sum: Number(Atomics.load(this.sumMicros, 0)) / 1e6 };
  }
}
