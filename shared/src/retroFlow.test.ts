import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemsMap } from './boardDoc.ts';
import { comparePerspectives, groupCards, isDay, retroTopics, setActionDetails, setGroupTitle, ungroupCard } from './retroFlow.ts';
import { addItem, createBoard } from './commands.ts';
import { readBoard } from './readBoard.ts';

function retroWithCards(titles: string[]): { doc: Y.Doc; ids: string[]; laneId: string } {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Retro', template: 'retro-went-well' });
  const laneId = readBoard(doc)?.lanes[1]?.id as string;
  const ids = titles.map((title) => addItem(doc, { title, laneId }));
  return { doc, ids, laneId };
}

const groupsOf = (doc: Y.Doc) => Object.fromEntries([...itemsMap(doc)].map(([id, map]) => [id, [map.get('group') ?? null, map.get('groupTitle') ?? null]]));

describe('grouping retro cards', () => {
  it('forms, merges, titles and dissolves groups on the cards themselves', () => {
    const { doc, ids } = retroWithCards(['A', 'B', 'C', 'D']);
    const [a, b, c, d] = ids as [string, string, string, string];
    groupCards(doc, a, b);
    setGroupTitle(doc, b, 'Delivery');
    expect(groupsOf(doc)).toEqual({ [a]: [b, null], [b]: [b, 'Delivery'], [c]: [null, null], [d]: [null, null] });
    groupCards(doc, d, c);
    groupCards(doc, c, b); // a group dragged by its first card comes along whole
    expect(groupsOf(doc)).toEqual({ [a]: [b, null], [b]: [b, 'Delivery'], [c]: [b, null], [d]: [b, null] });
    ungroupCard(doc, b); // the first card leaves: the next member takes the group and its title
    const next = [a, c, d].sort()[0] as string;
    expect(itemsMap(doc).get(next)?.get('groupTitle')).toBe('Delivery');
    expect([a, c, d].map((id) => itemsMap(doc).get(id)?.get('group'))).toEqual([next, next, next]);
    ungroupCard(doc, a);
    ungroupCard(doc, c);
    expect(groupsOf(doc)).toEqual({ [a]: [null, null], [b]: [null, null], [c]: [null, null], [d]: [null, null] });
    expect(() => groupCards(doc, a, a)).toThrow('Drop a card onto another card to group them.');
    expect(() => setGroupTitle(doc, a, 'x')).toThrow('Only a group has a title; group two cards first.');
  });

  it('lists topics by votes, groups adding up their cards, without the Actions column', () => {
    const cards = [
      { id: 'a', title: 'Slow CI', laneId: 'l1', votes: 2, group: 'b' },
      { id: 'b', title: 'Flaky deploys', laneId: 'l1', votes: 1, group: 'b', groupTitle: 'Delivery' },
      { id: 'c', title: 'Unclear goals', laneId: 'l1', votes: 4 },
      { id: 'd', title: 'Fix CI', laneId: 'actions', votes: 9 },
    ];
    expect(retroTopics(cards, new Set(['actions'])).map((topic) => [topic.title, topic.votes, topic.cards.map((card) => card.title)])).toEqual([
      ['Unclear goals', 4, ['Unclear goals']],
      ['Delivery', 3, ['Slow CI', 'Flaky deploys']],
    ]);
  });
});

describe('actions and the joint view', () => {
  it('checks due dates as real days', () => {
    const { doc, ids } = retroWithCards(['Fix CI']);
    setActionDetails(doc, ids[0] as string, { owner: ' Ana ', due: '2026-02-28' });
    expect(itemsMap(doc).get(ids[0] as string)?.toJSON()).toMatchObject({ owner: 'Ana', due: '2026-02-28' });
    expect(() => setActionDetails(doc, ids[0] as string, { due: '2026-02-30' })).toThrow('A due date is a day (YYYY-MM-DD).');
    expect([isDay('2024-02-29'), isDay('2026-13-01'), isDay('tomorrow')]).toEqual([true, false, false]);
  });

  it('compares each perspective\'s share of its votes per column, most divergent first', () => {
    const lanes = [{ id: 'well', name: 'Went well' }, { id: 'improve', name: 'To improve' }];
    const cards = [
      { laneId: 'well', perspective: 'product', votes: 6 },
      { laneId: 'improve', perspective: 'product', votes: 2 },
      { laneId: 'improve', perspective: 'engineering', votes: 8 },
      { laneId: 'well', perspective: 'both', votes: 2 },
    ] as const;
    expect(comparePerspectives(lanes, cards).map(({ name, divergence }) => [name, divergence])).toEqual([
      ['To improve', 0.6],
      ['Went well', 0.6],
    ]);
  });
});
