import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@lanewise/shared';
import { usePlanningActions } from '../board/collabContext.ts';
import { useBoardStore, useSessionState } from '../board/sessionContext.tsx';
import { PanelFrame } from '../components/PanelFrame.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { draftFromMeta, settingsPatch, type BoardSettingsDraft, type BoardSettingsErrors } from './boardSettingsForm.ts';
import { PanelActions } from '../components/PanelActions.tsx';

/** Estimate unit, planning period and its lanes, soft or hard lane limits and the technical-health target. */
export function BoardSettingsPanel() {
  const actions = usePlanningActions();
  const meta = useBoardStore((state) => state.meta);
  const readOnly = useSessionState((state) => state.readOnly);
  const laneIds = useBoardStore((state) => state.laneIds);
  const lanes = useBoardStore((state) => state.lanes);
  const [inPeriod, setInPeriod] = useState<Record<string, boolean>>(() => Object.fromEntries(laneIds.map((id) => [id, lanes[id]?.inPlanningPeriod ?? true])));
  const [draft, setDraft] = useState<BoardSettingsDraft | null>(() => (meta ? draftFromMeta(meta) : null));
  const [errors, setErrors] = useState<BoardSettingsErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const firstRef = useRef<HTMLSelectElement>(null);
  useEffect(() => firstRef.current?.focus(), []);
  if (!meta || !draft) return null;
  const set = <K extends keyof BoardSettingsDraft>(key: K, value: BoardSettingsDraft[K]) => setDraft({ ...draft, [key]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!meta || !draft) return;
    const { patch, errors: found } = settingsPatch(draft, meta);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    // Only lanes whose setting changed are written, so a concurrent change elsewhere survives.
    const laneChanges = Object.fromEntries(Object.entries(inPeriod).filter(([id, value]) => lanes[id] && lanes[id].inPlanningPeriod !== value));
    if (Object.keys(patch).length > 0 || Object.keys(laneChanges).length > 0) {
      const result = actions.updateBoardSettings(patch, laneChanges);
      if (!result.ok) {
        setFormError(result.message);
        return;
      }
    }
    useUiStore.getState().closePanel();
  }

  const described = (id: string, error: string | undefined, hint = true) => ({
    id,
    ...(error ? { 'aria-invalid': true as const } : {}),
    'aria-describedby': [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
  });

  return (
    <PanelFrame titleId="board-settings-title" title="Board settings">
      <form className="panel-body" onSubmit={submit} noValidate>
        <div className="field-row">
          <div className="field">
            <label htmlFor="board-unit">Estimate unit</label>
            <select ref={firstRef} {...described('board-unit', errors.estimateUnit, false)} value={draft.estimateUnit} onChange={(event) => set('estimateUnit', event.target.value as BoardSettingsDraft['estimateUnit'])}>
              <option value="points">Points</option>
              <option value="person-weeks">Person-weeks</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="board-period">Planning period</label>
            <input {...described('board-period', errors.planningPeriod)} value={draft.planningPeriod} maxLength={LIMITS.periodLength} placeholder="e.g. Q3 2027" autoComplete="off" onChange={(event) => set('planningPeriod', event.target.value)} />
            <p id="board-period-hint" className="field-hint">
              Capacities are per this period
            </p>
            {errors.planningPeriod && (
              <p id="board-period-error" className="field-error">
                {errors.planningPeriod}
              </p>
            )}
          </div>
        </div>
        <fieldset className="lens" aria-describedby="board-period-lanes-hint">
          <legend>Lanes in the planning period</legend>
          <p id="board-period-lanes-hint" className="field-hint">
            People’s load counts only work in these lanes; the others (such as Later) are shown but not counted.
          </p>
          <div className="checkbox-list">
            {laneIds.map((id) => (
              <label key={id} className="checkbox-option">
                <input type="checkbox" checked={inPeriod[id] ?? true} onChange={(event) => setInPeriod({ ...inPeriod, [id]: event.target.checked })} />
                <span>{lanes[id]?.name ?? id}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="lens">
          <legend>Lane limits</legend>
          <div className="radio-stack">
            <label className="radio-option">
              <input type="radio" name="limit-mode" value="soft" checked={draft.limitMode === 'soft'} onChange={() => set('limitMode', 'soft')} />
              <span>
                <strong>Soft</strong> — a full lane warns but accepts the item
              </span>
            </label>
            <label className="radio-option">
              <input type="radio" name="limit-mode" value="hard" checked={draft.limitMode === 'hard'} onChange={() => set('limitMode', 'hard')} />
              <span>
                <strong>Hard</strong> — to add to a full lane, demote one or state a reason (both go into the decision log)
              </span>
            </label>
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="board-health-target">Technical-health target (%)</label>
          <input {...described('board-health-target', errors.techHealthTarget)} inputMode="decimal" value={draft.techHealthTarget} onChange={(event) => set('techHealthTarget', event.target.value)} />
          <p id="board-health-target-hint" className="field-hint">
            Share of each lane’s effort that should go to technical health; lanes below it are flagged
          </p>
          {errors.techHealthTarget && (
            <p id="board-health-target-error" className="field-error">
              {errors.techHealthTarget}
            </p>
          )}
        </div>
        <PanelActions error={formError} onCancel={() => useUiStore.getState().closePanel()} saveDisabled={readOnly} />
      </form>
    </PanelFrame>
  );
}
