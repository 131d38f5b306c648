import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { LIMITS, nextPhase, PERSPECTIVES, PHASE_LABELS, previousPhase, RETRO_PHASES, type Perspective, type RetroPhase } from '@lanewise/shared';
import { useBoardSession, useBoardStore, useSessionState } from '../board/sessionContext.tsx';
import { useFacilitationRole } from '../facilitation/facilitationApi.ts';
import { RetroFlow } from './RetroFlow.tsx';
import { fetchRetro, deleteDraft, setDone, setPhase, setVotes, writeDraft, type RetroStatus } from './retroApi.ts';

const PERSPECTIVE_LABELS: Record<Perspective, string> = { product: 'Product', engineering: 'Engineering', both: 'Both' };

const PHASE_HINTS: Record<RetroPhase, string> = {
  reflect: 'Write cards privately. Nobody — not even the facilitator — sees them until the reveal.',
  group: 'Cards are revealed, in shuffled order. Tidy them up together.',
  vote: 'Spend your votes on what matters most. Counts stay hidden until voting ends.',
  discuss: 'Topics by votes, most first.',
  actions: 'Agree on actions in the Actions column, each with an owner.',
  closed: 'This retro is closed: a record of what was said and decided.',
};

/**
 * The retro's strip above the columns: the phase everyone is in, the facilitator's controls,
 * and what the phase asks of you — private cards in Reflect, your vote budget in Vote, topics by
 * votes afterwards. Drafts and votes go to the server's API, never into the shared document.
 */
export function RetroPanel() {
  const session = useBoardSession();
  const boardId = session.boardId;
  const meta = useBoardStore((state) => state.meta);
  const phase = meta?.retroPhase ?? 'reflect';
  const [status, setStatus] = useState<RetroStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { isFacilitator } = useFacilitationRole(boardId, meta?.facilitator);

  const refresh = useCallback(() => {
    fetchRetro(boardId).then(setStatus, (caught: unknown) => setError(caught instanceof Error ? caught.message : 'The retro could not be loaded.'));
  }, [boardId]);

  useEffect(() => refresh(), [refresh, phase]);
  // The facilitator's progress counts change as people write; ask again now and then.
  useEffect(() => {
    if (!isFacilitator) return undefined;
    const timer = window.setInterval(refresh, 3000);
    return () => window.clearInterval(timer);
  }, [isFacilitator, refresh]);

  const act = (work: () => Promise<unknown>) => {
    setError(null);
    work().then(refresh, (caught: unknown) => setError(caught instanceof Error ? caught.message : 'That did not work; try again.'));
  };

  if (!meta || meta.kind !== 'retro') return null;
  const index = RETRO_PHASES.indexOf(phase);
  return (
    <section className="retro-panel" aria-labelledby="retro-phase-heading" data-testid="retro-panel" data-phase={phase}>
      <div className="retro-phase-row">
        <h2 id="retro-phase-heading" className="retro-phase-heading">
          Phase: <span data-testid="retro-phase">{PHASE_LABELS[phase]}</span>
        </h2>
        <ol className="retro-steps" aria-label="Retro phases">
          {RETRO_PHASES.map((step, stepIndex) => (
            <li key={step} className={stepIndex < index ? 'done' : stepIndex === index ? 'current' : ''} aria-current={step === phase ? 'step' : undefined}>
              {PHASE_LABELS[step]}
            </li>
          ))}
        </ol>
      </div>
      <p className="retro-hint">{PHASE_HINTS[phase]}</p>
      {isFacilitator && <FacilitatorControls phase={phase} status={status} onPhase={(to) => act(() => setPhase(boardId, to))} />}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {phase === 'reflect' && <ReflectArea status={status} onWrite={(draft) => act(() => writeDraft(boardId, draft))} onDelete={(id) => act(() => deleteDraft(boardId, id))} />}
      {phase === 'vote' && status && <VoteArea status={status} onVote={(itemId, votes) => act(() => setVotes(boardId, itemId, votes))} />}
      {(phase === 'reflect' || phase === 'vote') && status?.mine && (
        <label className="retro-done checkbox-field">
          <input type="checkbox" checked={status.mine.done} onChange={(event) => act(() => setDone(boardId, event.target.checked))} />
          I&apos;m done with this phase
        </label>
      )}
      <RetroFlow phase={phase} isFacilitator={isFacilitator} />
    </section>
  );
}

function FacilitatorControls({ phase, status, onPhase }: { readonly phase: RetroPhase; readonly status: RetroStatus | null; readonly onPhase: (phase: RetroPhase) => void }) {
  const [skipTo, setSkipTo] = useState<RetroPhase>('discuss');
  const progress = status?.progress;
  return (
    <div className="retro-facilitator" role="group" aria-label="Facilitator controls">
      {phase !== 'reflect' && (
        <button type="button" className="button" onClick={() => onPhase(previousPhase(phase))}>
          Back to {PHASE_LABELS[previousPhase(phase)]}
        </button>
      )}
      {phase !== 'closed' && (
        <button type="button" className="button primary" data-testid="retro-next" onClick={() => onPhase(nextPhase(phase))}>
          {phase === 'reflect' ? 'Reveal cards' : phase === 'vote' ? 'End voting' : `Next: ${PHASE_LABELS[nextPhase(phase)]}`}
        </button>
      )}
      <label className="retro-skip">
        <span>Skip to</span>
        <select value={skipTo} onChange={(event) => setSkipTo(event.target.value as RetroPhase)} aria-label="Phase to skip to">
          {RETRO_PHASES.filter((step) => step !== phase).map((step) => (
            <option key={step} value={step}>
              {PHASE_LABELS[step]}
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={() => onPhase(skipTo === phase ? nextPhase(phase) : skipTo)}>
          Go
        </button>
      </label>
      {phase !== 'closed' && (
        <button type="button" className="button" onClick={() => onPhase('closed')}>
          Close retro
        </button>
      )}
      {progress && (
        <span className="retro-progress" data-testid="retro-progress">
          {phase === 'reflect' ? `${progress.drafts} private card${progress.drafts === 1 ? '' : 's'} from ${progress.writers} ${progress.writers === 1 ? 'person' : 'people'} · ` : ''}
          {progress.done} done{progress.doneNames.length > 0 ? `: ${progress.doneNames.join(', ')}` : ''}
        </span>
      )}
    </div>
  );
}

function ReflectArea({ status, onWrite, onDelete }: { readonly status: RetroStatus | null; readonly onWrite: (draft: { laneId: string; text: string; perspective: Perspective | null }) => void; readonly onDelete: (id: string) => void }) {
  const laneIds = useBoardStore((state) => state.laneIds);
  const laneMap = useBoardStore((state) => state.lanes);
  const lanes = useMemo(() => laneIds.map((id) => laneMap[id]).filter((lane) => lane !== undefined), [laneIds, laneMap]);
  const readOnly = useSessionState((state) => state.readOnly);
  const [laneId, setLaneId] = useState('');
  const [text, setText] = useState('');
  const [perspective, setPerspective] = useState<Perspective | ''>('');
  const chosenLane = laneId || lanes[0]?.id || '';
  if (readOnly) return <p className="retro-hint">You are following this retro with a view-only link.</p>;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!text.trim() || !chosenLane) return;
    onWrite({ laneId: chosenLane, text: text.trim(), perspective: perspective || null });
    setText('');
  };
  const laneName = (id: string) => lanes.find((lane) => lane.id === id)?.name ?? 'a column';
  return (
    <div className="retro-reflect">
      <form className="retro-draft-form" onSubmit={submit} aria-label="Write a private card">
        <div className="field">
          <label htmlFor="retro-draft-lane">Column</label>
          <select id="retro-draft-lane" value={chosenLane} onChange={(event) => setLaneId(event.target.value)}>
            {lanes.map((lane) => (
              <option key={lane.id} value={lane.id}>
                {lane.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="retro-draft-text">Your card (only you see it until the reveal)</label>
          <input id="retro-draft-text" value={text} maxLength={LIMITS.titleLength} autoComplete="off" onChange={(event) => setText(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="retro-draft-perspective">Perspective</label>
          <select id="retro-draft-perspective" value={perspective} onChange={(event) => setPerspective(event.target.value as Perspective | '')}>
            <option value="">None</option>
            {PERSPECTIVES.map((value) => (
              <option key={value} value={value}>
                {PERSPECTIVE_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">
          Add private card
        </button>
      </form>
      {status?.mine && status.mine.drafts.length > 0 && (
        <ul className="retro-drafts" aria-label="Your private cards" data-testid="my-drafts">
          {status.mine.drafts.map((draft) => (
            <li key={draft.id}>
              <span className="retro-draft-lane">{laneName(draft.laneId)}</span> {draft.text}
              {draft.perspective && <span className="tag">{PERSPECTIVE_LABELS[draft.perspective]}</span>}
              <button type="button" className="button small" aria-label={`Delete private card “${draft.text}”`} onClick={() => onDelete(draft.id)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function VoteArea({ status, onVote }: { readonly status: RetroStatus; readonly onVote: (itemId: string, votes: number) => void }) {
  const items = useBoardStore((state) => state.items);
  const cards = useMemo(() => Object.values(items), [items]);
  const mine = status.mine?.votes ?? {};
  const used = Object.values(mine).reduce((sum, votes) => sum + votes, 0);
  const left = status.voteBudget - used;
  return (
    <div className="retro-vote">
      <p className="retro-budget" data-testid="votes-left" aria-live="polite">
        {left} of {status.voteBudget} votes left · at most {status.voteCap} on one card
      </p>
      <ul className="retro-vote-list" aria-label="Cards to vote on">
        {cards.map((card) => {
          const votes = mine[card.id] ?? 0;
          return (
            <li key={card.id} data-testid="vote-row">
              <span className="retro-vote-title">{card.title}</span>
              <button type="button" className="button small" aria-label={`Remove a vote from “${card.title}”`} disabled={votes === 0} onClick={() => onVote(card.id, votes - 1)}>
                −
              </button>
              <span className="retro-vote-count" aria-label={`Your votes on “${card.title}”`}>
                {votes}
              </span>
              <button type="button" className="button small" aria-label={`Vote for “${card.title}”`} disabled={left === 0 || votes >= status.voteCap} onClick={() => onVote(card.id, votes + 1)}>
                +
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
