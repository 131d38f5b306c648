import type { BoardStorage } from '../storage/BoardStorage.ts';
import { SharedHistogram } from './SharedHistogram.ts';

/**
 * The storage a board thread writes through, timing each commit of updates into the shared persist
 * latency histogram and counting the decision entries stored (read by the main thread's /metrics).
 */
export function instrumentStorage(storage: BoardStorage, metrics: { persistLatency: SharedArrayBuffer; decisionEntries: SharedArrayBuffer }): BoardStorage {
  const latency = new SharedHistogram(metrics.persistLatency);
  const entries = new Int32Array(metrics.decisionEntries);
  const appendUpdates: BoardStorage['appendUpdates'] = async (appends) => {
    const started = performance.now();
    const results = await storage.appendUpdates(appends);
    latency.observe((performance.now() - started) / 1000);
    let stored = 0;
    for (const result of results) stored += result.decisions.length;
    if (stored > 0) Atomics.add(entries, 0, stored);
    return results;
  };
  return new Proxy(storage, {
    get(target, property, receiver) {
      if (property === 'appendUpdates') return appendUpdates;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
