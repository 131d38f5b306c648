import { lazy, Suspense } from 'react';
import './history.css';
import { useHistoryUi } from './historyUiStore.ts';
import { SinceLastVisit } from './SinceLastVisit.tsx';

// The sidebar and the replay load when first opened (not needed to paint a board).
const HistorySidebar = lazy(() => import('./HistorySidebar.tsx').then((module) => ({ default: module.HistorySidebar })));
const HistoryReplay = lazy(() => import('./HistoryReplay.tsx').then((module) => ({ default: module.HistoryReplay })));

/** Everything of the board's history that sits beside or over the board: feed, snapshots, summary, replay. */
export function HistoryLayer() {
  const sidebarOpen = useHistoryUi((state) => state.sidebarOpen);
  const replayOpen = useHistoryUi((state) => state.replayOpen);
  return (
    <>
      <SinceLastVisit />
      <Suspense fallback={null}>
        {sidebarOpen && <HistorySidebar />}
        {replayOpen && <HistoryReplay />}
      </Suspense>
    </>
  );
}
