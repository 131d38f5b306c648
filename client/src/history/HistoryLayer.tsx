import './history.css';
import { HistoryReplay } from './HistoryReplay.tsx';
import { HistorySidebar } from './HistorySidebar.tsx';
import { useHistoryUi } from './historyUiStore.ts';
import { SinceLastVisit } from './SinceLastVisit.tsx';

/** Everything of the board's history that sits beside or over the board: feed, snapshots, summary, replay. */
export function HistoryLayer() {
  const sidebarOpen = useHistoryUi((state) => state.sidebarOpen);
  const replayOpen = useHistoryUi((state) => state.replayOpen);
  return (
    <>
      <SinceLastVisit />
      {sidebarOpen && <HistorySidebar />}
      {replayOpen && <HistoryReplay />}
    </>
  );
}
