import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@lanewise/shared';
import { useBoardSession, useBoardStore } from '../board/sessionContext.tsx';
import { lensSummary, formatScore, UNIT_SHORT, formatNumber } from '../tradeoffs/format.ts';
import { commandForDecision, type MoveDecision, type PendingMove } from '../tradeoffs/moveDecision.ts';
import { useTradeoffUi } from '../tradeoffs/tradeoffUiStore.ts';

function focusCard(itemId: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="card"][data-item-id="${CSS.escape(itemId)}"]`)?.focus());
}

/**
 * The question a drop asks before anything is written: for a full hard lane "demote one, or
 * override with a reason"; for the top lane "why does this belong here?" (may be skipped).
 * Cancel writes nothing. Whatever is chosen becomes exactly one command (one undo step).
 */
export function MoveDecisionDialog({ pending }: { readonly pending: PendingMove }) {
  const session = useBoardSession();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const warning = useTradeoffUi((state) => state.pendingWarning);
  const laneIds = useBoardStore((state) => state.laneIds);
  const lanes = useBoardStore((state) => state.lanes);
  const unit = useBoardStore((state) => UNIT_SHORT[state.meta?.estimateUnit ?? 'points']);
  const lane = lanes[pending.target.laneId];
  const otherLaneIds = laneIds.filter((id) => id !== pending.target.laneId);
  const [demoteId, setDemoteId] = useState<string>(pending.candidates[0]?.id ?? '');
  const [demoteTo, setDemoteTo] = useState<string>(otherLaneIds.includes(pending.fromLaneId) ? pending.fromLaneId : (otherLaneIds[0] ?? ''));
  const [demoteReason, setDemoteReason] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [overrideError, setOverrideError] = useState<string | null>(null);
  const titleId = useId();
  const ids = { demoteTo: useId(), demoteReason: useId(), overrideReason: useId(), overrideError: useId(), reason: useId() };

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
    if (command.kind !== 'none') {
      const result =
        command.kind === 'move' ? session.planning.moveItemWithReason(command.itemId, command.target, command.rationale) : session.planning.swapIntoLane(command.input, command.rationale);
      if (!result.ok) {
        setError(result.message);
        return;
      }
      if (ui.pendingWarning && decision.kind === 'move') ui.notify(ui.pendingWarning, 'warning');
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
        <div className="move-dialog-body">
          <h2 id={titleId}>
            {pending.laneName} is full ({limitText})
          </h2>
          {pending.reasons.includes('capacity') && pending.reasons.includes('item-limit') && <p className="muted">It is at its item limit and its capacity.</p>}
          <form
            className="move-choice"
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              decide({ kind: 'demote', demoteItemId: demoteId, demoteToLaneId: demoteTo, rationale: demoteReason });
            }}
          >
            <fieldset className="demote-list">
              <legend>To add {title}, demote one:</legend>
              <p className="field-hint">Weakest score first.</p>
              {pending.candidates.map((item) => {
                const lens = lensSummary(item);
                return (
                  <label key={item.id} className={`demote-option${item.id === demoteId ? ' chosen' : ''}`}>
                    <input type="radio" name="demote" value={item.id} checked={item.id === demoteId} onChange={() => setDemoteId(item.id)} />
                    <span className="demote-title">{item.title}</span>
                    <span className="demote-scores" title={`${lens.valueExplained}\n\n${lens.healthExplained}`}>
                      Value {lens.value === null ? '—' : formatScore(lens.value)} · Health {lens.health === null ? '—' : formatScore(lens.health)}
                      {item.estimate !== null ? ` · ${formatNumber(item.estimate)} ${unit}` : ''}
                    </span>
                  </label>
                );
              })}
            </fieldset>
            <div className="field-row">
              <div className="field">
                <label htmlFor={ids.demoteTo}>Move it to</label>
                <select id={ids.demoteTo} value={demoteTo} onChange={(event) => setDemoteTo(event.target.value)}>
                  {otherLaneIds.map((id) => (
                    <option key={id} value={id}>
                      {lanes[id]?.name ?? id}
                      {id === pending.fromLaneId ? ' (swap places)' : ''}
                    </option>
                  ))}
                </select>
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
            <button type="submit" className="button primary" disabled={!demoted || !demoteTo}>
              Demote {demoted ? `“${demoted.title.length > 48 ? `${demoted.title.slice(0, 47)}…` : demoted.title}”` : 'one'} and add
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
          <div className="dialog-actions">
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <form
          className="move-dialog-body"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            decide({ kind: 'move', rationale: reason });
          }}
        >
          <h2 id={titleId}>
            Why does {title} belong in {pending.laneName}?
          </h2>
          {warning && <p className="inline-warning">{warning}</p>}
          <div className="field">
            <label htmlFor={ids.reason}>Reason</label>
            <textarea id={ids.reason} rows={3} value={reason} maxLength={LIMITS.rationaleLength} autoFocus placeholder="Recorded with the move in the decision log" onChange={(event) => setReason(event.target.value)} />
          </div>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
            <button type="button" className="button" onClick={() => decide({ kind: 'move' })}>
              Skip
            </button>
            <button type="submit" className="button primary" disabled={reason.trim() === ''}>
              Move with reason
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
