import type { ItemTarget } from '@lanewise/shared';

/**
 * Where the dragged card is shown while a drag is in progress. The board document is not touched
 * until the drop; lanes render their ids through `displayedIds`.
 */
export interface DragPreview {
  readonly itemId: string;
  readonly fromLaneId: string;
  readonly fromIndex: number;
  /** Lane the card is currently shown in and its index there (in the list that includes it). */
  readonly laneId: string;
  readonly index: number;
}

/** A lane's ids as shown during a drag: the dragged card removed from its lane and shown in the preview lane. */
export function displayedIds(laneId: string, baseIds: readonly string[], preview: DragPreview | null): readonly string[] {
  if (!preview) return baseIds;
  const involved = laneId === preview.laneId || baseIds.includes(preview.itemId);
  if (!involved) return baseIds;
  const without = baseIds.filter((id) => id !== preview.itemId);
  if (laneId !== preview.laneId) return without;
  const index = Math.max(0, Math.min(preview.index, without.length));
  return [...without.slice(0, index), preview.itemId, ...without.slice(index)];
}

/** The moveItem target that puts an item at `index` among `siblings` (the lane's ids without the item). */
export function targetForIndex(laneId: string, siblings: readonly string[], index: number): ItemTarget {
  const clamped = Math.max(0, Math.min(index, siblings.length));
  if (siblings.length === 0) return { laneId, position: 'top' };
  if (clamped === 0) return { laneId, before: siblings[0] as string };
  return { laneId, after: siblings[clamped - 1] as string };
}

export interface DropResult {
  readonly itemId: string;
  readonly target: ItemTarget;
  /** 1-based position in the target lane and the lane's size after the drop, for announcements. */
  readonly position: number;
  readonly size: number;
}

export interface DropInput {
  readonly preview: DragPreview;
  /** Current ids of the preview lane as stored (without the preview applied). */
  readonly laneIds: readonly string[];
  /** The card the pointer or keyboard is over when it lands in the preview lane, if any. */
  readonly overItemId: string | null;
}

/**
 * Where a drop lands. Within the preview lane the card takes the slot of the card it is over
 * (sortable semantics); over the lane itself it stays at the preview index. Returns null when the
 * card would land where it started: such a drop writes nothing.
 */
export function resolveDrop({ preview, laneIds, overItemId }: DropInput): DropResult | null {
  const shown = displayedIds(preview.laneId, laneIds, preview);
  const from = shown.indexOf(preview.itemId);
  let index = from;
  if (overItemId !== null && overItemId !== preview.itemId) {
    const overIndex = shown.indexOf(overItemId);
    if (overIndex !== -1) index = overIndex;
  }
  const siblings = shown.filter((id) => id !== preview.itemId);
  if (preview.laneId === preview.fromLaneId && index === preview.fromIndex) return null;
  return {
    itemId: preview.itemId,
    target: targetForIndex(preview.laneId, siblings, index),
    position: index + 1,
    size: siblings.length + 1,
  };
}
