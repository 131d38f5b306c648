import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@lanewise/shared';
import type { BoardState } from '../board/boardState.ts';
import { useBoardSession, useBoardStore } from '../board/sessionContext.tsx';
import { lensSummary, formatScore, UNIT_SHORT, formatNumber } from '../tradeoffs/format.ts';
import { commandForDecision, defaultDemoteLane, demoteOptions, type MoveDecision, type PendingMove } from '../tradeoffs/moveDecision.ts';
import { useTradeoffUi } from '../tradeoffs/tradeoffUiStore.ts';

function focusCard(itemId: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="card"][data-item-id="${CSS.escape(itemId)}"]`)?.focus());
}

/** "Dark mode was moved to P1, position 1 of 6." — from the board as it is after the write. */
function movedSentence(state: BoardState, itemId: string, title: string): string {
  const laneId = state.laneIds.find((id) => state.lanes[id]?.itemIds.includes(itemId));
  const lane = laneId ? state.lanes[laneId] : undefined;
  if (!lane) return `${title} was moved.`;
  return `${title} was moved to ${lane.name}, position ${lane.itemIds.indexOf(itemId) + 1} of ${lane.itemIds.length}.`;
}

const shortTitle = (title: string) => (title.length > 48 ? `${title.slice(0, 47)}…` : title);
const REASON_TEXT = { 'item-limit': 'item limit', capacity: 'capacity' } as const;

/**
 * The question a drop asks before anything is written: for a full hard lane "demote one, or
 * override with a reason"; for the top lane "why does this belong here?" (may be skipped).
 * Cancel writes nothing. Whatever is chosen becomes exactly one command (one undo step), and only
 * then is the move announced. The body scrolls; Cancel stays in a footer that is always on screen.
 */
export function MoveDecisionDialog({ pending }: { readonly pending: PendingMove }) {
  const session = useBoardSession();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const warning = useTradeoffUi((state) => state.pendingWarning);
  const lanes = useBoardStore((state) => state.lanes);
  const state = useBoardStore((current) => current);
  const unit = UNIT_SHORT[state.meta?.estimateUnit ?? 'points'];
  const lane = lanes[pending.target.laneId];
  const [demoteId, setDemoteId] = useState<string>(pending.candidates[0]?.id ?? '');
  const options = useMemo(() => demoteOptions(state, pending, demoteId), [state, pending, demoteId]);
  const [chosenLane, setChosenLane] = useState<string | null>(null);
  const fallbackLane = defaultDemoteLane(state, pending, options);
  const demoteTo = chosenLane !== null && options.some((option) => option.laneId === chosenLane && option.allowed) ? chosenLane : fallbackLane;
  const [demoteReason, setDemoteReason] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [overrideError, setOverrideError] = useState<string | null>(null);
  const titleId = useId();
  const ids = { demoteTo: useId(), demoteHint: useId(), demoteReason: useId(), overrideReason: useId(), overrideError: useId(), reason: useId(), rationaleForm: useId() };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  function decide(decision: MoveDecision) {
    const ui = useTradeoffUi.getState();
    const command = commandForDecision(session.board.getState(), pending, decision);
    if (command.kind === 'invalid') {
      if (decision.kind === 'override') setOverrideError(command.message);
      else setError(command.message);
      return;
    }
    if (command.kind === 'none') {
      const from = session.board.getState().lanes[pending.fromLaneId];
      const at = from ? ` It stays in ${from.name}, position ${from.itemIds.indexOf(pending.itemId) + 1}.` : '';
      ui.announce(`Moving ${pending.title} was cancelled.${at}`);
    } else {
      const result =
        command.kind === 'move' ? session.planning.moveItemWithReason(command.itemId, command.target, command.rationale) : session.planning.swapIntoLane(command.input, command.rationale);
      if (!result.ok) {
        setError(result.message);
        return;
      }
      ui.announce(movedSentence(session.board.getState(), pending.itemId, pending.title));
      if (ui.pendingWarning && decision.kind === 'move') ui.notify(ui.pendingWarning.after, 'warning');
    }
    ui.settle();
    focusCard(pending.itemId);
  }

  const cancel = () => decide({ kind: 'cancel' });
  const title = `“${pending.title}”`;
  const limitText =
    lane && pending.reasons.includes('item-limit')
      ? `${lane.itemIds.length} of ${lane.itemLimit ?? '∞'} items`
      : lane
        ? `${formatNumber(lane.estimateSum)} of ${formatNumber(lane.capacity ?? 0)} ${unit}`
        : '';
  const demoted = pending.candidates.find((item) => item.id === demoteId);
  const cancelButton = (
    <button type="button" className="button" data-testid="move-cancel" onClick={cancel}>
      Cancel
    </button>
  );

  return (
    <dialog
      ref={dialogRef}
      className="dialog move-dialog"
      aria-labelledby={titleId}
      data-testid="move-decision-dialog"
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
    >
      {pending.ask === 'limit' ? (
        <>
          <div className="move-dialog-scroll">
            <h2 id={titleId}>
              {pending.laneName} is full ({limitText})
            </h2>
            {pending.reasons.includes('capacity') && pending.reasons.includes('item-limit') && <p className="muted">It is at its item limit and its capacity.</p>}
            <form
              className="move-choice"
              onSubmit={(event: FormEvent) => {
                event.preventDefault();
                if (demoteTo) decide({ kind: 'demote', demoteItemId: demoteId, demoteToLaneId: demoteTo, rationale: demoteReason });
              }}
            >
              <fieldset className="demote-list">
                <legend>To add {title}, demote one:</legend>
                <p className="field-hint">
                  Weakest combined score first: ½ value score + ½ health score, each compared with the best on this board (100 = best on both). Unscored items come first.
                </p>
                {pending.candidates.map((item) => {
                  const lens = lensSummary(item);
                  const combined = pending.candidateScores.get(item.id) ?? null;
                  return (
                    <label key={item.id} className={`demote-option${item.id === demoteId ? ' chosen' : ''}`} data-testid="demote-candidate" data-combined={combined === null ? -1 : Math.round(combined * 100)}>
                      <input type="radio" name="demote" value={item.id} checked={item.id === demoteId} onChange={() => setDemoteId(item.id)} />
                      <span className="demote-title">{item.title}</span>
                      <span className="demote-scores" title={`${lens.valueExplained}\n\n${lens.healthExplained}`}>
                        <strong>{combined === null ? 'Not scored' : `Combined ${Math.round(combined * 100)}`}</strong> · Value {lens.value === null ? '—' : formatScore(lens.value)} · Health{' '}
                        {lens.health === null ? '—' : formatScore(lens.health)}
                        {item.estimate !== null ? ` · ${formatNumber(item.estimate)} ${unit}` : ''}
                      </span>
                    </label>
                  );
                })}
              </fieldset>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={ids.demoteTo}>Move it to</label>
                  <select id={ids.demoteTo} value={demoteTo ?? ''} aria-describedby={ids.demoteHint} onChange={(event) => setChosenLane(event.target.value)}>
                    {demoteTo === null && <option value="">No lane has room</option>}
                    {options.map((option) => (
                      <option key={option.laneId} value={option.laneId} disabled={!option.allowed}>
                        {option.laneName}
                        {option.laneId === pending.fromLaneId ? ' (swap places)' : ''}
                        {option.allowed ? '' : ` — full (${option.reasons.map((why) => REASON_TEXT[why]).join(', ')})`}
                      </option>
                    ))}
                  </select>
                  <p id={ids.demoteHint} className="field-hint">
                    {demoteTo === null ? 'Every other lane is at its hard limit: override with a reason instead.' : 'A lane marked full cannot take it: the demoted item obeys the same limits.'}
                  </p>
                </div>
                <div className="field">
                  <label htmlFor={ids.demoteReason}>Why? (optional)</label>
                  <input id={ids.demoteReason} value={demoteReason} maxLength={LIMITS.rationaleLength} autoComplete="off" onChange={(event) => setDemoteReason(event.target.value)} />
                </div>
              </div>
              {error && (
                <p className="form-error" role="alert">
                  {error}
                </p>
              )}
              <button type="submit" className="button primary" disabled={!demoted || demoteTo === null}>
                Demote {demoted ? `“${shortTitle(demoted.title)}”` : 'one'} and add
              </button>
            </form>
            <div className="or-divider" aria-hidden="true">
              <span>or</span>
            </div>
            <form
              className="move-choice"
              onSubmit={(event: FormEvent) => {
                event.preventDefault();
                decide({ kind: 'override', rationale: overrideReason });
              }}
              noValidate
            >
              <div className="field">
                <label htmlFor={ids.overrideReason}>Reason to override the limit</label>
                <textarea
                  id={ids.overrideReason}
                  rows={2}
                  value={overrideReason}
                  maxLength={LIMITS.rationaleLength}
                  required
                  aria-invalid={overrideError ? true : undefined}
                  aria-describedby={overrideError ? ids.overrideError : undefined}
                  placeholder="Recorded in the decision log"
                  onChange={(event) => {
                    setOverrideReason(event.target.value);
                    setOverrideError(null);
                  }}
                />
                {overrideError && (
                  <p id={ids.overrideError} className="field-error" role="alert">
                    {overrideError}
                  </p>
                )}
              </div>
              <button type="submit" className="button danger">
                Override the limit
              </button>
            </form>
          </div>
          <div className="move-dialog-footer">{cancelButton}</div>
        </>
      ) : (
        <>
          <form
            id={ids.rationaleForm}
            className="move-dialog-scroll"
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              decide({ kind: 'move', rationale: reason });
            }}
          >
            <h2 id={titleId}>
              Why does {title} belong in {pending.laneName}?
            </h2>
            {warning && <p className="inline-warning">{warning.before}</p>}
            <div className="field">
              <label htmlFor={ids.reason}>Reason</label>
              <textarea id={ids.reason} rows={3} value={reason} maxLength={LIMITS.rationaleLength} autoFocus placeholder="Recorded with the move in the decision log" onChange={(event) => setReason(event.target.value)} />
            </div>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
          </form>
          <div className="move-dialog-footer">
            {cancelButton}
            <button type="button" className="button" onClick={() => decide({ kind: 'move' })}>
              Skip
            </button>
            <button type="submit" form={ids.rationaleForm} className="button primary" disabled={reason.trim() === ''}>
              Move with reason
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
