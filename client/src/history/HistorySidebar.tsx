import { useEffect, type KeyboardEvent } from 'react';
import { useUiStore } from '../ui/uiStore.ts';
import { DecisionFeed } from './DecisionFeed.tsx';
import { useHistoryUi, type HistoryTab } from './historyUiStore.ts';
import { SnapshotsPanel } from './SnapshotsPanel.tsx';

const TABS: ReadonlyArray<{ id: HistoryTab; label: string }> = [
  { id: 'decisions', label: 'Decisions' },
  { id: 'snapshots', label: 'Snapshots' },
];

/** Hides the sidebar and hands focus back to the History button. */
function hideSidebar(): void {
  useHistoryUi.getState().setSidebarOpen(false);
  requestAnimationFrame(() => document.getElementById('history-toggle')?.focus());
}

/** The collapsible column beside the board: the live decision feed and the snapshots. Esc closes it. */
export function HistorySidebar() {
  const tab = useHistoryUi((state) => state.tab);
  const { showTab } = useHistoryUi.getState();

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // A dialog, a drag or an open side panel takes Esc first (the panel sits in front of History).
      if (document.querySelector('dialog[open]') || useUiStore.getState().dragPreview !== null || useUiStore.getState().panel !== null) return;
      hideSidebar();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = TABS[(TABS.findIndex((candidate) => candidate.id === tab) + 1) % TABS.length];
    if (!next) return;
    showTab(next.id);
    document.getElementById(`history-tab-${next.id}`)?.focus();
  };

  return (
    <aside className="history-sidebar" id="history-sidebar" aria-label="Board history" data-testid="history-sidebar">
      <div className="history-sidebar-header">
        <div className="history-tabs" role="tablist" aria-label="Board history">
          {TABS.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`history-tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`history-tabpanel-${id}`}
              tabIndex={tab === id ? 0 : -1}
              className="history-tab"
              onClick={() => showTab(id)}
              onKeyDown={onTabKey}
            >
              {label}
            </button>
          ))}
        </div>
        <button type="button" className="icon-button small" aria-label="Hide history" onClick={hideSidebar}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <div className="history-tabpanel" role="tabpanel" id={`history-tabpanel-${tab}`} aria-labelledby={`history-tab-${tab}`}>
        {tab === 'decisions' ? <DecisionFeed /> : <SnapshotsPanel />}
      </div>
    </aside>
  );
}
