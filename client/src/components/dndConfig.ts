import {
  closestCenter,
  closestCorners,
  KeyboardCode,
  pointerWithin,
  type Active,
  type Announcements,
  type CollisionDetection,
  type DroppableContainer,
  type KeyboardCoordinateGetter,
  type Over,
} from '@dnd-kit/core';
import type { BoardState } from '../board/boardState.ts';
import type { BoardStore } from '../board/boardStore.ts';
import type { DragOver, DragRecord } from '../board/dragController.ts';
import { displayedIds, type DragPreview } from '../board/dragModel.ts';

/** Data attached to dnd-kit draggables/droppables. */
export type DndData = { readonly kind: 'item'; readonly laneId: string } | { readonly kind: 'lane'; readonly laneId: string };

export const laneDroppableId = (laneId: string) => `lane:${laneId}`;

function dataOf(entry: { data: { current?: unknown } } | null | undefined): DndData | undefined {
  const data = entry?.data.current as Partial<DndData> | undefined;
  return data && (data.kind === 'item' || data.kind === 'lane') && typeof data.laneId === 'string' ? (data as DndData) : undefined;
}

/** Translates dnd-kit's `over` into the drag controller's terms. */
export function toDragOver(over: Over | null, active: Active): DragOver | null {
  const data = dataOf(over);
  if (!over || !data) return null;
  if (data.kind === 'lane') return { kind: 'lane', laneId: data.laneId };
  const dragged = active.rect.current.translated;
  const below = dragged ? dragged.top + dragged.height / 2 > over.rect.top + over.rect.height / 2 : false;
  return { kind: 'item', itemId: String(over.id), laneId: data.laneId, below };
}

function shownIds(state: BoardState, laneId: string, preview: DragPreview | null): readonly string[] {
  return displayedIds(laneId, state.lanes[laneId]?.itemIds ?? [], preview);
}

/**
 * Cards win over lanes; a lane counts as a target only while it shows no other card (then the
 * drop goes to its end). With a pointer in a lane's gap, the nearest card of that lane is used.
 * Keyboard moves (no pointer) use the closest corners among the same candidates.
 */
export function createCollisionDetection(board: BoardStore, getPreview: () => DragPreview | null): CollisionDetection {
  return (args) => {
    const state = board.getState();
    const preview = getPreview();
    const activeId = String(args.active.id);
    const laneHasOtherCards = (laneId: string) => shownIds(state, laneId, preview).some((id) => id !== activeId);
    const candidates = args.droppableContainers.filter((entry) => {
      const data = dataOf(entry);
      return data !== undefined && (data.kind === 'item' || !laneHasOtherCards(data.laneId));
    });
    if (!args.pointerCoordinates) return closestCorners({ ...args, droppableContainers: candidates });

    const direct = pointerWithin({ ...args, droppableContainers: candidates });
    if (direct.length > 0) return direct;
    const lanes = args.droppableContainers.filter((entry) => dataOf(entry)?.kind === 'lane');
    const laneHit = pointerWithin({ ...args, droppableContainers: lanes })[0];
    if (!laneHit) return [];
    const laneId = dataOf(args.droppableContainers.find((entry) => entry.id === laneHit.id))?.laneId;
    const inLane = candidates.filter((entry: DroppableContainer) => {
      const data = dataOf(entry);
      return data?.kind === 'item' && data.laneId === laneId;
    });
    return closestCenter({ ...args, droppableContainers: inLane });
  };
}

const ARROWS: readonly string[] = [KeyboardCode.Up, KeyboardCode.Down, KeyboardCode.Left, KeyboardCode.Right];

/**
 * Keyboard moves driven by the board model rather than geometry: Up/Down step through the lane's
 * cards, Left/Right go to the same position in the neighbouring lane (its end if shorter, the
 * lane itself if empty). Returns the target's coordinates; collision detection then reports it.
 */
export function createKeyboardCoordinates(board: BoardStore, getPreview: () => DragPreview | null): KeyboardCoordinateGetter {
  return (event, { context }) => {
    if (!ARROWS.includes(event.code)) return undefined;
    event.preventDefault();
    const { active, collisionRect, droppableRects, droppableContainers, over } = context;
    const preview = getPreview();
    if (!active || !collisionRect || !preview) return undefined;
    const state = board.getState();
    const current = shownIds(state, preview.laneId, preview);
    let slot = preview.index;
    const overData = dataOf(over);
    if (over && overData?.kind === 'item' && overData.laneId === preview.laneId) {
      const index = current.indexOf(String(over.id));
      if (index !== -1) slot = index;
    }

    let targetId: string | undefined;
    let sameLane = true;
    if (event.code === KeyboardCode.Down) targetId = current[slot + 1];
    else if (event.code === KeyboardCode.Up) targetId = slot > 0 ? current[slot - 1] : undefined;
    else {
      const laneIndex = state.laneIds.indexOf(preview.laneId) + (event.code === KeyboardCode.Right ? 1 : -1);
      const laneId = state.laneIds[laneIndex];
      if (laneId === undefined) return undefined;
      sameLane = false;
      const others = shownIds(state, laneId, preview).filter((id) => id !== preview.itemId);
      targetId = others.length === 0 ? laneDroppableId(laneId) : others[Math.min(slot, others.length - 1)];
    }
    if (targetId === undefined) return undefined;
    const rect = droppableRects.get(targetId) ?? droppableContainers.get(targetId)?.rect.current;
    if (!rect) return undefined;
    // Line the dragged card's far edge up with the target's when moving down in the same lane,
    // as dnd-kit's sortable coordinates do, so the sortable strategy shifts the right neighbours.
    const after = sameLane && current.indexOf(targetId) > current.indexOf(preview.itemId);
    return {
      x: rect.left,
      y: rect.top + (after ? rect.height - collisionRect.height : 0),
    };
  };
}

export interface AnnouncementContext {
  readonly board: BoardStore;
  readonly getPreview: () => DragPreview | null;
  /** What the last drop wrote (set by the drop handler before dnd-kit announces it). */
  readonly lastDrop: () => DragRecord | null;
}

function titleOf(state: BoardState, id: string | number): string {
  return state.items[String(id)]?.title ?? 'The card';
}

/** Screen-reader announcements naming the card, the lane and the position. */
export function createAnnouncements({ board, getPreview, lastDrop }: AnnouncementContext): Announcements {
  const where = (state: BoardState, preview: DragPreview, over: Over | null) => {
    const shown = shownIds(state, preview.laneId, preview);
    let index = shown.indexOf(preview.itemId);
    const data = dataOf(over);
    if (over && data?.kind === 'item' && data.laneId === preview.laneId) {
      const overIndex = shown.indexOf(String(over.id));
      if (overIndex !== -1) index = overIndex;
    }
    return `${state.lanes[preview.laneId]?.name ?? 'a lane'}, position ${index + 1} of ${shown.length}`;
  };
  // dnd-kit reports "over itself" right after pick-up; announcing it would talk over "Picked up".
  let justPickedUp = false;
  return {
    onDragStart({ active }) {
      justPickedUp = true;
      const state = board.getState();
      const preview = getPreview();
      const title = titleOf(state, active.id);
      if (!preview) return `Picked up ${title}.`;
      return `Picked up ${title}. It is in ${where(state, preview, null)}. Use the arrow keys to move it, Space or Enter to drop, Escape to cancel.`;
    },
    onDragOver({ active, over }) {
      const state = board.getState();
      const preview = getPreview();
      const title = titleOf(state, active.id);
      const first = justPickedUp;
      justPickedUp = false;
      if (first && over?.id === active.id) return undefined;
      if (!over || !preview) return `${title} is not over a lane.`;
      return `${title} is over ${where(state, preview, over)}.`;
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
