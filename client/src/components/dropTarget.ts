import type { DragTarget } from '../board/dragController.ts';
import type { DragPreview } from '../board/dragModel.ts';

/**
 * Where a pointer drag is, read from the lanes on screen (issue 13, DECISIONS 110): the lane
 * under the pointer, and the slot whose card centre is the first below the pointer. Only the
 * lanes' own rectangles and the cards mounted in the one lane under the pointer are read, at the
 * pointer's current position — no droppable per card, nothing measured at pick-up, and nothing
 * cached across a scroll (so an auto-scroll cannot leave stale rectangles behind).
 *
 * The cards are read as they would lie without the dragged card's placeholder: cards shown
 * below the placeholder are shifted back up by its height, so the answer does not depend on
 * where the preview shows the card now (no flicker between two slots).
 */
export function dropTargetAt(root: ParentNode, x: number, y: number, preview: DragPreview): DragTarget | null {
  let lane: HTMLElement | null = null;
  for (const element of root.querySelectorAll<HTMLElement>('[data-testid="lane"]')) {
    const rect = element.getBoundingClientRect();
    if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) {
      lane = element;
      break;
    }
  }
  const laneId = lane?.dataset.laneId;
  if (!lane || laneId === undefined) return null;

  const slots = lane.querySelectorAll<HTMLElement>('li[data-flip-id]');
  let placeholderIndex = -1;
  let placeholderSpan = 0;
  if (preview.laneId === laneId) {
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as HTMLElement;
      if (slot.dataset.flipId !== preview.itemId) continue;
      placeholderIndex = Number(slot.dataset.index ?? i);
      const rect = slot.getBoundingClientRect();
      const next = slots[i + 1];
      // Its height and the gap below it: what every card after it is pushed down by.
      placeholderSpan = next ? next.getBoundingClientRect().top - rect.top : rect.height;
      break;
    }
  }
  let lastOther = -1;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as HTMLElement;
    if (slot.dataset.flipId === preview.itemId) continue;
    const shown = Number(slot.dataset.index ?? i);
    const after = placeholderIndex !== -1 && shown > placeholderIndex;
    const other = after ? shown - 1 : shown;
    const rect = slot.getBoundingClientRect();
    const centre = rect.top + rect.height / 2 - (after ? placeholderSpan : 0);
    if (centre > y) return { laneId, index: other };
    lastOther = other;
  }
  return { laneId, index: lastOther + 1 };
}
