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

/** UI-only state: never written to the board document. */
export const useUiStore = create<UiState>()((set) => ({
  panel: null,
  dragPreview: null,
  nameDialogOpen: false,
  openPanel: (panel) => set({ panel }),
  closePanel: () => set({ panel: null }),
  setDragPreview: (dragPreview) => set({ dragPreview }),
  setNameDialogOpen: (nameDialogOpen) => set({ nameDialogOpen }),
  reset: () => set({ panel: null, dragPreview: null, nameDialogOpen: false }),
}));
