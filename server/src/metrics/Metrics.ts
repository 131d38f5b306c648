import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { SharedHistogram } from './SharedHistogram.ts';

/** How often the event-loop delay is sampled (prom-client's `eventLoopMonitoringPrecision`). */
export const EVENT_LOOP_SAMPLE_MS = 100;

/** What the sync path tells the metrics (a few calls from BoardRooms). */
export interface SyncObserver {
  /** A client's message went to its board thread. */
  messageIn(conn: number): void;
  /** A stored update was relayed; `except`: the connection it came from (0: none). */
  relayed(except: number): void;
  /** Decision entries went out (one message per batch). */
  decisions(): void;
  /** The server closed a connection with this code. */
  closed(code: number): void;
}

/**
 * The server's Prometheus metrics (GET /metrics), prom-client. Board threads write the persist
 * latency into shared memory (SharedHistogram); everything else is counted on the main thread.
 */
export class Metrics implements SyncObserver {
  readonly registry = new Registry();
  /** Board threads observe how long each storage append (commit) took. */
  readonly persistLatency = new SharedHistogram();
  /** Board threads count the decision entries they store here (Int32, Atomics). */
  readonly decisionEntries = new SharedArrayBuffer(4);
  /** Seconds between an update committed by another instance and its arrival here (fan-out), if any. */
  readonly crossInstanceLag: Histogram;
  private readonly updates: Counter;
  private readonly decisionBatches: Counter;
  private readonly refusals: Counter<'code'>;
  private readonly relayLatency: Histogram;
  /** When each connection's latest message went to its board thread (for the relay latency). */
  private readonly pendingSince = new Map<number, number>();

  constructor(instanceId: string, stats: () => { rooms: number; connections: number }) {
    this.registry.setDefaultLabels({ instance_id: instanceId });
    // The event-loop delay histogram samples with a timer: prom-client's default (10 ms) wakes the
    // process 100 times a second, idle or not — a fifth of a quiet board's CPU (DECISIONS 153).
    // Every 100 ms catches every stall of 100 ms or more, and shorter ones that overlap a tick;
    // the relay latency histogram below measures what users feel.
    collectDefaultMetrics({ register: this.registry, prefix: 'lanewise_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
    new Gauge({ name: 'lanewise_connections', help: 'Open websocket connections to boards', registers: [this.registry], collect() { this.set(stats().connections); } });
    new Gauge({ name: 'lanewise_live_boards', help: 'Boards loaded in memory', registers: [this.registry], collect() { this.set(stats().rooms); } });
    this.updates = new Counter({ name: 'lanewise_updates_relayed_total', help: 'Stored updates relayed to clients (rate() gives updates/s)', registers: [this.registry] });
    this.decisionBatches = new Counter({ name: 'lanewise_decision_batches_total', help: 'Batches of decision-log entries sent to clients', registers: [this.registry] });
    this.refusals = new Counter({ name: 'lanewise_closes_total', help: 'Connections the server closed, by close code (4xxx: refusals)', labelNames: ['code'], registers: [this.registry] });
    this.relayLatency = new Histogram({
      name: 'lanewise_relay_latency_seconds',
      help: "From a client's update reaching the server to the stored update being relayed to the others",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    const entries = new Int32Array(this.decisionEntries);
    new Counter({
      name: 'lanewise_decision_entries_total',
      help: 'Decision-log entries stored by this instance',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(Atomics.load(entries, 0));
      },
    });
    this.crossInstanceLag = new Histogram({
      name: 'lanewise_cross_instance_lag_seconds',
      help: 'From an update being committed by another instance to its arrival on this one (fan-out)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    const persist = this.persistLatency;
    const persistMetric: Metric & { get(): Promise<unknown> } = {
      name: 'lanewise_persist_latency_seconds',
      help: 'Time to commit a batch of updates (and their decision entries) to storage',
      type: 'histogram',
      aggregator: 'sum',
      get: async () => {
        const { buckets, count, sum } = persist.read();
        return {
          name: 'lanewise_persist_latency_seconds',
          help: 'Time to commit a batch of updates (and their decision entries) to storage',
          type: 'histogram',
          aggregator: 'sum',
          values: [
            ...buckets.map((bucket) => ({ metricName: 'lanewise_persist_latency_seconds_bucket', labels: { le: bucket.le }, value: bucket.count })),
            { metricName: 'lanewise_persist_latency_seconds_sum', labels: {}, value: sum },
            { metricName: 'lanewise_persist_latency_seconds_count', labels: {}, value: count },
          ],
        };
      },
    } as unknown as Metric & { get(): Promise<unknown> };
    this.registry.registerMetric(persistMetric);
  }

  messageIn(conn: number): void {
    if (!this.pendingSince.has(conn)) this.pendingSince.set(conn, performance.now());
  }

  relayed(except: number): void {
    this.updates.inc();
    const since = this.pendingSince.get(except);
    if (since !== undefined) {
      this.pendingSince.delete(except);
      this.relayLatency.observe((performance.now() - since) / 1000);
    }
  }

  decisions(): void {
    this.decisionBatches.inc();
  }

  closed(code: number): void {
    this.refusals.inc({ code: String(code) });
  }

  /** A connection is gone: forget its pending message. */
  forget(conn: number): void {
    this.pendingSince.delete(conn);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
