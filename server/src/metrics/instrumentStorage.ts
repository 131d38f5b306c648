import type { AppendedUpdate, BoardStorage, UpdateAppend } from '../storage/BoardStorage.ts';
import { SharedHistogram } from './SharedHistogram.ts';

/**
 * The storage a board thread writes through, timing each commit of updates into the shared persist
 * latency histogram and counting the decision entries stored (read by the main thread's /metrics).
 */
export function instrumentStorage(storage: BoardStorage, metrics: { persistLatency: SharedArrayBuffer; decisionEntries: SharedArrayBuffer }): BoardStorage {
  const latency = new SharedHistogram(metrics.persistLatency);
  const entries = new Int32Array(metrics.decisionEntries);
  const counted = (started: number, results: AppendedUpdate[]): AppendedUpdate[] => {
    latency.observe((performance.now() - started) / 1000);
    let stored = 0;
    for (const result of results) stored += result.decisions.length;
    if (stored > 0) Atomics.add(entries, 0, stored);
    return results;
  };
  const appendUpdates: BoardStorage['appendUpdates'] = async (appends) => {
    const started = performance.now();
    return counted(started, await storage.appendUpdates(appends));
  };
  // A synchronous backend's commit (the group commit's path), timed the same way.
  const now = storage.appendUpdatesNow?.bind(storage);
  const appendUpdatesNow = now ? (appends: readonly UpdateAppend[]) => counted(performance.now(), now(appends)) : undefined;
  return new Proxy(storage, {
    get(target, property, receiver) {
      if (property === 'appendUpdates') return appendUpdates;
      if (property === 'appendUpdatesNow') return appendUpdatesNow;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
