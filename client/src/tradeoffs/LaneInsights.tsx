import { useBoardStore } from '../board/sessionContext.tsx';
import { formatPercent } from './format.ts';
import { laneSuggestions } from './scores.ts';
import { useTradeoffUi } from './tradeoffUiStore.ts';

/** Under a lane's budget bars: its mix — share of effort on technical health against the board's target, flagged when below. */
export function LaneInsights({ laneId }: { readonly laneId: string }) {
  const effort = useBoardStore((state) => state.lanes[laneId]?.estimateSum ?? 0);
  const healthEffort = useBoardStore((state) => {
    let sum = 0;
    for (const id of state.lanes[laneId]?.itemIds ?? []) {
      const item = state.items[id];
      if (item?.kind === 'tech-health') sum += item.estimate ?? 0;
    }
    return sum;
  });
  const target = useBoardStore((state) => state.meta?.techHealthTarget ?? 0);
  const share = effort > 0 ? healthEffort / effort : null;
  const below = share !== null && share < target;

  return (
    <div className="lane-insights">
      <span
        className={`lane-mix${below ? ' below' : ''}`}
        data-testid="lane-mix"
        data-below={below || undefined}
        title={`Effort on technical health (kind “Tech health”) against the board’s target. User-facing: ${share === null ? '—' : formatPercent(1 - share)}.`}
      >
        <span className="mix-bar" aria-hidden="true">
          <span className="mix-fill" style={{ width: `${(share ?? 0) * 100}%` }} />
          {target > 0 && <span className="mix-target" style={{ left: `${target * 100}%` }} />}
        </span>
        {share === null ? 'Tech health —' : `Tech health ${formatPercent(share)}`}
        <span className="mix-target-text">(target ≥ {formatPercent(target)})</span>
        {below && <span className="visually-hidden">: below target</span>}
      </span>
    </div>
  );
}

/** Annotates the lane's cards with where the scores would rank them; never reorders. */
export function SuggestOrderToggle({ laneId, laneName }: { readonly laneId: string; readonly laneName: string }) {
  const suggesting = useTradeoffUi((state) => state.suggestLanes[laneId] === true);
  const differences = useBoardStore((state) => (suggesting ? laneSuggestions(state, laneId).length : 0));
  return (
    <button
      type="button"
      className={`chip-toggle${suggesting ? ' on' : ''}`}
      aria-pressed={suggesting}
      title="Compare the order with the scores (never reorders)"
      onClick={() => useTradeoffUi.getState().toggleSuggest(laneId)}
    >
      {suggesting ? (differences === 0 ? 'Order matches scores' : `${differences} differ`) : 'Suggest order'}
      <span className="visually-hidden">, {laneName}</span>
    </button>
  );
}
