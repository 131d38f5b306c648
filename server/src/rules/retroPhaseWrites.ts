import { CARD_WRITES_BY_PHASE, CloseCode, itemsMap, PHASE_LABELS, RETRO_PHASES, type RetroPhase } from '@lanewise/shared';
import type { BoardRule } from './BoardRule.ts';

/**
 * On a retro board, the phase says what anyone — the facilitator too — may do to the cards in
 * the shared document (CARD_WRITES_BY_PHASE): nothing in reflect (drafts are private and reach
 * the board only at the reveal, written by the server), vote, discuss and closed; edit existing
 * cards in group; add and remove cards in actions. The phase before the update counts, so a
 * phase change and a card write in one update cannot sneak the write in.
 */
export const retroPhaseWrites: BoardRule = {
  name: 'retro-phase-writes',
  check: ({ doc, changes }) => {
    if (changes.valueBefore('meta', 'kind') !== 'retro') return null;
    const touched = changes.touched.get('items');
    if (!touched || touched.size === 0) return null;
    // Vote counts are the server's to write, at the end of voting, from the votes it holds.
    const countsVotes = [...touched].some((itemId) => changes.changedFields('items', itemId).has('votes') || (!changes.existedBefore('items', itemId) && itemsMap(doc).get(itemId)?.has('votes') === true));
    if (countsVotes) return { code: CloseCode.Forbidden, reason: 'vote counts are written by the server when voting ends: your change was not saved' };
    const stored = changes.valueBefore('meta', 'retroPhase');
    const phase: RetroPhase = (RETRO_PHASES as readonly unknown[]).includes(stored) ? (stored as RetroPhase) : 'reflect';
    const allowed = CARD_WRITES_BY_PHASE[phase];
    if (allowed === 'all') return null;
    const addsOrRemoves = [...touched].some((itemId) => !changes.existedBefore('items', itemId) || !itemsMap(doc).has(itemId));
    if (allowed === 'edit' && !addsOrRemoves) return null;
    const what = phase === 'reflect' ? 'cards are written privately until the reveal' : allowed === 'edit' ? 'cards can be grouped and edited, not added or removed' : 'cards cannot be changed';
    return { code: CloseCode.Forbidden, reason: `the retro is in the ${PHASE_LABELS[phase]} phase: ${what}; your change was not saved` };
  },
};
