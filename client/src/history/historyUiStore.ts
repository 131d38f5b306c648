import { create } from 'zustand';

export type HistoryTab = 'decisions' | 'snapshots';

/** The item the feed is narrowed to, with its title for the filter chip. */
export interface ItemFilter {
  readonly id: string;
  readonly title: string;
}

export interface HistoryUiState {
  /** The history sidebar beside the board (decision feed and snapshots). */
  readonly sidebarOpen: boolean;
  readonly tab: HistoryTab;
  readonly replayOpen: boolean;
  readonly actorFilter: string | null;
  readonly itemFilter: ItemFilter | null;
  setSidebarOpen(open: boolean): void;
  toggleSidebar(): void;
  showTab(tab: HistoryTab): void;
  setReplayOpen(open: boolean): void;
  setActorFilter(actor: string | null): void;
  setItemFilter(item: ItemFilter | null): void;
}

/**
 * The sidebar starts closed in a new browser (the lanes come first); once the user opens or
 * closes it, that choice is remembered in this browser.
 */
const PREFERENCE_KEY = 'lanewise:history-sidebar';

function startsOpen(): boolean {
  if (typeof window === 'undefined') return false;
  try {
    const saved = window.localStorage.getItem(PREFERENCE_KEY);
    if (saved === 'open' || saved === 'closed') return saved === 'open';
  } catch {
    // No storage: closed.
  }
  return false;
}

function remember(open: boolean): boolean {
  try {
    window.localStorage.setItem(PREFERENCE_KEY, open ? 'open' : 'closed');
  } catch {
    // The choice lasts for this page only.
  }
  return open;
}

/** UI state of the history features; never written to the board document. */
export const useHistoryUi = create<HistoryUiState>()((set) => ({
  sidebarOpen: startsOpen(),
  tab: 'decisions',
  replayOpen: false,
  actorFilter: null,
  itemFilter: null,
  setSidebarOpen: (sidebarOpen) => set({ sidebarOpen: remember(sidebarOpen) }),
  toggleSidebar: () => set((state) => ({ sidebarOpen: remember(!state.sidebarOpen) })),
  showTab: (tab) => set((state) => ({ tab, sidebarOpen: state.sidebarOpen || remember(true) })),
  setReplayOpen: (replayOpen) => set({ replayOpen }),
  setActorFilter: (actorFilter) => set({ actorFilter }),
  setItemFilter: (itemFilter) => set({ itemFilter }),
}));
