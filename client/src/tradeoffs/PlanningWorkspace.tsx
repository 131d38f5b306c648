import { lazy, Suspense, useEffect } from 'react';
import { BoardCanvas } from '../components/BoardCanvas.tsx';
import { EstimationBanner } from '../estimation/EstimationBanner.tsx';
import { RestoreNotice } from '../history/RestoreNotice.tsx';
import { UnreadMentions } from '../comments/UnreadMentions.tsx';
import { useBoardSession, useIsRetro } from '../board/sessionContext.tsx';
import { BoardSummaryBar } from './BoardSummaryBar.tsx';
import { MoveAnnouncer } from './MoveAnnouncer.tsx';
import { NoticeToast } from './NoticeToast.tsx';
import { useTradeoffUi } from './tradeoffUiStore.ts';

// The chart and the move dialog load when first shown (not needed to paint a board).
const TradeoffView = lazy(() => import('./TradeoffView.tsx').then((module) => ({ default: module.TradeoffView })));
const MoveDecisionDialog = lazy(() => import('../components/MoveDecisionDialog.tsx').then((module) => ({ default: module.MoveDecisionDialog })));

/** The loaded board: trade-off summary, live estimation, then the lanes or the trade-off chart. */
export function PlanningWorkspace() {
  const session = useBoardSession();
  const lens = useTradeoffUi((state) => state.lens);
  const pending = useTradeoffUi((state) => state.pendingMove);
  const isRetro = useIsRetro();
  useEffect(() => {
    useTradeoffUi.getState().reset();
    return () => useTradeoffUi.getState().reset();
  }, [session]);

  return (
    <>
      <RestoreNotice />
      {!isRetro && <BoardSummaryBar />}
      <EstimationBanner />
      <UnreadMentions />
      {lens === 'tradeoffs' ? (
        <Suspense fallback={null}>
          <TradeoffView />
        </Suspense>
      ) : (
        <BoardCanvas />
      )}
      <Suspense fallback={null}>{pending && <MoveDecisionDialog key={`${pending.itemId}:${pending.target.laneId}`} pending={pending} />}</Suspense>
      <NoticeToast />
      <MoveAnnouncer />
    </>
  );
}
