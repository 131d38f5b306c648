import { addItem, createBoard, deleteItem, itemsMap, moveItem, rationalesMap, readItem, swapIntoLane, updateItem, updateLane } from '@lanewise/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DecisionDraft } from './DecisionEntry.ts';
import { DecisionTracker, TEXT_EDIT_BURST_MS } from './DecisionTracker.ts';

const actor = { name: 'Dana', verified: false };

function setup() {
  const doc = new Y.Doc();
  const [p0, p1] = createBoard(doc, { title: 'Q3', template: 'planning' }) as [string, string];
  for (const title of ['A', 'B', 'C', 'D']) addItem(doc, { title, laneId: p1, id: title.toLowerCase() });
  const tracker = new DecisionTracker(doc);
  const drafts: DecisionDraft[] = [];
  doc.on('afterTransaction', (tr: Y.Transaction) => drafts.push(...tracker.observe(tr, actor)));
  return { doc, p0, p1, drafts };
}

const summary = (drafts: DecisionDraft[]) => drafts.map((d) => [d.action, d.item?.title ?? '', d.from ? `${d.from.laneName}#${d.from.position}` : '', d.to ? `${d.to.laneName}#${d.to.position}` : '', d.rationale ?? '']);

describe('DecisionTracker', () => {
  it('records text edits once per person per item and field per editing burst', () => {
    const doc = new Y.Doc();
    const [p0] = createBoard(doc, { title: 'Q3', template: 'planning' }) as [string];
    addItem(doc, { title: 'SSO', laneId: p0, id: 'sso', description: 'Why' });
    let now = 1_000_000;
    const tracker = new DecisionTracker(doc, () => now);
    const drafts: DecisionDraft[] = [];
    let who = actor;
    doc.on('afterTransaction', (tr: Y.Transaction) => drafts.push(...tracker.observe(tr, who)));
    const paragraphText = () => ((itemsMap(doc).get('sso')?.get('description') as Y.XmlFragment).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    // Dana types a sentence, one keystroke per transaction, a second apart: one entry.
    for (const [index, char] of [...' it matters'].entries()) {
      now += 1000;
      doc.transact(() => paragraphText().insert(3 + index, char));
    }
    // Lee joins in: his own entry. Dana again after a long pause: a new burst.
    who = { name: 'Lee', verified: false };
    now += 1000;
    doc.transact(() => paragraphText().insert(0, '!'));
    who = actor;
    now += TEXT_EDIT_BURST_MS + 1;
    doc.transact(() => paragraphText().insert(0, '?'));
    // A title edit is its own field.
    now += 10;
    updateItem(doc, 'sso', { title: 'SSO (SAML)' });
    expect(drafts.map((d) => [d.action, d.actor.name, d.item?.title, (d.details as { field?: string }).field])).toEqual([
      ['item.text-edited', 'Dana', 'SSO', 'description'],
      ['item.text-edited', 'Lee', 'SSO', 'description'],
      ['item.text-edited', 'Dana', 'SSO', 'description'],
      ['item.text-edited', 'Dana', 'SSO (SAML)', 'title'],
    ]);
    expect(readItem(doc, 'sso')?.description).toBe('?!Why it matters');
  });

  it('records a move across lanes with where from, where to and the reason', () => {
    const { doc, p0, drafts } = setup();
    moveItem(doc, 'c', { laneId: p0, position: 'top' }, undefined, { rationale: 'Enterprise deal depends on it' });
    expect(summary(drafts)).toEqual([['item.moved', 'C', 'P1#3', 'P0#1', 'Enterprise deal depends on it']]);
    expect(drafts[0]?.actor).toEqual(actor);
  });

  it('records one re-rank for one drag within a lane, not one per shifted card', () => {
    const { doc, p1, drafts } = setup();
    moveItem(doc, 'd', { laneId: p1, position: 'top' });
    expect(summary(drafts)).toEqual([['item.reranked', 'D', 'P1#4', 'P1#1', '']]);
  });

  it('names the dragged card when the first of two is dropped below the second', () => {
    const { doc, p0, drafts } = setup();
    addItem(doc, { title: 'E', laneId: p0, id: 'e' });
    addItem(doc, { title: 'F', laneId: p0, id: 'f' });
    drafts.length = 0;
    moveItem(doc, 'e', { laneId: p0, position: 'bottom' });
    expect(summary(drafts)).toEqual([['item.reranked', 'E', 'P0#1', 'P0#2', '']]);
  });

  it('records one entry when a drop between tied ranks re-spreads its neighbours', () => {
    const { doc, p1, drafts } = setup();
    // Give b, c and d the same rank, as concurrent inserts would.
    const items = doc.getMap('items') as Y.Map<Y.Map<unknown>>;
    const tied = items.get('b')?.get('rank');
    items.get('c')?.set('rank', tied);
    items.get('d')?.set('rank', tied);
    drafts.length = 0;
    moveItem(doc, 'a', { laneId: p1, after: 'c' });
    expect(summary(drafts)).toEqual([['item.reranked', 'A', 'P1#1', 'P1#3', '']]);
  });

  it('records creation, a title edit, deletion, estimates and lane settings', () => {
    const { doc, p0, p1, drafts } = setup();
    addItem(doc, { title: 'E', laneId: p0, id: 'e' });
    updateItem(doc, 'e', { title: 'E2' });
    updateItem(doc, 'e', { estimate: 8 });
    deleteItem(doc, 'a');
    updateLane(doc, p1, { itemLimit: 10, capacity: 20 });
    expect(drafts.map((d) => d.action)).toEqual(['item.created', 'item.text-edited', 'item.estimated', 'item.deleted', 'lane.limit-changed', 'lane.capacity-changed']);
    expect(drafts[1]).toMatchObject({ item: { id: 'e', title: 'E2' }, details: { field: 'title', before: 'E' } });
    expect(drafts[3]).toMatchObject({ item: { id: 'a', title: 'A' }, from: { laneName: 'P1', position: 1 } });
    expect(drafts[2]?.details).toEqual({ before: null, after: 8 });
  });

  it('keeps the server time as the entry time and shows the client-reported time of a move made offline beside it', () => {
    const { doc, p0, drafts } = setup();
    const madeOffline = Date.now() - 6_000;
    doc.transact(() => {
      moveItem(doc, 'c', { laneId: p0, position: 'top' });
      rationalesMap(doc).set('c', { text: 'Decided on the train', at: madeOffline });
    });
    moveItem(doc, 'd', { laneId: p0, position: 'top' }, undefined, { rationale: 'Online, just now' });
    expect(drafts.map((d) => [d.item?.title, d.rationale, d.details?.clientAt])).toEqual([
      ['C', 'Decided on the train', madeOffline],
      ['D', 'Online, just now', undefined],
    ]);
    expect(drafts[0]?.at).toBeGreaterThanOrEqual(madeOffline + 6_000);
  });

  it('shows the device time of a move made offline without a reason, and none for a move that arrives at once', () => {
    const { doc, p0, p1, drafts } = setup();
    const madeOffline = Date.now() - 6_000;
    // What an offline client's move looks like when it reaches the server: the item carries the
    // time the move was made on the device (moveItem writes it), 6 s before the server sees it.
    doc.transact(() => {
      moveItem(doc, 'c', { laneId: p0, position: 'top' });
      itemsMap(doc).get('c')?.set('movedAt', madeOffline);
    });
    moveItem(doc, 'd', { laneId: p0, position: 'top' });
    // An edit that is not a move leaves the earlier device time alone.
    updateItem(doc, 'c', { estimate: 3 });
    moveItem(doc, 'c', { laneId: p1, position: 'top' });
    expect(drafts.map((d) => [d.action, d.item?.title, d.details?.clientAt])).toEqual([
      ['item.moved', 'C', madeOffline],
      ['item.moved', 'D', undefined],
      ['item.estimated', 'C', undefined],
      ['item.moved', 'C', undefined],
    ]);
    expect(drafts[0]?.at).toBeGreaterThanOrEqual(madeOffline + 6_000);
    expect(drafts[0]?.rationale).toBeUndefined();
  });

  it('records an override when an item enters a lane past its limit', () => {
    const { doc, p0, drafts } = setup();
    for (const id of ['a', 'b', 'c']) moveItem(doc, id, { laneId: p0, position: 'bottom' });
    drafts.length = 0;
    moveItem(doc, 'd', { laneId: p0, position: 'top' }, undefined, { rationale: 'Outage risk' });
    expect(summary(drafts)).toEqual([
      ['item.moved', 'D', 'P1#1', 'P0#1', 'Outage risk'],
      ['lane.limit-overridden', 'D', '', 'P0#1', 'Outage risk'],
    ]);
    expect(drafts[1]?.details).toMatchObject({ itemLimit: 3, count: 4 });
  });

  it('records a swap as two linked moves with the reason', () => {
    const { doc, p0, p1, drafts } = setup();
    for (const id of ['a', 'b', 'c']) moveItem(doc, id, { laneId: p0, position: 'bottom' });
    drafts.length = 0;
    swapIntoLane(doc, { itemId: 'd', target: { laneId: p0, position: 'top' }, demoteItemId: 'c', demoteTo: { laneId: p1, position: 'top' } }, undefined, { rationale: 'Outage risk beats polish' });
    expect(summary(drafts)).toEqual([
      ['item.moved', 'C', 'P0#3', 'P1#1', 'Outage risk beats polish'],
      ['item.moved', 'D', 'P1#1', 'P0#1', 'Outage risk beats polish'],
    ]);
    expect(drafts[0]?.details).toEqual({ swapWith: { id: 'd', title: 'D' } });
    expect(drafts[1]?.details).toEqual({ swapWith: { id: 'c', title: 'C' } });
  });
});
