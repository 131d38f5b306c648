import { useRef, useState, type FormEvent } from 'react';
import { LIMITS, type PersonLoad } from '@lanewise/shared';
import { initials } from '../app/identity.ts';
import { useCollab, usePlanningActions } from '../board/collabContext.ts';
import { useBoardStore, useSessionState } from '../board/sessionContext.tsx';
import { PanelFrame } from '../components/PanelFrame.tsx';
import { formatNumber, UNIT_SHORT } from '../tradeoffs/format.ts';
import { parseCapacity, peopleLoads } from './peopleLoads.ts';

function PersonRow({ load, unit, readOnly }: { readonly load: PersonLoad; readonly unit: string; readonly readOnly: boolean }) {
  const actions = usePlanningActions();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(load.name);
  const [capacity, setCapacity] = useState(load.capacity === null ? '' : String(load.capacity));
  const [error, setError] = useState<string | null>(null);
  const fill = load.capacity ? Math.min(1, load.effort / load.capacity) : 0;
  const level = load.overAllocated ? 'over' : load.capacity !== null && load.effort === load.capacity && load.capacity > 0 ? 'full' : 'ok';
  const base = `person-${load.personId ?? load.name}`;

  function save(event: FormEvent) {
    event.preventDefault();
    const cap = parseCapacity(capacity);
    if (cap === 'invalid') return setError('Capacity must be a number, 0 or more (or empty).');
    if (!name.trim()) return setError('Name must not be empty.');
    const result = load.personId ? actions.updatePerson(load.personId, { name, capacity: cap }) : actions.addPerson(name, cap);
    if (!result.ok) return setError(result.message);
    setError(null);
    setEditing(false);
  }

  return (
    <li className={`person level-${level}`} data-testid="person" data-name={load.name} data-over={load.overAllocated || undefined}>
      <div className="person-head">
        <span className="owner-initials" aria-hidden="true">
          {initials(load.name)}
        </span>
        <span className="person-name">{load.name}</span>
        {load.personId === null && <span className="tag">Not listed</span>}
        {load.overAllocated && <span className="load-flag over">Over-allocated</span>}
        <span className="person-load" data-testid="person-load">
          {formatNumber(load.effort)}
          {load.capacity !== null ? ` / ${formatNumber(load.capacity)}` : ''} {unit}
        </span>
      </div>
      {load.capacity !== null && (
        <div className={`capacity-bar ${level}`} aria-hidden="true">
          <div className="capacity-fill" style={{ width: `${fill * 100}%` }} />
        </div>
      )}
      {load.lanes.length > 0 && (
        <ul className="person-lanes" aria-label={`Where ${load.name}’s load sits`} data-testid="person-lanes">
          {load.lanes.map((lane) => (
            <li key={lane.laneId} className={lane.counted ? 'counted' : 'not-counted'} data-lane={lane.laneName} data-counted={lane.counted}>
              {lane.laneName} {formatNumber(lane.effort)} {unit}
              {lane.counted ? '' : ' — not counted'}
            </li>
          ))}
        </ul>
      )}
      <p className="person-items muted">
        {load.items.length === 0 ? 'Owns nothing on this board' : `${load.items.length} ${load.items.length === 1 ? 'item' : 'items'}: ${load.items.map((item) => item.title).join(', ')}`}
      </p>
      {editing ? (
        <form className="person-edit" onSubmit={save} noValidate>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${base}-name`}>Name</label>
              <input id={`${base}-name`} value={name} maxLength={LIMITS.nameLength} autoComplete="off" onChange={(event) => setName(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${base}-capacity`}>Capacity</label>
              <input id={`${base}-capacity`} inputMode="decimal" value={capacity} onChange={(event) => setCapacity(event.target.value)} />
            </div>
          </div>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button primary small">
              {load.personId ? 'Save' : 'Add to people'}
            </button>
            <button type="button" className="button small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        !readOnly && (
          <div className="button-row">
            <button type="button" className="button subtle small" aria-label={`${load.personId ? 'Edit' : 'Add'} ${load.name}`} onClick={() => setEditing(true)}>
              {load.personId ? 'Edit' : 'Add to people'}
            </button>
            {load.personId && (
              <button
                type="button"
                className="button subtle small danger-text"
                aria-label={`Remove ${load.name}`}
                onClick={() => {
                  const result = actions.removePerson(load.personId as string);
                  if (!result.ok) setError(result.message);
                }}
              >
                Remove
              </button>
            )}
          </div>
        )
      )}
    </li>
  );
}

/** People on the board with their load against their capacity for the planning period. */
export function PeoplePanel() {
  const actions = usePlanningActions();
  const people = useCollab((state) => state.people);
  const loads = useBoardStore((state) => peopleLoads(state, people));
  const unit = useBoardStore((state) => UNIT_SHORT[state.meta?.estimateUnit ?? 'points']);
  const period = useBoardStore((state) => state.meta?.planningPeriod ?? '');
  // Primitive summaries, so the panel re-renders only when the lane split changes.
  const counted = useBoardStore((state) => state.laneIds.filter((id) => state.lanes[id]?.inPlanningPeriod).map((id) => state.lanes[id]?.name ?? '').join('\u0000'));
  const notCounted = useBoardStore((state) => state.laneIds.filter((id) => state.lanes[id] && !state.lanes[id].inPlanningPeriod).map((id) => state.lanes[id]?.name ?? '').join('\u0000'));
  const readOnly = useSessionState((state) => state.readOnly);
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState('');
  const [error, setError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const over = loads.filter((load) => load.overAllocated).length;

  function add(event: FormEvent) {
    event.preventDefault();
    const cap = parseCapacity(capacity);
    if (!name.trim()) return setError('Enter a name.');
    if (cap === 'invalid') return setError('Capacity must be a number, 0 or more (or empty).');
    const result = actions.addPerson(name, cap);
    if (!result.ok) return setError(result.message);
    setName('');
    setCapacity('');
    setError(null);
    nameRef.current?.focus();
  }

  return (
    <PanelFrame titleId="people-panel-title" title="People">
      <div className="panel-body">
        <p className="panel-context">
          Load against capacity{period ? ` for ${period}` : ' for the planning period'}, in {unit}.{' '}
          {over > 0 ? <strong className="danger-text">{over === 1 ? '1 person is' : `${over} people are`} over-allocated.</strong> : null}
        </p>
        <p className="panel-context muted" data-testid="period-lanes">
          Counted: {counted ? counted.split('\u0000').join(', ') : 'no lane'}.
          {notCounted ? ` Not counted (outside the planning period): ${notCounted.split('\u0000').join(', ')}.` : ''}
          {readOnly ? '' : ' Change which lanes count in Board settings.'}
        </p>
        {loads.length === 0 ? <p className="muted">No people yet. Add who owns work on this board, with their capacity.</p> : null}
        <ul className="people-list">
          {loads.map((load) => (
            <PersonRow key={load.personId ?? `owner:${load.name}`} load={load} unit={unit} readOnly={readOnly} />
          ))}
        </ul>
        {!readOnly && (
          <form className="add-person" onSubmit={add} noValidate>
            <h3>Add a person</h3>
            <div className="field-row">
              <div className="field">
                <label htmlFor="person-new-name">Person name</label>
                <input ref={nameRef} id="person-new-name" value={name} maxLength={LIMITS.nameLength} autoComplete="off" onChange={(event) => setName(event.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="person-new-capacity">Capacity ({unit})</label>
                <input id="person-new-capacity" inputMode="decimal" value={capacity} onChange={(event) => setCapacity(event.target.value)} />
              </div>
            </div>
            {error && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="button primary">
              Add person
            </button>
          </form>
        )}
      </div>
    </PanelFrame>
  );
}
