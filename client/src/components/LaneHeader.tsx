import type { LaneViewModel } from '../board/boardState.ts';
import { useBoardStore, useCanEdit, useIsRetro } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { LaneInsights, SuggestOrderToggle } from '../tradeoffs/LaneInsights.tsx';
import { UNIT_LONG, UNIT_SHORT } from '../tradeoffs/format.ts';

export type LoadLevel = 'ok' | 'full' | 'over';

export function loadLevel(value: number, limit: number | null): LoadLevel {
  if (limit === null) return 'ok';
  if (value > limit) return 'over';
  return value === limit && limit > 0 ? 'full' : 'ok';
}

function worst(a: LoadLevel, b: LoadLevel): LoadLevel {
  if (a === 'over' || b === 'over') return 'over';
  return a === 'full' || b === 'full' ? 'full' : 'ok';
}

const LEVEL_TEXT: Record<LoadLevel, string> = { ok: '', full: 'Full', over: 'Over' };

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Lane name, item count against its limit, estimate sum against its capacity. */
export function LaneHeader({ lane, count }: { readonly lane: LaneViewModel; readonly count: number }) {
  const countLevel = loadLevel(count, lane.itemLimit);
  const capacityLevel = lane.capacity === null ? 'ok' : loadLevel(lane.estimateSum, lane.capacity);
  const level = worst(countLevel, capacityLevel);
  const unit = useBoardStore((state) => state.meta?.estimateUnit ?? 'points');
  const canEdit = useCanEdit();
  // A retro column holds answers to a prompt: no ordering suggestions, effort or tech-health mix.
  const isRetro = useIsRetro();
  const fill = lane.capacity ? Math.min(1, lane.estimateSum / lane.capacity) : lane.capacity === 0 && lane.estimateSum > 0 ? 1 : 0;
  const countFill = lane.itemLimit ? Math.min(1, count / lane.itemLimit) : 0;
  const countText = lane.itemLimit === null ? `${count} ${count === 1 ? 'item' : 'items'}` : `${count} / ${lane.itemLimit} items`;
  const capacityText = lane.capacity === null ? `${formatNumber(lane.estimateSum)} ${UNIT_SHORT[unit]}` : `${formatNumber(lane.estimateSum)} / ${formatNumber(lane.capacity)} ${UNIT_SHORT[unit]}`;

  return (
    <div className={`lane-header level-${level}`} data-level={level}>
      <div className="lane-title-row">
        <h2 className="lane-name">{lane.name}</h2>
        {level !== 'ok' && (
          <span className={`load-flag ${level}`}>
            {LEVEL_TEXT[level]}
            <span className="visually-hidden">{level === 'over' ? ': this lane is over its limit' : ': this lane is at its limit'}</span>
          </span>
        )}
        <span className="lane-tools">
        {!isRetro && <SuggestOrderToggle laneId={lane.id} laneName={lane.name} />}
        {canEdit && (
        <button
          type="button"
          className="icon-button small lane-edit"
          aria-label={`Edit lane ${lane.name}`}
          title="Lane settings"
          onClick={() => useUiStore.getState().openPanel({ kind: 'lane', laneId: lane.id })}
        >
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <circle cx="4.5" cy="10" r="1.6" fill="currentColor" />
            <circle cx="10" cy="10" r="1.6" fill="currentColor" />
            <circle cx="15.5" cy="10" r="1.6" fill="currentColor" />
          </svg>
        </button>
        )}
        </span>
      </div>
      <div className="lane-stats">
        <div className="lane-stat">
          <span className={`lane-count ${countLevel}`} data-testid="lane-count">
            {countText}
          </span>
          {lane.itemLimit !== null && (
            <div className={`capacity-bar ${countLevel}`} aria-hidden="true">
              <div className="capacity-fill" style={{ width: `${countFill * 100}%` }} />
            </div>
          )}
        </div>
        {!isRetro && (
        <div className="lane-stat">
          <span className={`lane-capacity ${capacityLevel}`} data-testid="lane-capacity" title={`Effort in ${UNIT_LONG[unit]}`}>
            {capacityText}
          </span>
          {lane.capacity !== null && (
            <div className={`capacity-bar ${capacityLevel}`} aria-hidden="true">
              <div className="capacity-fill" style={{ width: `${fill * 100}%` }} />
            </div>
          )}
        </div>
        )}
      </div>
      {!isRetro && <LaneInsights laneId={lane.id} />}
    </div>
  );
}
