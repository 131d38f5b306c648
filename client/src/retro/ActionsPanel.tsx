import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { addPerson, readPeople, setActionDetails, type Item, type RetroPhase } from '@lanewise/shared';
import { fetchBoard } from '../app/api.ts';
import { loadRecentBoards } from '../app/recentBoards.ts';
import { boardToken } from '../app/boardTokens.ts';
import { attemptCommand } from '../board/actions.ts';
import { useCollab } from '../board/collabContext.ts';
import { useBoardSession, useBoardStore, usePresence, useSessionState } from '../board/sessionContext.tsx';
import { useRetroCards } from './GroupPhase.tsx';
import { promoteAction, type RetroSeries } from './retroFlowApi.ts';

/**
 * The Actions phase: each action (a card in the Actions column) gets an owner from the board's
 * people and the people here, a due date, and can be promoted in one step to an initiative on a
 * planning board — linked both ways, recorded in both decision logs (the server checks that
 * your link to that board may add to it).
 */
export function ActionsPanel({ phase, series, onPromoted }: { readonly phase: RetroPhase; readonly series: RetroSeries | null; readonly onPromoted: () => void }) {
  const { actions } = useRetroCards();
  const people = useCollab((state) => state.people);
  const users = usePresence((state) => state.users);
  const readOnly = useSessionState((state) => state.readOnly);
  const facilitator = useBoardStore((state) => state.meta?.facilitator?.name);
  const members = useMemo(
    () => [...new Set([...people.map((person) => person.name), ...(facilitator ? [facilitator] : []), ...users.map((user) => user.name)])].sort((a, b) => a.localeCompare(b)),
    [people, users, facilitator],
  );
  if (actions.length === 0) return <p className="retro-hint">No actions yet: add cards to the Actions column.</p>;
  const editable = !readOnly && phase === 'actions';
  return (
    <section className="retro-actions" aria-label="Actions">
      <h3 className="retro-subheading">Actions</h3>
      <ul className="retro-action-list">
        {actions.map((action) => (
          <ActionRow key={action.id} action={action} members={members} editable={editable} series={series} onPromoted={onPromoted} />
        ))}
      </ul>
    </section>
  );
}

function ActionRow({ action, members, editable, series, onPromoted }: { readonly action: Item; readonly members: readonly string[]; readonly editable: boolean; readonly series: RetroSeries | null; readonly onPromoted: () => void }) {
  const session = useBoardSession();
  const [error, setError] = useState<string | null>(null);
  const [promoting, setPromoting] = useState(false);
  const me = usePresence((state) => state.users.find((user) => user.isSelf)?.name);
  const facilitator = useBoardStore((state) => state.meta?.facilitator?.name);
  const save = (details: { owner?: string; due?: string | null }) => {
    const result = attemptCommand(() => {
      // The server takes an owner only from the board's members (its people, the facilitator, the
      // sender): someone here but not yet listed joins the people first, in a change of its own.
      const owner = details.owner?.trim();
      const listed = (name: string) => readPeople(session.doc).some((person) => person.name.toLowerCase() === name.toLowerCase());
      if (owner && owner !== me && owner !== facilitator && !listed(owner)) addPerson(session.doc, { name: owner }, session.origin);
      setActionDetails(session.doc, action.id, details, session.origin);
    });
    setError(result.ok ? null : result.message);
  };
  const owners = action.owner && !members.includes(action.owner) ? [action.owner, ...members] : members;
  return (
    <li className="retro-action" data-testid="retro-action" data-item-id={action.id}>
      <strong>{action.title}</strong>
      <div className="retro-action-row">
        <div className="field">
          <label htmlFor={`owner-${action.id}`}>Owner</label>
          <select id={`owner-${action.id}`} value={action.owner} disabled={!editable} onChange={(event) => save({ owner: event.target.value })}>
            <option value="">Nobody yet</option>
            {owners.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`due-${action.id}`}>Due</label>
          <input id={`due-${action.id}`} type="date" value={action.due ?? ''} disabled={!editable} onChange={(event) => save({ due: event.target.value || null })} />
        </div>
        {action.link ? (
          <span className="retro-linked" data-testid="action-link">
            On <a href={`/b/${encodeURIComponent(action.link.boardId)}`}>“{action.link.boardTitle}”</a>
          </span>
        ) : (
          editable &&
          !promoting && (
            <button type="button" className="button" onClick={() => setPromoting(true)}>
              Promote to planning board
            </button>
          )
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {promoting && !action.link && (
        <PromoteForm
          action={action}
          series={series}
          onCancel={() => setPromoting(false)}
          onDone={() => {
            setPromoting(false);
            onPromoted();
          }}
        />
      )}
    </li>
  );
}

const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

/** Target board, lane, estimate and both lenses: one request, one step. */
function PromoteForm({ action, series, onCancel, onDone }: { readonly action: Item; readonly series: RetroSeries | null; readonly onCancel: () => void; readonly onDone: () => void }) {
  const session = useBoardSession();
  const boardTitle = useBoardStore((state) => state.meta?.title ?? '');
  // Planning boards this browser holds a link to: the linked one first.
  const candidates = useMemo(() => {
    const known = loadRecentBoards().filter((board) => board.id !== session.boardId && boardToken(board.id) !== null);
    const linked = series?.planningBoard;
    return linked ? [{ id: linked.id, title: linked.title }, ...known.filter((board) => board.id !== linked.id)] : known;
  }, [series, session.boardId]);
  const [target, setTarget] = useState(candidates[0]?.id ?? '');
  const [lanes, setLanes] = useState<ReadonlyArray<{ id: string; name: string }>>([]);
  const [laneId, setLaneId] = useState('');
  const [fields, setFields] = useState({ estimate: '', reach: '', impact: '', confidence: '', techHealth: '', risk: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!target) return;
    let live = true;
    fetchBoard(target).then(
      ({ board }) => {
        if (!live) return;
        if (board.meta.kind === 'retro') return setError('That board is a retro; pick a planning board.');
        const shown = board.lanes.filter((lane) => !lane.deleted).map(({ id, name }) => ({ id, name }));
        setLanes(shown);
        setLaneId((current) => (shown.some((lane) => lane.id === current) ? current : (shown[0]?.id ?? '')));
        setError(null);
      },
      (caught: unknown) => live && setError(caught instanceof Error ? caught.message : 'That board could not be read.'),
    );
    return () => {
      live = false;
    };
  }, [target]);

  if (candidates.length === 0) return <p className="retro-hint">Open the planning board once with its editor link in this browser, then promote the action to it.</p>;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    promoteAction(session.boardId, action.id, {
      targetBoardId: target,
      laneId,
      estimate: numberOrNull(fields.estimate),
      reach: numberOrNull(fields.reach),
      impact: numberOrNull(fields.impact),
      confidence: numberOrNull(fields.confidence),
      techHealth: numberOrNull(fields.techHealth),
      risk: numberOrNull(fields.risk),
    }).then(onDone, (caught: unknown) => {
      setBusy(false);
      setError(caught instanceof Error ? caught.message : 'The action could not be promoted.');
    });
  };
  const number = (key: keyof typeof fields, label: string, attrs: { min: number; max?: number; step: number }) => (
    <div className="field">
      <label htmlFor={`${key}-${action.id}`}>{label}</label>
      <input id={`${key}-${action.id}`} type="number" {...attrs} value={fields[key]} onChange={(event) => setFields({ ...fields, [key]: event.target.value })} />
    </div>
  );
  return (
    <form className="retro-promote" onSubmit={submit} aria-label={`Promote “${action.title}” to a planning board`}>
      <SelectField id={`target-${action.id}`} label="Planning board" value={target} onChange={setTarget} options={candidates.map((board) => ({ value: board.id, label: board.title }))} />
      <SelectField id={`lane-${action.id}`} label="Lane" value={laneId} onChange={setLaneId} options={lanes.map((lane) => ({ value: lane.id, label: lane.name }))} />
      {number('estimate', 'Estimate', { min: 0, step: 0.5 })}
      {number('reach', 'Reach', { min: 0, step: 1 })}
      {number('impact', 'Impact (0–3)', { min: 0, max: 3, step: 0.25 })}
      {number('confidence', 'Confidence (0–1)', { min: 0, max: 1, step: 0.1 })}
      {number('techHealth', 'Tech health (0–3)', { min: 0, max: 3, step: 0.5 })}
      {number('risk', 'Risk (1–3)', { min: 1, max: 3, step: 1 })}
      <button type="submit" className="button primary" disabled={busy || !laneId}>
        Promote
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <span className="retro-hint">The initiative’s reason in both decision logs: this retro, “{boardTitle}”.</span>
    </form>
  );
}

function SelectField({ id, label, value, onChange, options }: { readonly id: string; readonly label: string; readonly value: string; readonly onChange: (value: string) => void; readonly options: ReadonlyArray<{ value: string; label: string }> }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
