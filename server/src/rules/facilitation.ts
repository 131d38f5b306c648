import { CloseCode, FACILITATION_SERVER_FIELDS, isFacilitator, type BoardMeta } from '@lanewise/shared';
import type { BoardChanges, BoardRule } from './BoardRule.ts';

const SERVER_FIELDS: ReadonlySet<string> = new Set(FACILITATION_SERVER_FIELDS);

/** The facilitator as the board stored it before the update (a handover in the update does not count). */
export const facilitatorBefore = (changes: BoardChanges) => ({ facilitator: changes.valueBefore('meta', 'facilitator') as BoardMeta['facilitator'] });

/**
 * The facilitator, the timer, the lock and a phase deadline change only through the server's
 * facilitation endpoints, which check who asks (facilitation.ts). Written into the document by
 * any client — an owner's too — they are refused: a client could otherwise make itself
 * facilitator, unlock the board or end someone's timer.
 */
export const facilitationServerOnly: BoardRule = {
  name: 'facilitation-server-only',
  check: ({ changes }) => {
    const field = [...(changes.touched.get('meta') ?? [])].find((name) => SERVER_FIELDS.has(name));
    if (!field) return null;
    return { code: CloseCode.Forbidden, reason: 'facilitation (facilitator, timer, lock, deadline) changes only through the facilitator\'s controls: your change was not saved' };
  },
};

/** While the board is locked (as stored before the update), only the facilitator's writes are stored. */
export const lockedBoard: BoardRule = {
  name: 'locked-board',
  check: ({ sender, changes }) => {
    if (changes.valueBefore('meta', 'locked') !== true) return null;
    if (isFacilitator(facilitatorBefore(changes), sender)) return null;
    return { code: CloseCode.Forbidden, reason: 'the facilitator has locked the board: your change was not saved' };
  },
};
