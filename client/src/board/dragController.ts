import type { ItemTarget } from '@lanewise/shared';
import type { BoardState } from './boardState.ts';
import { displayedIds, resolveDrop, type DragPreview, type DropResult } from './dragModel.ts';
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

/** What a drag is over: a card, or a lane's empty area. */
export type DragOver = { readonly kind: 'item'; readonly itemId: string; readonly laneId: string; readonly below: boolean } | { readonly kind: 'lane'; readonly laneId: string };

/**
 * The drag-and-drop state machine, free of dnd-kit and React: start → over* → drop | cancel.
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
    this.record = { itemId, title: board.items[itemId]?.title ?? 'The card', fromLaneId: laneId, fromIndex: index, result: null };
    this.deps.setPreview(preview);
    return preview;
  }

  /** Moves the preview into another lane; within its current lane the sortable list shows the order. */
  over(target: DragOver | null): void {
    const preview = this.deps.getPreview();
    if (!preview || !target || target.laneId === preview.laneId) return;
    const baseIds = this.deps.getBoard().lanes[target.laneId]?.itemIds;
    if (!baseIds) return;
    const shown = displayedIds(target.laneId, baseIds, preview);
    let index = shown.length;
    if (target.kind === 'item') {
      const overIndex = shown.indexOf(target.itemId);
      if (overIndex !== -1) index = overIndex + (target.below ? 1 : 0);
    }
    this.deps.setPreview({ ...preview, laneId: target.laneId, index });
  }

  /** Ends the drag over `target`; a drop outside every lane is a cancel. Returns what was written. */
  drop(target: DragOver | null): DropResult | null {
    const preview = this.deps.getPreview();
    if (!preview) return null;
    if (!target) {
      this.cancel();
      return null;
    }
    // Entering a lane on the drop itself places the card by the over() rule (above/below the card
    // under it); inside the lane it already shows in, the card takes the slot of the card it is over.
    const entering = target.laneId !== preview.laneId;
    this.over(target);
    const current = this.deps.getPreview() ?? preview;
    const laneIds = this.deps.getBoard().lanes[current.laneId]?.itemIds ?? [];
    const overItemId = !entering && target.kind === 'item' ? target.itemId : null;
    const result = resolveDrop({ preview: current, laneIds, overItemId });
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
