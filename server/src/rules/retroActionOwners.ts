import { CloseCode, itemsMap, peopleMap } from '@lanewise/shared';
import * as Y from 'yjs';
import type { BoardChanges, BoardRule } from './BoardRule.ts';

/**
 * On a retro board, a card's owner (an action's owner, issue 10) must be a member of the board:
 * one of the board's people as they stood before the update, the facilitator the role was handed
 * to, or the sender themselves (anyone may take an action). Clearing an owner is always allowed,
 * and an unchanged owner is not checked again. So a raw client cannot make "Mallory" own an action
 * — not even by adding her to the people in the same update; adding a person is its own, visible
 * change (the client adds someone present but not yet listed before it names them, DECISIONS 101).
 */
export const retroActionOwners: BoardRule = {
  name: 'retro-action-owners',
  check: ({ sender, doc, changes }) => {
    const touched = changes.touched.get('items');
    if (!touched || touched.size === 0) return null;
    if (changes.valueBefore('meta', 'kind') !== 'retro') return null;
    const items = itemsMap(doc);
    let members: Set<string> | null = null;
    for (const itemId of touched) {
      const card = items.get(itemId);
      if (!(card instanceof Y.Map)) continue;
      const owner = card.get('owner');
      if (typeof owner !== 'string' || owner === '') continue;
      const before = changes.existedBefore('items', itemId) ? changes.fieldBefore('items', itemId, 'owner') : undefined;
      if (before === owner) continue;
      members ??= membersBefore(doc, changes, sender.name);
      if (!members.has(owner.trim().toLowerCase())) return { code: CloseCode.Forbidden, reason: `an action's owner must be on this board (its people, the facilitator or you): not saved` };
    }
    return null;
  },
};

/** Lower-cased names of the board's members before the update. */
function membersBefore(doc: Y.Doc, changes: BoardChanges, sender: string): Set<string> {
  const names = new Set<string>();
  const add = (name: unknown) => {
    if (typeof name === 'string' && name.trim() !== '') names.add(name.trim().toLowerCase());
  };
  add(sender);
  const facilitator = changes.valueBefore('meta', 'facilitator');
  if (typeof facilitator === 'object' && facilitator !== null) add((facilitator as { name?: unknown }).name);
  // People this update removed are still in the "before" view; people it added are not members yet.
  const people = new Set([...peopleMap(doc).keys(), ...(changes.touched.get('people') ?? [])]);
  for (const personId of people) if (changes.existedBefore('people', personId)) add(changes.fieldBefore('people', personId, 'name'));
  return names;
}
