import { create } from 'zustand';
import type { DragPreview } from '../board/dragModel.ts';

/** The side panel: editing an item, creating one in a lane, or editing a lane. */
export type PanelState =
  | { readonly kind: 'item'; readonly itemId: string }
  | { readonly kind: 'new-item'; readonly laneId: string }
  | { readonly kind: 'lane'; readonly laneId: string }
  | { readonly kind: 'people' }
  | { readonly kind: 'board-settings' }
  | null;

export interface UiState {
  readonly panel: PanelState;
  /** The card being dragged by this user and where it is shown, or null. */
  readonly dragPreview: DragPreview | null;
  readonly nameDialogOpen: boolean;
  openPanel(panel: PanelState): void;
  closePanel(): void;
  setDragPreview(preview: DragPreview | null): void;
  setNameDialogOpen(open: boolean): void;
  reset(): void;
}

/**
 * The element that opened the side panel, so closing it (Esc, Close, Cancel, Save) puts focus back
 * where the user was instead of dropping it on the page.
 */
let opener: HTMLElement | null = null;

function rememberOpener(): void {
  if (typeof document === 'undefined') return;
  const active = document.activeElement;
  if (active instanceof HTMLElement && !active.closest('.side-panel')) opener = active;
}

function restoreFocus(): void {
  const target = opener;
  opener = null;
  if (!target || typeof document === 'undefined') return;
  // After React removed the panel: focus is on <body> (or was inside the panel) — hand it back.
  setTimeout(() => {
    const active = document.activeElement;
    if (target.isConnected && (active === null || active === document.body || !active.isConnected)) target.focus();
  }, 0);
}

/** UI-only state: never written to the board document. */
export const useUiStore = create<UiState>()((set, get) => ({
  panel: null,
  dragPreview: null,
  nameDialogOpen: false,
  openPanel: (panel) => {
    if (get().panel === null) rememberOpener();
    set({ panel });
  },
  closePanel: () => {
    const wasOpen = get().panel !== null;
    set({ panel: null });
    if (wasOpen) restoreFocus();
  },
  setDragPreview: (dragPreview) => set({ dragPreview }),
  setNameDialogOpen: (nameDialogOpen) => set({ nameDialogOpen }),
  reset: () => set({ panel: null, dragPreview: null, nameDialogOpen: false }),
}));
