import type { SnapshotKind } from './SqliteSnapshotStore.ts';

/**
 * How long automatic snapshots are kept. Automatic snapshots (session end, interval, before a
 * restore) are taken without anyone asking, so without a policy a busy board's storage grows
 * forever; named snapshots are someone's decision and are never pruned.
 */
export interface SnapshotRetention {
  /** Newest automatic snapshots kept per board (AUTO_SNAPSHOTS_KEEP). */
  readonly keep: number;
  /** Automatic snapshots older than this are removed (AUTO_SNAPSHOTS_MAX_AGE_DAYS); null: no age limit. */
  readonly maxAgeMs: number | null;
  /** Told how many snapshots of a board a save or sweep removed. */
  readonly onPruned?: (boardId: string | null, removed: number) => void;
}

export const AUTOMATIC_SNAPSHOT_KINDS: readonly SnapshotKind[] = ['session-end', 'interval', 'before-restore'];

export function isAutomatic(kind: SnapshotKind): boolean {
  return AUTOMATIC_SNAPSHOT_KINDS.includes(kind);
}

/** Removes expired automatic snapshots of every board now and then (a board nobody opens is never saved to). */
export function startRetentionSweep(sweep: (now: number) => unknown, intervalMs = 24 * 60 * 60 * 1000): () => void {
  sweep(Date.now());
  const timer = setInterval(() => sweep(Date.now()), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
