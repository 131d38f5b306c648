import { useCallback, useEffect, useState } from 'react';
import type { RetroPhase } from '@lanewise/shared';
import { useBoardSession } from '../board/sessionContext.tsx';
import { ActionsPanel } from './ActionsPanel.tsx';
import { DiscussPanel } from './DiscussPanel.tsx';
import { GroupPhase } from './GroupPhase.tsx';
import { SERIES_CHANGED_EVENT } from './PlanContext.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import { fetchSeries, type RetroSeries } from './retroFlowApi.ts';

/** The retro after the reveal, by phase, and the series around it (RetroPanel shows it below its controls). */
export function RetroFlow({ phase, isFacilitator }: { readonly phase: RetroPhase; readonly isFacilitator: boolean }) {
  const boardId = useBoardSession().boardId;
  const [series, setSeries] = useState<RetroSeries | null>(null);
  const [promotions, setPromotions] = useState(0);
  const loadSeries = useCallback(() => {
    fetchSeries(boardId).then((found) => {
      setSeries(found);
      window.dispatchEvent(new Event(SERIES_CHANGED_EVENT));
    }, () => setSeries(null));
  }, [boardId]);
  useEffect(() => loadSeries(), [loadSeries, promotions]);
  const promoted = () => setPromotions((count) => count + 1);
  return (
    <>
      {phase === 'group' && <GroupPhase />}
      {(phase === 'discuss' || phase === 'actions' || phase === 'closed') && <DiscussPanel phase={phase} />}
      {(phase === 'actions' || phase === 'closed') && <ActionsPanel phase={phase} series={series} onPromoted={promoted} />}
      <ReviewPanel phase={phase} series={series} isFacilitator={isFacilitator} onSeriesChanged={loadSeries} refreshKey={promotions} />
    </>
  );
}
