import { useEffect, useMemo, useState } from 'react';
import type { BoardView, DecisionEntry } from '@lanewise/shared';
import { useBoardSession } from '../board/sessionContext.tsx';
import { absoluteTime, decisionSentence } from './decisionFormat.ts';
import { fetchBoardNow, fetchDecisions, fetchSnapshot, listSnapshots } from './historyApi.ts';
import { useHistoryUi } from './historyUiStore.ts';
import { ReadOnlyBoard } from './ReadOnlyBoard.tsx';
import { anchorFor, boardAtStep, knownItems, replayAnchors, replaySteps, stepHighlight, type ReplayAnchor } from './replayModel.ts';
import { useModalDialog } from '../components/useModalDialog.ts';

const PLAY_INTERVAL_MS = 1200;
const PAGE = 1000;
const MAX_ENTRIES = 20_000;

interface ReplayData {
  readonly entries: readonly DecisionEntry[];
  readonly steps: readonly DecisionEntry[];
  readonly anchors: readonly ReplayAnchor[];
  readonly now: BoardView;
}

/** The whole log, oldest first, a page at a time. */
async function loadAllDecisions(boardId: string): Promise<DecisionEntry[]> {
  const all: DecisionEntry[] = [];
  let since = 0;
  while (all.length < MAX_ENTRIES) {
    const page = await fetchDecisions(boardId, { sinceSeq: since, order: 'asc', limit: PAGE });
    all.push(...page.entries);
    if (page.entries.length < PAGE) break;
    since = page.entries.at(-1)?.seq ?? since;
  }
  return all;
}

function basisText(anchor: ReplayAnchor, direction: 'forward' | 'backward', distance: number): string {
  const from = anchor.kind === 'now' ? 'the board as it is now' : anchor.kind === 'restore' ? `the restored snapshot “${anchor.label}”` : `snapshot “${anchor.label}”`;
  const decisions = `${distance} ${distance === 1 ? 'decision' : 'decisions'}`;
  if (distance === 0) return `Rebuilt from the decision log: this step is ${from} as stored.`;
  return direction === 'forward' ? `Rebuilt from the decision log, starting at ${from} and applying ${decisions} after it.` : `Rebuilt from the decision log, working back from ${from} through ${decisions}.`;
}

/**
 * Replays how the board evolved, one decision at a time: a slider over every decision that changed
 * the board; each step shows the board right after it, rebuilt from the nearest snapshot (or now)
 * and the log, with the card it concerns marked, and says how it was rebuilt.
 */
export function HistoryReplay() {
  const session = useBoardSession();
  const boardId = session.boardId;
  const dialogRef = useModalDialog();
  const [data, setData] = useState<ReplayData | null>(null);
  const [boards, setBoards] = useState<ReadonlyMap<string, BoardView>>(new Map());
  const [index, setIndex] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const close = () => useHistoryUi.getState().setReplayOpen(false);

  useEffect(() => {
    let active = true;
    Promise.all([loadAllDecisions(boardId), listSnapshots(boardId), fetchBoardNow(boardId)]).then(
      ([entries, snapshots, now]) => {
        if (!active) return;
        const steps = replaySteps(entries);
        setData({ entries, steps, anchors: replayAnchors(snapshots, entries, entries.at(-1)?.seq ?? 0), now: now.board });
        setIndex(Math.max(0, steps.length - 1));
      },
      (failure: unknown) => active && setError(failure instanceof Error ? failure.message : 'The history could not be loaded.'),
    );
    return () => {
      active = false;
    };
  }, [boardId]);

  const step = data?.steps[index];
  const plan = data && step ? anchorFor(data.anchors, step.seq) : null;
  const anchorKey = plan?.anchor.snapshotId ?? null;

  // Load the board of the anchor this step is rebuilt from (snapshots and restores), once each.
  useEffect(() => {
    if (!anchorKey || boards.has(anchorKey)) return undefined;
    let active = true;
    fetchSnapshot(boardId, anchorKey).then(
      ({ board }) => active && setBoards((current) => new Map(current).set(anchorKey, board)),
      (failure: unknown) => active && setError(failure instanceof Error ? failure.message : 'This step could not be loaded.'),
    );
    return () => {
      active = false;
    };
  }, [boardId, anchorKey, boards]);

  useEffect(() => {
    if (!playing || !data) return undefined;
    const timer = setTimeout(() => {
      if (index >= data.steps.length - 1) setPlaying(false);
      else setIndex(index + 1);
    }, PLAY_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [playing, index, data]);

  const view = useMemo(() => {
    if (!data || !step || !plan) return undefined;
    const anchorBoard = plan.anchor.kind === 'now' ? data.now : boards.get(plan.anchor.snapshotId ?? '');
    if (!anchorBoard) return undefined;
    return boardAtStep(anchorBoard, plan.anchor.seq, step.seq, data.entries, knownItems([...boards.values(), data.now]));
  }, [data, step, plan, boards]);
  const highlights = useMemo(() => (step ? stepHighlight(step) : new Map()), [step]);
  const last = Math.max(0, (data?.steps.length ?? 1) - 1);
  // How many decisions lie between the anchor and this step (what the basis sentence reports).
  const applied =
    plan && step && data
      ? data.steps.filter((entry) => (plan.direction === 'forward' ? entry.seq > plan.anchor.seq && entry.seq <= step.seq : entry.seq > step.seq && entry.seq <= plan.anchor.seq)).length
      : 0;

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
        <p className="muted">Read-only. One step per decision; the card it concerns is marked.</p>
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
      {data && data.steps.length === 0 && <p className="muted">No decisions yet: nothing to replay.</p>}
      {data && data.steps.length > 0 && (
        <div className="replay-controls">
          <button type="button" className="button small" disabled={index === 0} onClick={() => setIndex(index - 1)} aria-label="Previous decision">
            ‹ Previous
          </button>
          <button
            type="button"
            className="button small"
            disabled={data.steps.length < 2}
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
            aria-label="Decision in the board’s history"
            aria-valuetext={step ? `Decision ${index + 1} of ${data.steps.length}: ${decisionSentence(step)}` : ''}
            onChange={(event) => {
              setPlaying(false);
              setIndex(Number(event.target.value));
            }}
          />
          <button type="button" className="button small" disabled={index >= last} onClick={() => setIndex(index + 1)} aria-label="Next decision">
            Next ›
          </button>
        </div>
      )}
      {step && (
        <div className="replay-step" data-testid="replay-step" data-seq={step.seq}>
          <div className="replay-step-title">
            <strong>{decisionSentence(step)}</strong>
            <span className="muted">{absoluteTime(step.at)}</span>
            <span className="replay-position">
              Decision {index + 1} of {data?.steps.length}
            </span>
          </div>
          {step.rationale && <p className="replay-reason">Reason: “{step.rationale}”</p>}
          {plan && (
            <p className="replay-basis muted" data-testid="replay-basis" aria-live="polite">
              {basisText(plan.anchor, plan.direction, applied)} Lanes, positions and estimates follow the log; other card details are shown as last known.
            </p>
          )}
        </div>
      )}
      <div className="replay-canvas" role="region" aria-label="The board after this decision" tabIndex={0}>{view ? <ReadOnlyBoard board={view} highlights={highlights} /> : data?.steps.length === 0 ? null : <div className="spinner" aria-label="Loading this step" />}</div>
    </dialog>
  );
}
