import { KeyboardCode, type Announcements, type KeyboardCoordinateGetter } from '@dnd-kit/core';
import type { BoardState } from '../board/boardState.ts';
import type { BoardStore } from '../board/boardStore.ts';
import type { DragRecord, DragTarget } from '../board/dragController.ts';
import { displayedIds, type DragPreview } from '../board/dragModel.ts';

/** The DndContext's id; dnd-kit names its screen-reader instructions element after it. */
export const BOARD_DND_ID = 'lanewise-board-dnd';
/** The id of the hidden element with the drag instructions (every card's description points at it). */
export const DND_INSTRUCTIONS_ID = BOARD_DND_ID;

function shownIds(state: BoardState, laneId: string, preview: DragPreview | null): readonly string[] {
  return displayedIds(laneId, state.lanes[laneId]?.itemIds ?? [], preview);
}

const ARROWS: readonly string[] = [KeyboardCode.Up, KeyboardCode.Down, KeyboardCode.Left, KeyboardCode.Right];

/** Where an arrow key takes the dragged card, from the board model alone (no geometry). */
export function keyboardTarget(state: BoardState, preview: DragPreview, code: string): DragTarget | undefined {
  const others = shownIds(state, preview.laneId, preview).length - 1;
  if (code === KeyboardCode.Down) return preview.index < others ? { laneId: preview.laneId, index: preview.index + 1 } : undefined;
  if (code === KeyboardCode.Up) return preview.index > 0 ? { laneId: preview.laneId, index: preview.index - 1 } : undefined;
  const laneIndex = state.laneIds.indexOf(preview.laneId) + (code === KeyboardCode.Right ? 1 : code === KeyboardCode.Left ? -1 : Number.NaN);
  const laneId = state.laneIds[laneIndex];
  if (laneId === undefined) return undefined;
  const count = shownIds(state, laneId, preview).filter((id) => id !== preview.itemId).length;
  return { laneId, index: Math.min(preview.index, count) };
}

export interface KeyboardDeps {
  readonly board: BoardStore;
  readonly getPreview: () => DragPreview | null;
  /** Shows the card at the target and renders that at once (flushSync), so its placeholder can be read. */
  readonly moveTo: (target: DragTarget) => void;
  /** The dragged card's placeholder on screen, if mounted. */
  readonly placeholder: (itemId: string) => HTMLElement | null;
}

/**
 * Keyboard moves driven by the board model rather than geometry: Up/Down step through the lane's
 * cards, Left/Right go to the same position in the neighbouring lane (its end if shorter). The
 * preview moves first; the overlay then goes where the placeholder shows (dnd-kit scrolls it into view).
 */
export function createKeyboardCoordinates({ board, getPreview, moveTo, placeholder }: KeyboardDeps): KeyboardCoordinateGetter {
  return (event, { currentCoordinates }) => {
    if (!ARROWS.includes(event.code)) return undefined;
    event.preventDefault();
    const preview = getPreview();
    if (!preview) return undefined;
    const target = keyboardTarget(board.getState(), preview, event.code);
    if (!target) return undefined;
    moveTo(target);
    const rect = placeholder(preview.itemId)?.getBoundingClientRect();
    // dnd-kit reports a move (and so the announcement) only when the coordinates change.
    if (!rect || (rect.left === currentCoordinates.x && rect.top === currentCoordinates.y)) return { x: currentCoordinates.x, y: currentCoordinates.y + (event.code === KeyboardCode.Up ? -1 : 1) };
    return { x: rect.left, y: rect.top };
  };
}

export interface AnnouncementContext {
  readonly board: BoardStore;
  readonly getPreview: () => DragPreview | null;
  /** Whether the pointer is outside every lane (a drop there cancels). */
  readonly isOutside?: () => boolean;
  /** What the last drop wrote (set by the drop handler before dnd-kit announces it). */
  readonly lastDrop: () => DragRecord | null;
}

function titleOf(state: BoardState, id: string | number): string {
  return state.items[String(id)]?.title ?? 'The card';
}

/**
 * Screen-reader announcements naming the card, the lane and the position. The board has no
 * droppables (the slot comes from the pointer or the keys, DECISIONS 110), so "is over" is said
 * from dnd-kit's move event, once each time the preview's lane or slot changes.
 */
export function createAnnouncements({ board, getPreview, isOutside = () => false, lastDrop }: AnnouncementContext): Announcements {
  const where = (state: BoardState, preview: DragPreview) => {
    const shown = shownIds(state, preview.laneId, preview);
    return `${state.lanes[preview.laneId]?.name ?? 'a lane'}, position ${preview.index + 1} of ${shown.length}`;
  };
  const placeOf = (preview: DragPreview | null) => (isOutside() || !preview ? 'outside' : `${preview.laneId}:${preview.index}`);
  let lastPlace = '';
  return {
    onDragStart({ active }) {
      const state = board.getState();
      const preview = getPreview();
      lastPlace = placeOf(preview);
      const title = titleOf(state, active.id);
      if (!preview) return `Picked up ${title}.`;
      return `Picked up ${title}. It is in ${where(state, preview)}. Use the arrow keys to move it, Space or Enter to drop, Escape to cancel.`;
    },
    onDragMove({ active }) {
      const preview = getPreview();
      const place = placeOf(preview);
      if (place === lastPlace) return undefined;
      lastPlace = place;
      const state = board.getState();
      const title = titleOf(state, active.id);
      if (place === 'outside' || !preview) return `${title} is not over a lane.`;
      return `${title} is over ${where(state, preview)}.`;
    },
    onDragOver() {
      return undefined;
    },
    onDragEnd({ active }) {
      const state = board.getState();
      const drop = lastDrop();
      const title = drop?.title ?? titleOf(state, active.id);
      if (drop?.result) {
        const lane = state.lanes[drop.result.target.laneId]?.name ?? 'a lane';
        // A question opened (hard limit, top lane): nothing moved yet; the answer is announced later.
        if (drop.outcome === 'asked') return `${title} was dropped on ${lane}. It has not moved yet: answer the question that opened, or cancel to keep it in ${state.lanes[drop.fromLaneId]?.name ?? 'its lane'}.`;
        if (drop.outcome === 'refused') return `${title} was not moved. It stays in ${state.lanes[drop.fromLaneId]?.name ?? 'its lane'}.`;
        return `${title} was moved to ${lane}, position ${drop.result.position} of ${drop.result.size}.`;
      }
      if (drop) return `${title} was dropped back in ${state.lanes[drop.fromLaneId]?.name ?? 'its lane'}, position ${drop.fromIndex + 1}. Nothing changed.`;
      return `${title} was dropped. Nothing changed.`;
    },
    onDragCancel({ active }) {
      const state = board.getState();
      const drop = lastDrop();
      const lane = drop ? ` It stays in ${state.lanes[drop.fromLaneId]?.name ?? 'its lane'}, position ${drop.fromIndex + 1}.` : '';
      return `Moving ${drop?.title ?? titleOf(state, active.id)} was cancelled.${lane}`;
    },
  };
}

export const SCREEN_READER_INSTRUCTIONS = {
  draggable:
    'Press Enter to open this initiative. To move it, press Space to pick it up, use the up and down arrow keys to change its position and left and right to move it to the neighbouring lane, then press Space or Enter to drop it, or Escape to cancel.',
};
