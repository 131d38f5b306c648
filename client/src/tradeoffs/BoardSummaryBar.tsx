import { topLaneClaim } from '@lanewise/shared';
import { useBoardStore, useCanEdit } from '../board/sessionContext.tsx';
import { useCollab } from '../board/collabContext.ts';
import { useUiStore } from '../ui/uiStore.ts';
import { peopleLoads } from '../people/peopleLoads.ts';
import { toBoardView } from './boardView.ts';
import { formatNumber, formatPercent, UNIT_SHORT } from './format.ts';
import { useTradeoffUi } from './tradeoffUiStore.ts';

/** Above this share of the board's capacity (or effort) the top lane is flagged as inflated. */
export const INFLATION_THRESHOLD = 0.5;

function useTopLaneClaim(): string {
  // A primitive summary, so the bar re-renders only when the numbers change.
  return useBoardStore((state) => {
    const view = toBoardView(state);
    const claim = view ? topLaneClaim(view) : null;
    if (!claim) return '';
    return JSON.stringify([claim.laneName, claim.effort, claim.totalEffort, claim.totalCapacity, claim.shareOfCapacity, claim.shareOfEffort]);
  });
}

function useBoardHealthShare(): [number, number] {
  const text = useBoardStore((state) => {
    let total = 0;
    let health = 0;
    for (const laneId of state.laneIds) {
      for (const id of state.lanes[laneId]?.itemIds ?? []) {
        const item = state.items[id];
        total += item?.estimate ?? 0;
        if (item?.kind === 'tech-health') health += item.estimate ?? 0;
      }
    }
    return `${health}:${total}`;
  });
  const [health, total] = text.split(':').map(Number);
  return [health ?? 0, total ?? 0];
}

/**
 * Trade-offs at a glance: how much the top lane claims ("P0 inflation"), the board's technical-health
 * share against its target, the limit mode — and the switches for the chart, people and settings.
 */
export function BoardSummaryBar() {
  const claimText = useTopLaneClaim();
  const [healthEffort, totalEffort] = useBoardHealthShare();
  const meta = useBoardStore((state) => state.meta);
  const lens = useTradeoffUi((state) => state.lens);
  const canEdit = useCanEdit();
  const panelKind = useUiStore((state) => state.panel?.kind ?? null);
  const people = useCollab((state) => state.people);
  const overAllocated = useBoardStore((state) => peopleLoads(state, people).filter((load) => load.overAllocated).length);
  if (!meta) return null;
  const unit = UNIT_SHORT[meta.estimateUnit];
  const [laneName, effort, allEffort, totalCapacity, shareOfCapacity, shareOfEffort] = (claimText ? JSON.parse(claimText) : []) as [string, number, number, number | null, number | null, number | null];
  const share = shareOfCapacity ?? shareOfEffort;
  const basis = shareOfCapacity !== null && shareOfCapacity !== undefined ? 'capacity' : 'effort';
  const inflated = share !== null && share !== undefined && share > INFLATION_THRESHOLD;
  const healthShare = totalEffort > 0 ? healthEffort / totalEffort : null;
  const healthBelow = healthShare !== null && healthShare < meta.techHealthTarget;
  const togglePanel = (kind: 'people' | 'board-settings') => {
    const ui = useUiStore.getState();
    if (ui.panel?.kind === kind) ui.closePanel();
    else ui.openPanel({ kind });
  };

  return (
    <div className="summary-bar" role="region" aria-label="Trade-offs">
      <div className="summary-facts">
        {laneName && (
          <span
            className={`fact claim${inflated ? ' flagged' : ''}`}
            data-testid="top-lane-claim"
            title={
              basis === 'capacity'
                ? `${laneName} holds ${formatNumber(effort)} ${unit} of the board's ${formatNumber(totalCapacity ?? 0)} ${unit} capacity. Flagged above ${formatPercent(INFLATION_THRESHOLD)}.`
                : `${laneName} holds ${formatNumber(effort)} of ${formatNumber(allEffort)} ${unit} on the board (no lane capacities set). Flagged above ${formatPercent(INFLATION_THRESHOLD)}.`
            }
          >
            <strong>{laneName}</strong>
            {share === null || share === undefined ? ' claims nothing yet' : ` claims ${formatPercent(share)} of ${basis === 'capacity' ? 'capacity' : 'all effort'}`}
            {inflated && <span className="fact-flag">Inflated</span>}
          </span>
        )}
        <span className={`fact${healthBelow ? ' flagged' : ''}`} data-testid="board-health-share" title="Share of the board's effort on items of kind “Tech health”">
          Tech health {healthShare === null ? '—' : formatPercent(healthShare)} <span className="muted">(target ≥ {formatPercent(meta.techHealthTarget)})</span>
        </span>
        <span className={`fact mode ${meta.limitMode}`} title={meta.limitMode === 'hard' ? 'A full lane asks to demote one or state a reason' : 'Full lanes warn but accept items'}>
          {meta.limitMode === 'hard' ? 'Hard limits' : 'Soft limits'}
        </span>
        {meta.planningPeriod && <span className="fact muted">{meta.planningPeriod}</span>}
      </div>
      <div className="summary-actions">
        <div className="segmented" role="group" aria-label="Board view">
          <button type="button" aria-pressed={lens === 'lanes'} onClick={() => useTradeoffUi.getState().setLens('lanes')}>
            Lanes
          </button>
          <button type="button" aria-pressed={lens === 'tradeoffs'} onClick={() => useTradeoffUi.getState().setLens('tradeoffs')}>
            Trade-offs
          </button>
        </div>
        <button type="button" className={`button subtle small${panelKind === 'people' ? ' active' : ''}`} aria-expanded={panelKind === 'people'} onClick={() => togglePanel('people')}>
          People
          {overAllocated > 0 && (
            <span className="count-flag" title={`${overAllocated} over-allocated`}>
              {overAllocated}
              <span className="visually-hidden"> over-allocated</span>
            </span>
          )}
        </button>
        {canEdit && (
          <button type="button" className={`button subtle small${panelKind === 'board-settings' ? ' active' : ''}`} aria-expanded={panelKind === 'board-settings'} onClick={() => togglePanel('board-settings')}>
            Board settings
          </button>
        )}
      </div>
    </div>
  );
}
