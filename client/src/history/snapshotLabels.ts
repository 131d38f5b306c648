import type { SnapshotKind, SnapshotSummary } from './historyApi.ts';

export const SNAPSHOT_KIND_LABELS: Readonly<Record<SnapshotKind, string>> = {
  manual: 'Named',
  'session-end': 'Session end',
  interval: 'Autosave',
  'before-restore': 'Before restore',
};

/** Who took a snapshot: a person, or the server for the automatic ones. */
export function snapshotAuthor(snapshot: SnapshotSummary): string {
  if (snapshot.kind === 'session-end' || snapshot.kind === 'interval') return 'automatic';
  return snapshot.createdBy.verified ? snapshot.createdBy.name : `${snapshot.createdBy.name} (unverified)`;
}

/** Oldest first, the order a replay walks through. */
export function chronological(snapshots: readonly SnapshotSummary[]): SnapshotSummary[] {
  return [...snapshots].sort((a, b) => a.createdAt - b.createdAt || a.decisionSeq - b.decisionSeq);
}
