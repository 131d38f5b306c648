import { CloseCode, itemsMap, RETRO_PHASES, type RetroPhase } from '@lanewise/shared';
import type { BoardRule } from './BoardRule.ts';

/**
 * The retro fields of cards (issue 10): a promoted action's `link` (both ends) is written by the
 * server alone, on any board; grouping (`group`, `groupTitle`) happens on retro boards in the Group
 * phase only, and every `group` must name an existing card that heads that group; an action's
 * due date is set in the Actions phase. Anything else is refused and nothing is stored.
 */
export const retroItemFields: BoardRule = {
  name: 'retro-item-fields',
  check: ({ doc, changes }) => {
    const touched = changes.touched.get('items');
    if (!touched || touched.size === 0) return null;
    const items = itemsMap(doc);
    // One pass over the touched cards, nothing built per card (this rule runs on every update).
    let grouping: string[] | null = null;
    let dated = false;
    for (const itemId of touched) {
      // What the change wrote: the fields it set on a card that existed, or every field of a new one.
      const written = changes.existedBefore('items', itemId) ? changes.changedFields('items', itemId) : items.get(itemId);
      if (written === undefined) continue;
      if (written.has('link')) return { code: CloseCode.Forbidden, reason: 'links between a retro action and an initiative are made by promoting the action: your change was not saved' };
      if (written.has('group') || written.has('groupTitle')) (grouping ??= []).push(itemId);
      if (written.has('due')) dated = true;
    }
    if (grouping === null && !dated) return null;
    const isRetro = changes.valueBefore('meta', 'kind') === 'retro';
    if (!isRetro) return { code: CloseCode.Forbidden, reason: 'groups and due dates belong to retro cards: your change was not saved' };
    const stored = changes.valueBefore('meta', 'retroPhase');
    const phase: RetroPhase = (RETRO_PHASES as readonly unknown[]).includes(stored) ? (stored as RetroPhase) : 'reflect';
    if (grouping !== null && phase !== 'group') return { code: CloseCode.Forbidden, reason: 'cards are grouped in the Group phase: your change was not saved' };
    if (dated && phase !== 'actions') return { code: CloseCode.Forbidden, reason: 'due dates are set in the Actions phase: your change was not saved' };
    for (const itemId of grouping ?? []) {
      const card = items.get(itemId);
      if (!card) continue;
      const anchor = card.get('group');
      if (card.has('groupTitle') && anchor !== itemId) return { code: CloseCode.Forbidden, reason: 'only the first card of a group holds its title: your change was not saved' };
      if (anchor === undefined) continue;
      const head = typeof anchor === 'string' ? items.get(anchor) : undefined;
      if (!head || head.get('group') !== anchor) return { code: CloseCode.Forbidden, reason: 'a card can only join a group that exists: your change was not saved' };
    }
    return null;
  },
};
