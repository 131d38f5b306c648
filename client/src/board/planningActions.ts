import type * as Y from 'yjs';
import {
  acceptEstimate,
  addComment,
  addPerson,
  cancelEstimation,
  deleteComment,
  editComment,
  moveItem,
  publishVote,
  removePerson,
  revealEstimation,
  revoteEstimation,
  startEstimation,
  swapIntoLane,
  updateBoardMeta,
  updateLane,
  updatePerson,
  type BoardSettingsPatch,
  type ItemTarget,
  type LocalOrigin,
  type PokerScale,
} from '@lanewise/shared';
import { attemptCommand, READ_ONLY_MESSAGE, type ActionResult } from './actions.ts';

/**
 * Actions for trade-offs, people, conversations and live estimation: the same pattern as
 * BoardActions (shared command, this session's origin, a sentence on failure).
 */
export interface PlanningActions {
  /** One moveItem; the rationale (if any) lands in the decision log with the move. */
  moveItemWithReason(itemId: string, target: ItemTarget, rationale?: string): ActionResult;
  /** "To add a P0, demote one": both moves in one transaction (one undo step, two linked decisions). */
  swapIntoLane(input: { itemId: string; target: ItemTarget; demoteItemId: string; demoteTo: ItemTarget }, rationale?: string): ActionResult;
  /** Board settings and which lanes count for the planning period, in one transaction (one undo step). */
  updateBoardSettings(patch: BoardSettingsPatch, lanesInPeriod?: Readonly<Record<string, boolean>>): ActionResult;
  addPerson(name: string, capacity: number | null): ActionResult<string>;
  updatePerson(personId: string, patch: { name?: string; capacity?: number | null }): ActionResult;
  removePerson(personId: string): ActionResult;
  addComment(itemId: string, text: string, parentId?: string | null): ActionResult<string>;
  editComment(commentId: string, text: string): ActionResult;
  deleteComment(commentId: string): ActionResult;
  startEstimation(itemId: string, scale: PokerScale, cards?: readonly string[]): ActionResult<string>;
  revealEstimation(itemId: string, roundId: string): ActionResult;
  /** After a reveal (say, a wide spread and a discussion): a fresh round with the same deck. */
  revoteEstimation(itemId: string, roundId: string): ActionResult<string>;
  publishVote(itemId: string, roundId: string, voterKey: string, card: string): ActionResult;
  acceptEstimate(itemId: string, roundId: string, card: string): ActionResult;
  cancelEstimation(itemId: string): ActionResult;
}

export function createPlanningActions(doc: Y.Doc, origin: LocalOrigin, currentUserName: () => string, canWrite: () => boolean = () => true): PlanningActions {
  const attempt = <T,>(run: () => T): ActionResult<T> => (canWrite() ? attemptCommand(run) : { ok: false, message: READ_ONLY_MESSAGE });
  const reason = (rationale: string | undefined) => (rationale && rationale.trim() ? { rationale } : {});
  return {
    moveItemWithReason: (itemId, target, rationale) => attempt(() => void moveItem(doc, itemId, target, origin, reason(rationale))),
    swapIntoLane: (input, rationale) => attempt(() => void swapIntoLane(doc, input, origin, reason(rationale))),
    updateBoardSettings: (patch, lanesInPeriod = {}) =>
      attempt(() =>
        void doc.transact(() => {
          if (Object.keys(patch).length > 0) updateBoardMeta(doc, patch, origin);
          for (const [laneId, inPlanningPeriod] of Object.entries(lanesInPeriod)) updateLane(doc, laneId, { inPlanningPeriod }, origin);
        }, origin),
      ),
    addPerson: (name, capacity) => attempt(() => addPerson(doc, { name, capacity }, origin)),
    updatePerson: (personId, patch) => attempt(() => void updatePerson(doc, personId, patch, origin)),
    removePerson: (personId) => attempt(() => void removePerson(doc, personId, origin)),
    addComment: (itemId, text, parentId = null) => attempt(() => addComment(doc, { itemId, text, parentId, author: currentUserName() }, origin)),
    editComment: (commentId, text) => attempt(() => void editComment(doc, commentId, text, currentUserName(), origin)),
    deleteComment: (commentId) => attempt(() => void deleteComment(doc, commentId, currentUserName(), origin)),
    startEstimation: (itemId, scale, cards) => attempt(() => startEstimation(doc, { itemId, scale, ...(cards ? { cards } : {}), facilitator: currentUserName() }, origin)),
    revealEstimation: (itemId, roundId) => attempt(() => void revealEstimation(doc, itemId, roundId, origin)),
    revoteEstimation: (itemId, roundId) => attempt(() => revoteEstimation(doc, itemId, roundId, origin)),
    publishVote: (itemId, roundId, voterKey, card) => attempt(() => void publishVote(doc, itemId, roundId, voterKey, card, origin)),
    acceptEstimate: (itemId, roundId, card) => attempt(() => void acceptEstimate(doc, itemId, roundId, card, origin)),
    cancelEstimation: (itemId) => attempt(() => void cancelEstimation(doc, itemId, origin)),
  };
}
