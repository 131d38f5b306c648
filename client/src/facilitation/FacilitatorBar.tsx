import { formatRemaining, isRetroBoard, PHASE_LABELS, RETRO_DEFAULTS, updateRetroSettings, type BoardMeta } from '@lanewise/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { attemptCommand } from '../board/actions.ts';
import { useBoardSession, useBoardStore, useSessionState } from '../board/sessionContext.tsx';
import { extendTimer, handOver, refreshFacilitation, serverNow, setLocked, setPhaseDeadline, startTimer, stopTimer, useFacilitation, useFacilitationRole } from './facilitationApi.ts';
import { useFollow, useFollowLead, useLead } from './FollowMe.ts';
import { Timer } from './Timer.tsx';

const CLOCK_RESYNC_MS = 60_000;

/**
 * The facilitation strip of every board (retro and planning): who facilitates, the shared timer,
 * the lock and "follow me" for everyone; the facilitator's controls (timer, lock, follow me,
 * handing the role on, and on retros an async phase deadline and the retro settings) for the
 * facilitator only. The server checks every one of these (facilitationRoutes.ts, board rules).
 */
export function FacilitatorBar() {
  const session = useBoardSession();
  const boardId = session.boardId;
  const meta = useBoardStore((state) => state.meta);
  const readOnly = useSessionState((state) => state.readOnly);
  const { isFacilitator, mayHandOver } = useFacilitationRole(boardId, meta?.facilitator);
  const leading = useFollow((state) => state.leading && isFacilitator);
  const following = useFollow((state) => state.following);
  const [error, setError] = useState<string | null>(null);
  const handedTo = meta?.facilitator?.personId ?? null;

  useEffect(() => {
    const refresh = () => void refreshFacilitation(boardId).catch(() => {});
    refresh();
    const timer = window.setInterval(refresh, CLOCK_RESYNC_MS);
    return () => window.clearInterval(timer);
  }, [boardId, handedTo]);
  useLead(session.awareness, leading);
  const leader = useFollowLead(session.awareness);

  if (!meta) return null;
  const act = (work: () => Promise<unknown>) => {
    setError(null);
    work().then(
      () => refreshFacilitation(boardId),
      (caught: unknown) => setError(caught instanceof Error ? caught.message : 'That did not work; try again.'),
    );
  };

  return (
    <section className="facilitator-bar" aria-label="Facilitation" data-testid="facilitator-bar">
      <div className="facilitator-row">
        <span data-testid="facilitator-name">
          Facilitator: <strong>{meta.facilitator?.name ?? 'the board owner'}</strong>
          {isFacilitator && ' (you)'}
        </span>
        {meta.locked === true && (
          <span className="facilitator-locked" role="status" data-testid="board-locked">
            🔒 Locked by the facilitator{isFacilitator ? '' : ': changes are not saved until it is unlocked'}
          </span>
        )}
        {meta.timer && <Timer timer={meta.timer} />}
        {meta.phaseDeadline && <PhaseDeadline deadline={meta.phaseDeadline} />}
        {!isFacilitator && leader !== null && (
          <span className="follow-status" data-testid="follow-status">
            {following ? (
              <>
                Following {leader}{' '}
                <button type="button" className="button small" onClick={() => useFollow.setState({ following: false })}>
                  Stop following
                </button>
              </>
            ) : (
              <button type="button" className="button small" onClick={() => useFollow.setState({ following: true })}>
                Follow {leader}
              </button>
            )}
          </span>
        )}
      </div>
      {isFacilitator && !readOnly && <FacilitatorControls boardId={boardId} meta={meta} leading={leading} act={act} />}
      {!isFacilitator && mayHandOver && <HandBack boardId={boardId} meta={meta} act={act} />}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function PhaseDeadline({ deadline }: { readonly deadline: NonNullable<BoardMeta['phaseDeadline']> }) {
  const offset = useFacilitation((state) => state.offset);
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const tick = window.setInterval(() => setNow(serverNow()), 1000);
    return () => window.clearInterval(tick);
  }, [offset]);
  const local = new Date(deadline.at - offset);
  return (
    <span className="facilitator-deadline" data-testid="phase-deadline">
      {PHASE_LABELS[deadline.phase]} closes {local.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' })} (in {formatRemaining(Math.max(0, deadline.at - now))})
    </span>
  );
}

type Act = (work: () => Promise<unknown>) => void;

/** The owner, when someone else facilitates: take the role back. */
function HandBack({ boardId, meta, act }: { readonly boardId: string; readonly meta: BoardMeta; readonly act: Act }) {
  if (!meta.facilitator) return null;
  return (
    <div className="facilitator-controls">
      <button type="button" className="button" onClick={() => act(() => handOver(boardId, null))}>
        Take the facilitator role back
      </button>
    </div>
  );
}

function FacilitatorControls({ boardId, meta, leading, act }: { readonly boardId: string; readonly meta: BoardMeta; readonly leading: boolean; readonly act: Act }) {
  const [minutes, setMinutes] = useState('5');
  const candidates = useFacilitation((state) => state.candidates);
  const [handTo, setHandTo] = useState('');
  const startFor = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = Number(minutes);
    act(() => startTimer(boardId, value));
  };
  const others = candidates.filter((candidate) => candidate.personId !== meta.facilitator?.personId);
  // Open on retros (the facilitator runs the session from here); folded away on planning boards.
  return (
    <details className="facilitator-tools" open={meta.kind === 'retro' || undefined}>
      <summary>Facilitator tools</summary>
      <div className="facilitator-controls" role="group" aria-label="Facilitator tools">
        <form className="facilitator-timer-form" onSubmit={startFor} aria-label="Timer">
          <label>
            Minutes <input type="number" min="0.05" max="240" step="any" value={minutes} onChange={(event) => setMinutes(event.target.value)} className="facilitator-minutes" />
          </label>
          <button type="submit" className="button">
            Start timer
          </button>
          {meta.timer && (
            <>
              <button type="button" className="button" onClick={() => act(() => extendTimer(boardId, 1))}>
                +1 min
              </button>
              <button type="button" className="button" onClick={() => act(() => stopTimer(boardId))}>
                Stop timer
              </button>
            </>
          )}
        </form>
        <button type="button" className="button" aria-pressed={meta.locked === true} onClick={() => act(() => setLocked(boardId, meta.locked !== true))}>
          {meta.locked === true ? 'Unlock board' : 'Lock board'}
        </button>
        <button type="button" className="button" aria-pressed={leading} onClick={() => useFollow.setState({ leading: !leading })}>
          {leading ? 'Stop follow me' : 'Follow me'}
        </button>
        {(others.length > 0 || meta.facilitator) && (
          <span className="facilitator-handover">
            <label>
              Hand over to{' '}
              <select value={handTo} onChange={(event) => setHandTo(event.target.value)}>
                <option value="">Choose…</option>
                {meta.facilitator && <option value="owner">The board owner</option>}
                {others.map((candidate) => (
                  <option key={candidate.personId} value={candidate.personId}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button" disabled={handTo === ''} onClick={() => act(() => handOver(boardId, handTo === 'owner' ? null : handTo))}>
              Hand over
            </button>
          </span>
        )}
        {meta.kind === 'retro' && <RetroSessionSettings boardId={boardId} meta={meta} act={act} />}
      </div>
    </details>
  );
}

/** Retro only: an async deadline for the current phase, and the retro's settings. */
function RetroSessionSettings({ boardId, meta, act }: { readonly boardId: string; readonly meta: BoardMeta; readonly act: Act }) {
  const session = useBoardSession();
  const [deadline, setDeadline] = useState('');
  const [budget, setBudget] = useState(String(meta.voteBudget ?? RETRO_DEFAULTS.voteBudget));
  const [cap, setCap] = useState(String(meta.voteCap ?? RETRO_DEFAULTS.voteCap));
  const [message, setMessage] = useState<string | null>(null);
  const phase = meta.retroPhase ?? 'reflect';

  const saveSettings = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!isRetroBoard(session.doc)) return;
    const result = attemptCommand(() => updateRetroSettings(session.doc, { voteBudget: Number(budget), voteCap: Number(cap) }, session.origin));
    setMessage(result.ok ? 'Saved.' : result.message);
  };
  const setShowAuthors = (showAuthors: boolean) => {
    const result = attemptCommand(() => updateRetroSettings(session.doc, { showAuthors }, session.origin));
    setMessage(result.ok ? null : result.message);
  };
  const setPhaseDeadlineFromInput = () => {
    const at = new Date(deadline).getTime();
    if (!Number.isFinite(at)) return setMessage('Pick a date and time for the deadline.');
    // The input is in this device's clock; the server schedules in its own.
    act(() => setPhaseDeadline(boardId, at + useFacilitation.getState().offset));
  };

  return (
    <details className="facilitator-settings">
      <summary>Retro settings and async deadline</summary>
      <div className="facilitator-settings-body">
        {phase !== 'closed' && (
          <div className="facilitator-deadline-form">
            <label>
              {PHASE_LABELS[phase]} closes by itself at <input type="datetime-local" value={deadline} onChange={(event) => setDeadline(event.target.value)} />
            </label>
            <button type="button" className="button" disabled={deadline === ''} onClick={setPhaseDeadlineFromInput}>
              Set deadline
            </button>
            {meta.phaseDeadline && (
              <button type="button" className="button" onClick={() => act(() => setPhaseDeadline(boardId, null))}>
                Clear deadline
              </button>
            )}
          </div>
        )}
        <label className="checkbox-field">
          <input type="checkbox" checked={meta.showAuthors === true} onChange={(event) => setShowAuthors(event.target.checked)} /> Show authors on revealed cards
        </label>
        <form className="facilitator-votes-form" onSubmit={saveSettings} aria-label="Vote settings">
          <label>
            Votes per person <input type="number" min="1" max="50" value={budget} onChange={(event) => setBudget(event.target.value)} />
          </label>
          <label>
            Most votes on one card <input type="number" min="1" max="50" value={cap} onChange={(event) => setCap(event.target.value)} />
          </label>
          <button type="submit" className="button">
            Save vote settings
          </button>
        </form>
        {message && (
          <p className="retro-hint" role="status">
            {message}
          </p>
        )}
      </div>
    </details>
  );
}
