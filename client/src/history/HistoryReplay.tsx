import { useEffect, useMemo, useRef, useState } from 'react';
import { diffBoards, type BoardView } from '@lanewise/shared';
import { useBoardSession } from '../board/sessionContext.tsx';
import { absoluteTime } from './decisionFormat.ts';
import { cardHighlights, diffSections, diffSummary } from './diffPresentation.ts';
import { fetchBoardNow, fetchSnapshot, listSnapshots, type SnapshotSummary } from './historyApi.ts';
import { useHistoryUi } from './historyUiStore.ts';
import { useHeadSeq } from './useDecisionLog.ts';
import { ReadOnlyBoard } from './ReadOnlyBoard.tsx';
import { chronological, SNAPSHOT_KIND_LABELS, snapshotAuthor } from './snapshotLabels.ts';

type Step = { readonly kind: 'snapshot'; readonly snapshot: SnapshotSummary } | { readonly kind: 'now' };

/** "Now" is keyed by the log's head, so a change on the board while the replay is open loads it again. */
const stepKey = (step: Step, head: number) => (step.kind === 'now' ? `now@${head}` : step.snapshot.id);
const PLAY_INTERVAL_MS = 1600;
const NO_HIGHLIGHTS = new Map();

/** Replays how the board evolved: a slider over its snapshots and now, each step's changes marked. */
export function HistoryReplay() {
  const session = useBoardSession();
  const boardId = session.boardId;
  const head = useHeadSeq();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [steps, setSteps] = useState<readonly Step[] | null>(null);
  const [index, setIndex] = useState(0);
  const [views, setViews] = useState<ReadonlyMap<string, BoardView>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const close = () => useHistoryUi.getState().setReplayOpen(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  useEffect(() => {
    let active = true;
    listSnapshots(boardId).then(
      (list) => {
        if (!active) return;
        const all: Step[] = [...chronological(list).map((snapshot) => ({ kind: 'snapshot' as const, snapshot })), { kind: 'now' }];
        setSteps(all);
        setIndex(all.length - 1);
      },
      (failure: unknown) => active && setError(failure instanceof Error ? failure.message : 'The history could not be loaded.'),
    );
    return () => {
      active = false;
    };
  }, [boardId]);

  const step = steps?.[index];
  const previous = index > 0 ? steps?.[index - 1] : undefined;

  // Load the shown step and the one before it (for the diff), once each.
  useEffect(() => {
    let active = true;
    for (const wanted of [step, previous]) {
      if (!wanted || views.has(stepKey(wanted, head))) continue;
      const load = wanted.kind === 'now' ? fetchBoardNow(boardId) : fetchSnapshot(boardId, wanted.snapshot.id);
      load.then(
        ({ board }) => active && setViews((current) => new Map(current).set(stepKey(wanted, head), board)),
        (failure: unknown) => active && setError(failure instanceof Error ? failure.message : 'This step could not be loaded.'),
      );
    }
    return () => {
      active = false;
    };
  }, [boardId, step, previous, views, head]);

  useEffect(() => {
    if (!playing || !steps) return undefined;
    const timer = setTimeout(() => {
      if (index >= steps.length - 1) setPlaying(false);
      else setIndex(index + 1);
    }, PLAY_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [playing, index, steps]);

  const view = step ? views.get(stepKey(step, head)) : undefined;
  const before = previous ? views.get(stepKey(previous, head)) : undefined;
  const diff = useMemo(() => (view && before ? diffBoards(before, view) : null), [view, before]);
  const highlights = useMemo(() => (diff ? cardHighlights(diff) : NO_HIGHLIGHTS), [diff]);
  const removed = diff ? (diffSections(diff).find((section) => section.key === 'removed')?.lines ?? []) : [];
  const stepLabel = (candidate: Step | undefined) => (!candidate ? '' : candidate.kind === 'now' ? 'Now' : candidate.snapshot.name);
  const last = (steps?.length ?? 1) - 1;

  return (
    <dialog
      ref={dialogRef}
      className="replay-dialog"
      aria-labelledby="replay-title"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <div className="replay-header">
        <h2 id="replay-title">Board history</h2>
        <p className="muted">Read-only. Each step marks what changed since the step before.</p>
        <button type="button" className="icon-button push-end" aria-label="Close history" onClick={close}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {steps && (
        <div className="replay-controls">
          <button type="button" className="button small" disabled={index === 0} onClick={() => setIndex(index - 1)} aria-label="Previous step">
            ‹ Previous
          </button>
          <button
            type="button"
            className="button small"
            disabled={steps.length < 2}
            onClick={() => {
              if (!playing && index >= last) setIndex(0);
              setPlaying(!playing);
            }}
          >
            {playing ? 'Pause' : 'Play'}
          </button>
          <input
            type="range"
            className="replay-slider"
            min={0}
            max={last}
            step={1}
            value={index}
            aria-label="Step in the board’s history"
            aria-valuetext={`${stepLabel(step)} (${index + 1} of ${steps.length})`}
            onChange={(event) => {
              setPlaying(false);
              setIndex(Number(event.target.value));
            }}
          />
          <button type="button" className="button small" disabled={index >= last} onClick={() => setIndex(index + 1)} aria-label="Next step">
            Next ›
          </button>
        </div>
      )}
      {step && (
        <div className="replay-step" data-testid="replay-step" data-step={step.kind === 'now' ? 'now' : step.snapshot.id}>
          <div className="replay-step-title">
            <strong>{stepLabel(step)}</strong>
            {step.kind === 'snapshot' ? (
              <span className="muted">
                {SNAPSHOT_KIND_LABELS[step.snapshot.kind]} · {snapshotAuthor(step.snapshot)} · {absoluteTime(step.snapshot.createdAt)}
              </span>
            ) : (
              <span className="muted">The board as it is now</span>
            )}
            <span className="replay-position">
              Step {index + 1} of {steps?.length}
            </span>
          </div>
          <p className="diff-summary" aria-live="polite">
            {previous ? (diff ? `Since “${stepLabel(previous)}”: ${diffSummary(diff)}` : 'Comparing…') : 'The first snapshot: nothing to compare it with.'}
          </p>
          {removed.length > 0 && (
            <p className="replay-removed">
              Removed in this step:{' '}
              {removed.map((line, position) => (
                <span key={line.id}>
                  {position > 0 && ', '}
                  <span className="diff-title">{line.title}</span> <span className="muted">({line.text})</span>
                </span>
              ))}
            </p>
          )}
        </div>
      )}
      <div className="replay-canvas">{view ? <ReadOnlyBoard board={view} highlights={highlights} /> : <div className="spinner" aria-label="Loading this step" />}</div>
    </dialog>
  );
}
