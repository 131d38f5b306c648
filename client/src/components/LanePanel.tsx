import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@lanewise/shared';
import { selectLane, selectLaneIds } from '../board/selectors.ts';
import { useActions, useBoardStore } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { PanelActions } from './PanelActions.tsx';

type LaneErrors = Partial<Record<'name' | 'itemLimit' | 'capacity', string>>;

function optionalNumber(text: string, integer: boolean): number | null | 'invalid' {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0 || (integer && (!Number.isInteger(value) || value < 1))) return 'invalid';
  return value;
}

/** Rename, limit, capacity, reorder and remove a lane. */
export function LanePanel({ laneId }: { readonly laneId: string }) {
  const actions = useActions();
  const lane = useBoardStore(selectLane(laneId));
  const laneIds = useBoardStore(selectLaneIds);
  const [name, setName] = useState(lane?.name ?? '');
  const [itemLimit, setItemLimit] = useState(lane?.itemLimit === null || !lane ? '' : String(lane.itemLimit));
  const [capacity, setCapacity] = useState(lane?.capacity === null || !lane ? '' : String(lane.capacity));
  const [errors, setErrors] = useState<LaneErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const close = () => useUiStore.getState().closePanel();

  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  const position = laneIds.indexOf(laneId);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: LaneErrors = {};
    const limit = optionalNumber(itemLimit, true);
    const cap = optionalNumber(capacity, false);
    if (!name.trim()) found.name = 'Lane name must not be empty.';
    if (limit === 'invalid') found.itemLimit = 'Item limit must be a whole number, 1 or more (or empty for no limit).';
    if (cap === 'invalid') found.capacity = 'Capacity must be a number, 0 or more (or empty for none).';
    setErrors(found);
    if (Object.keys(found).length > 0 || limit === 'invalid' || cap === 'invalid') return;
    const result = actions.updateLane(laneId, {
      ...(name.trim() !== lane?.name ? { name } : {}),
      ...(limit !== lane?.itemLimit ? { itemLimit: limit } : {}),
      ...(cap !== lane?.capacity ? { capacity: cap } : {}),
    });
    if (!result.ok) setFormError(result.message);
    else close();
  }

  function shift(direction: -1 | 1) {
    const result = actions.shiftLane(laneId, laneIds, direction);
    if (!result.ok) setFormError(result.message);
  }

  function remove() {
    const result = actions.removeLane(laneId);
    if (!result.ok) setFormError(result.message);
    else close();
  }

  const field = (id: string, error: string | undefined, hint?: string) => ({
    id,
    ...(error ? { 'aria-invalid': true as const } : {}),
    ...(error || hint ? { 'aria-describedby': [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') } : {}),
  });

  return (
    <aside className="side-panel" aria-labelledby="lane-panel-title">
      <div className="panel-header">
        <h2 id="lane-panel-title">Lane settings</h2>
        <button type="button" className="icon-button" aria-label="Close panel" onClick={close}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {!lane ? (
        <div className="panel-body">
          <p role="alert">This lane was removed.</p>
        </div>
      ) : (
        <form className="panel-body" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="lane-name">Lane name</label>
            <input ref={nameRef} {...field('lane-name', errors.name)} value={name} maxLength={LIMITS.nameLength} autoComplete="off" onChange={(event) => setName(event.target.value)} />
            {errors.name && (
              <p id="lane-name-error" className="field-error">
                {errors.name}
              </p>
            )}
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="lane-limit">Item limit</label>
              <input {...field('lane-limit', errors.itemLimit, 'hint')} inputMode="numeric" value={itemLimit} onChange={(event) => setItemLimit(event.target.value)} />
              <p id="lane-limit-hint" className="field-hint">
                Empty for no limit
              </p>
              {errors.itemLimit && (
                <p id="lane-limit-error" className="field-error">
                  {errors.itemLimit}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor="lane-capacity">Capacity</label>
              <input {...field('lane-capacity', errors.capacity, 'hint')} inputMode="decimal" value={capacity} onChange={(event) => setCapacity(event.target.value)} />
              <p id="lane-capacity-hint" className="field-hint">
                Points this lane can take
              </p>
              {errors.capacity && (
                <p id="lane-capacity-error" className="field-error">
                  {errors.capacity}
                </p>
              )}
            </div>
          </div>
          <div className="field">
            <span className="field-label" id="lane-order-label">
              Position: {position + 1} of {laneIds.length}
            </span>
            <div className="button-row" role="group" aria-labelledby="lane-order-label">
              <button type="button" className="button" disabled={position <= 0} onClick={() => shift(-1)}>
                ← Move left
              </button>
              <button type="button" className="button" disabled={position === -1 || position >= laneIds.length - 1} onClick={() => shift(1)}>
                Move right →
              </button>
            </div>
          </div>
          <PanelActions error={formError} onCancel={close}>
            <button type="button" className="button danger push-end" disabled={laneIds.length <= 1} onClick={remove}>
              Remove lane
            </button>
          </PanelActions>
          <p className="field-hint">Removing a lane moves its initiatives to the next lane. Undo brings it back.</p>
        </form>
      )}
    </aside>
  );
}
