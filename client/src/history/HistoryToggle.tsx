import { useHistoryUi } from './historyUiStore.ts';

/** The header button that shows or hides the history sidebar. */
export function HistoryToggle() {
  const open = useHistoryUi((state) => state.sidebarOpen);
  return (
    <button
      type="button"
      id="history-toggle"
      className={`button subtle history-toggle${open ? ' active' : ''}`}
      aria-label="History"
      aria-pressed={open}
      aria-controls={open ? 'history-sidebar' : undefined}
      title="Decision log and snapshots"
      onClick={() => useHistoryUi.getState().toggleSidebar()}
    >
      <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d="M3.5 10a6.5 6.5 0 1 0 1.9-4.6M3.5 3.5v2.8h2.8M10 6.5V10l2.5 1.6" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className="history-toggle-label">History</span>
    </button>
  );
}
