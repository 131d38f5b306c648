import { useEffect, useState, type FormEvent } from 'react';
import type { BoardDiff } from '@lanewise/shared';
import { useStore } from 'zustand';
import { useBoardSession, useSessionState } from '../board/sessionContext.tsx';
import { ConfirmRestoreDialog } from './ConfirmRestoreDialog.tsx';
import { absoluteTime, relativeTime } from './decisionFormat.ts';
import { diffSnapshot, listSnapshots, restoreSnapshot, takeSnapshot, type RestoreResult, type SnapshotSummary } from './historyApi.ts';
import { useHistoryUi } from './historyUiStore.ts';
import { SnapshotDiff } from './SnapshotDiff.tsx';
import { SNAPSHOT_KIND_LABELS, snapshotAuthor } from './snapshotLabels.ts';
import { useHeadSeq, useNow } from './useDecisionLog.ts';

const NOW = 'now';
const MAX_NAME = 120;
const message = (error: unknown, fallback: string) => (error instanceof Error ? error.message : fallback);

interface Comparison {
  readonly from: string;
  readonly to: string;
  readonly diff: BoardDiff;
}

/** Named and automatic snapshots: take one, compare any two (or one with now), restore, undo a restore. */
export function SnapshotsPanel() {
  const session = useBoardSession();
  const boardId = session.boardId;
  const readOnly = useSessionState((state) => state.readOnly);
  // Only owners may restore (the server refuses others), so nobody else is offered it.
  const role = useSessionState((state) => state.role);
  // Refresh the list whenever anyone takes or restores a snapshot (the log says so live).
  const snapshotSeq = useStore(session.decisions, (state) => state.entries.findLast((entry) => entry.action.startsWith('snapshot.'))?.seq ?? 0);
  const [snapshots, setSnapshots] = useState<readonly SnapshotSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [taking, setTaking] = useState(false);
  const [takeError, setTakeError] = useState<string | null>(null);
  const [compareFrom, setCompareFrom] = useState('');
  const [compareTo, setCompareTo] = useState(NOW);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [compareError, setCompareError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<SnapshotSummary | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [lastRestore, setLastRestore] = useState<(RestoreResult & { undone: boolean }) | null>(null);
  const now = useNow();
  const head = useHeadSeq();

  useEffect(() => {
    let active = true;
    listSnapshots(boardId).then(
      (list) => {
        if (!active) return;
        setSnapshots([...list].sort((a, b) => b.createdAt - a.createdAt || b.decisionSeq - a.decisionSeq));
        setListError(null);
      },
      (error: unknown) => active && setListError(message(error, 'Snapshots could not be loaded.')),
    );
    return () => {
      active = false;
    };
  }, [boardId, snapshotSeq]);

  const labelOf = (id: string) => (id === NOW ? 'Now' : (snapshots?.find((snapshot) => snapshot.id === id)?.name ?? 'Snapshot'));

  function take(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setTakeError('Give the snapshot a name, such as “Q3 plan – agreed”.');
      return;
    }
    setTaking(true);
    setTakeError(null);
    takeSnapshot(boardId, trimmed).then(
      (snapshot) => {
        setTaking(false);
        setName('');
        setSnapshots((current) => [snapshot, ...(current ?? []).filter((other) => other.id !== snapshot.id)]);
      },
      (error: unknown) => {
        setTaking(false);
        setTakeError(message(error, 'The snapshot was not taken.'));
      },
    );
  }

  function compare(from: string, to: string) {
    if (!from) return;
    setCompareFrom(from);
    setCompareTo(to);
    setCompareError(null);
    diffSnapshot(boardId, from, to).then(
      (diff) => setComparison({ from, to, diff }),
      (error: unknown) => setCompareError(message(error, 'The comparison failed.')),
    );
  }

  function restore(snapshot: SnapshotSummary, undoing: boolean) {
    setRestoring(true);
    setRestoreError(null);
    restoreSnapshot(boardId, snapshot.id).then(
      (result) => {
        setRestoring(false);
        setConfirming(null);
        setComparison(null);
        setLastRestore(undoing ? (current) => current && { ...current, undone: true } : { ...result, undone: false });
      },
      (error: unknown) => {
        setRestoring(false);
        setRestoreError(message(error, 'The restore failed; the board is unchanged.'));
      },
    );
  }

  return (
    <section className="snapshots-panel" aria-labelledby="snapshots-title" data-testid="snapshots-panel">
      <h2 id="snapshots-title" className="visually-hidden">
        Snapshots
      </h2>
      {!readOnly && (
        <form className="snapshot-form" onSubmit={take} noValidate>
          <label htmlFor="snapshot-name">Snapshot name</label>
          <div className="snapshot-form-row">
            <input
              id="snapshot-name"
              value={name}
              maxLength={MAX_NAME}
              placeholder="e.g. Q3 plan – agreed"
              autoComplete="off"
              aria-invalid={takeError ? true : undefined}
              aria-describedby={takeError ? 'snapshot-name-error' : undefined}
              onChange={(event) => setName(event.target.value)}
            />
            <button type="submit" className="button primary" disabled={taking}>
              {taking ? 'Saving…' : 'Take snapshot'}
            </button>
          </div>
          {takeError && (
            <p id="snapshot-name-error" className="field-error" role="alert">
              {takeError}
            </p>
          )}
        </form>
      )}

      {lastRestore && (
        <div className="restore-notice" role="status" data-testid="restore-notice">
          {lastRestore.undone ? (
            <p>Restore undone: the board is back to how it was before “{lastRestore.restored.name}” was restored.</p>
          ) : (
            <>
              <p>
                Restored “{lastRestore.restored.name}” for everyone. The state before it was saved as “{lastRestore.undo.name}”.
              </p>
              <button type="button" className="button small" disabled={restoring} onClick={() => restore(lastRestore.undo, true)}>
                Undo restore
              </button>
            </>
          )}
          {restoreError && !confirming && (
            <p className="form-error" role="alert">
              {restoreError}
            </p>
          )}
        </div>
      )}

      {snapshots && snapshots.length > 1 && (
        <form
          className="compare-form"
          onSubmit={(event) => {
            event.preventDefault();
            compare(compareFrom || (snapshots[0]?.id ?? ''), compareTo);
          }}
        >
          <label className="compact-field">
            <span>Compare</span>
            <select value={compareFrom || (snapshots[0]?.id ?? '')} onChange={(event) => setCompareFrom(event.target.value)}>
              {snapshots.map((snapshot) => (
                <option key={snapshot.id} value={snapshot.id}>
                  {snapshot.name}
                </option>
              ))}
            </select>
          </label>
          <label className="compact-field">
            <span>with</span>
            <select value={compareTo} onChange={(event) => setCompareTo(event.target.value)}>
              <option value={NOW}>Now</option>
              {snapshots.map((snapshot) => (
                <option key={snapshot.id} value={snapshot.id}>
                  {snapshot.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button small">
            Show changes
          </button>
        </form>
      )}
      {compareError && (
        <p className="form-error" role="alert">
          {compareError}
        </p>
      )}
      {comparison && <SnapshotDiff diff={comparison.diff} fromLabel={labelOf(comparison.from)} toLabel={labelOf(comparison.to)} onClose={() => setComparison(null)} />}

      {listError && (
        <p className="form-error" role="alert">
          {listError}
        </p>
      )}
      {snapshots && snapshots.length === 0 && <p className="feed-empty">No snapshots yet. Take one when the board reaches a state worth keeping; Lanewise also keeps one when a session ends.</p>}
      {snapshots && snapshots.length > 0 && (
        <ul className="snapshot-list" aria-label="Snapshots, newest first">
          {snapshots.map((snapshot) => (
            <li key={snapshot.id} className={`snapshot kind-${snapshot.kind}`} data-testid="snapshot" data-snapshot-id={snapshot.id} data-snapshot-name={snapshot.name}>
              <div className="snapshot-head">
                <span className="snapshot-name">{snapshot.name}</span>
                <span className="snapshot-kind">{SNAPSHOT_KIND_LABELS[snapshot.kind]}</span>
              </div>
              <p className="snapshot-meta">
                {snapshotAuthor(snapshot)} ·{' '}
                <time dateTime={new Date(snapshot.createdAt).toISOString()} title={absoluteTime(snapshot.createdAt)}>
                  {relativeTime(snapshot.createdAt, now)}
                </time>
              </p>
              <div className="snapshot-actions">
                <button type="button" className="button small" onClick={() => compare(snapshot.id, NOW)}>
                  Compare with now<span className="visually-hidden">: {snapshot.name}</span>
                </button>
                {!readOnly && role === 'owner' && (
                  <button
                    type="button"
                    className="button small"
                    onClick={() => {
                      setRestoreError(null);
                      setConfirming(snapshot);
                    }}
                  >
                    Restore<span className="visually-hidden">: {snapshot.name}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <ConfirmRestoreDialog snapshot={confirming} busy={restoring} error={restoreError} onConfirm={() => restore(confirming, false)} onCancel={() => setConfirming(null)} />
      )}
      <button type="button" className="button replay-button" onClick={() => useHistoryUi.getState().setReplayOpen(true)} disabled={head === 0}>
        Replay the board’s history, decision by decision
      </button>
    </section>
  );
}
