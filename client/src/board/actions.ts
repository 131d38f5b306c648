import type * as Y from 'yjs';
import {
  addItem,
  addLane,
  BoardCommandError,
  deleteItem,
  moveItem,
  moveLane,
  removeLane,
  updateBoardMeta,
  updateItem,
  editItemTitle,
  updateLane,
  type AddItemInput,
  type ItemPatch,
  type ItemTarget,
  type LanePatch,
  type LocalOrigin,
} from '@lanewise/shared';

export type ActionResult<T = undefined> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** The only way components change a board: named actions over the shared commands, all with this session's origin. */
export interface BoardActions {
  /** `rationale`: why it enters its lane, e.g. past a hard limit (recorded in the decision log). */
  addItem(input: Omit<AddItemInput, 'createdBy' | 'createdAt' | 'id'>, rationale?: string): ActionResult<string>;
  updateItem(itemId: string, patch: ItemPatch): ActionResult;
  /** Live title editing: the smallest edit to the collaborative title, spaces kept as typed. */
  editTitle(itemId: string, title: string): ActionResult;
  deleteItem(itemId: string): ActionResult;
  moveItem(itemId: string, target: ItemTarget): ActionResult;
  addLane(name: string): ActionResult<string>;
  updateLane(laneId: string, patch: LanePatch): ActionResult;
  /** Moves a lane one step left (-1) or right (+1) among the given visible lane ids. */
  shiftLane(laneId: string, laneIds: readonly string[], direction: -1 | 1): ActionResult;
  removeLane(laneId: string): ActionResult;
  renameBoard(title: string): ActionResult;
}

export const READ_ONLY_MESSAGE = 'This is a view-only link: ask the board owner for an editor link to make changes.';

export function attemptCommand<T>(run: () => T): ActionResult<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (error instanceof BoardCommandError) return { ok: false, message: error.message };
    console.error('Board action failed', error);
    return { ok: false, message: 'Something went wrong; the change was not saved.' };
  }
}

export function createBoardActions(doc: Y.Doc, origin: LocalOrigin, currentUserName: () => string, canWrite: () => boolean = () => true): BoardActions {
  // Every action goes through here: a view-only session never writes, whatever the UI shows.
  const attempt = <T,>(run: () => T): ActionResult<T> => (canWrite() ? attemptCommand(run) : { ok: false, message: READ_ONLY_MESSAGE });
  return {
    addItem: (input, rationale) => attempt(() => addItem(doc, { ...input, createdBy: currentUserName() }, origin, rationale === undefined ? {} : { rationale })),
    updateItem: (itemId, patch) => attempt(() => void updateItem(doc, itemId, patch, origin)),
    editTitle: (itemId, title) => attempt(() => void editItemTitle(doc, itemId, title, origin)),
    deleteItem: (itemId) => attempt(() => void deleteItem(doc, itemId, origin)),
    moveItem: (itemId, target) => attempt(() => void moveItem(doc, itemId, target, origin)),
    addLane: (name) => attempt(() => addLane(doc, { name }, origin)),
    updateLane: (laneId, patch) => attempt(() => void updateLane(doc, laneId, patch, origin)),
    shiftLane: (laneId, laneIds, direction) =>
      attempt(() => {
        const others = laneIds.filter((id) => id !== laneId);
        const index = laneIds.indexOf(laneId) + direction;
        if (index < 0 || index > others.length) return undefined;
        const placement = index === 0 ? { position: 'top' as const } : { after: others[index - 1] as string };
        moveLane(doc, laneId, placement, origin);
        return undefined;
      }),
    removeLane: (laneId) => attempt(() => void removeLane(doc, laneId, {}, origin)),
    renameBoard: (title) => attempt(() => void updateBoardMeta(doc, { title }, origin)),
  };
}
