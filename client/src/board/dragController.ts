import type { ItemTarget } from '@lanewise/shared';
import type { BoardState } from './boardState.ts';
import { resolveDrop, type DragPreview, type DropResult } from './dragModel.ts';
import { laneOfItem } from './selectors.ts';

export interface DragControllerDeps {
  readonly getBoard: () => BoardState;
  readonly getPreview: () => DragPreview | null;
  readonly setPreview: (preview: DragPreview | null) => void;
  /**
   * Writes the move (the one document write a drag makes) or asks first; says which. A drop
   * that only opened a question has moved nothing yet.
   */
  readonly moveItem: (itemId: string, target: ItemTarget) => MoveOutcome;
}

/** What a drop led to: written, a question opened (nothing written yet), or refused. */
export type MoveOutcome = 'written' | 'asked' | 'refused';

/**
 * Where a drag is: a lane and the slot the card would take there (its index among the lane's
 * cards without the dragged one, 0 = top). Pointer drags compute it from the pointer and the
 * lane's cards on screen; keyboard moves from the board model.
 */
export interface DragTarget {
  readonly laneId: string;
  readonly index: number;
}

/**
 * The drag-and-drop state machine, free of dnd-kit, React and the DOM: start → over* → drop | cancel.
 * Only `drop` writes to the board, with exactly one moveItem.
 */
/** The last drag, as screen-reader announcements describe it after the fact. */
export interface DragRecord {
  readonly itemId: string;
  readonly title: string;
  readonly fromLaneId: string;
  readonly fromIndex: number;
  /** Where the drop asked to go; null while dragging, after a cancel or a drop in place. */
  readonly result: DropResult | null;
  /** What became of that drop (absent while dragging or when nothing was asked for). */
  readonly outcome?: MoveOutcome;
}

export class DragController {
  private readonly deps: DragControllerDeps;
  private record: DragRecord | null = null;
  private outside = false;

  get lastDrag(): DragRecord | null {
    return this.record;
  }

  constructor(deps: DragControllerDeps) {
    this.deps = deps;
  }

  start(itemId: string): DragPreview | null {
    const board = this.deps.getBoard();
    const laneId = laneOfItem(board, itemId);
    if (laneId === undefined) return null;
    const index = board.lanes[laneId]?.itemIds.indexOf(itemId) ?? -1;
    if (index === -1) return null;
    const preview: DragPreview = { itemId, fromLaneId: laneId, fromIndex: index, laneId, index };
    this.outside = false;
    this.record = { itemId, title: board.items[itemId]?.title ?? 'The card', fromLaneId: laneId, fromIndex: index, result: null };
    this.deps.setPreview(preview);
    return preview;
  }

  /**
   * Shows the card at `target` (any lane, any slot, the lane it started in included); null means
   * the drag is outside every lane: the preview stays where it was, and a drop there cancels.
   * Returns whether the preview changed.
   */
  over(target: DragTarget | null): boolean {
    const preview = this.deps.getPreview();
    if (!preview) return false;
    this.outside = target === null;
    if (!target) return false;
    const baseIds = this.deps.getBoard().lanes[target.laneId]?.itemIds;
    if (!baseIds) return false;
    const others = baseIds.filter((id) => id !== preview.itemId).length;
    const index = Math.max(0, Math.min(target.index, others));
    if (target.laneId === preview.laneId && index === preview.index) return false;
    this.deps.setPreview({ ...preview, laneId: target.laneId, index });
    return true;
  }

  /** Whether the last `over` was outside every lane. */
  get isOutside(): boolean {
    return this.outside;
  }

  /**
   * Ends the drag where the preview shows the card (after a last `over`, when given); a drop
   * outside every lane is a cancel. Returns what was asked for.
   */
  drop(target?: DragTarget | null): DropResult | null {
    if (target !== undefined) this.over(target);
    const preview = this.deps.getPreview();
    if (!preview) return null;
    if (this.outside) {
      this.cancel();
      return null;
    }
    const laneIds = this.deps.getBoard().lanes[preview.laneId]?.itemIds ?? [];
    const result = resolveDrop({ preview, laneIds, overItemId: null });
    this.deps.setPreview(null);
    if (this.record) this.record = { ...this.record, result };
    if (result) {
      const outcome = this.deps.moveItem(result.itemId, result.target);
      if (this.record) this.record = { ...this.record, outcome };
    }
    return result;
  }

  cancel(): void {
    this.deps.setPreview(null);
  }
}
