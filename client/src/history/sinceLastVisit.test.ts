import { describe, expect, it } from 'vitest';
import { isOwnEntry } from './ownEntries.ts';
import { itemLine, summarizeSince } from './sinceLastVisit.ts';
import { entry, place } from './testEntries.ts';

const sso = { id: 'sso', title: 'SSO' };
const audit = { id: 'audit', title: 'Audit log' };

describe('summarizeSince', () => {
  it('groups the changes after the last seen seq by item, in the order items first changed', () => {
    const log = [
      entry(1, 'item.created', { item: sso, to: place('P1', 1) }),
      entry(2, 'item.moved', { item: sso, from: place('P1', 2), to: place('P0', 1), rationale: 'Enterprise deal' }),
      entry(3, 'item.created', { item: audit, to: place('P2', 1), by: 'Lee' }),
      entry(4, 'item.reranked', { item: sso, from: place('P0', 1), to: place('P0', 2), by: 'Lee' }),
      entry(5, 'lane.renamed', { by: 'Lee', details: { before: 'P3', after: 'Later' } }),
      entry(6, 'snapshot.taken', { details: { name: 'Q3 plan', kind: 'manual' } }),
    ];
    const summary = summarizeSince(log, 1);
    expect(summary.count).toBe(5);
    expect(summary.fromSeq).toBe(1);
    expect(summary.toSeq).toBe(6);
    expect(summary.people).toEqual(['Dana', 'Lee']);
    expect(summary.items.map(itemLine)).toEqual(['SSO: moved P1 → P0 by Dana; re-ranked #1 → #2 in P0 by Lee', 'Audit log: added to P2 by Lee']);
    expect(summary.items[0]?.reasons).toEqual(['Enterprise deal']);
    expect(summary.board).toEqual(['Lee renamed lane P3 to Later', 'Dana took snapshot “Q3 plan”']);
  });

  it('folds successive moves by one person into where the item started and ended', () => {
    const log = [
      entry(10, 'item.moved', { item: sso, from: place('P2', 1), to: place('P1', 1) }),
      entry(11, 'item.moved', { item: sso, from: place('P1', 1), to: place('P0', 3) }),
      entry(12, 'item.reranked', { item: sso, from: place('P0', 3), to: place('P0', 1) }),
      entry(13, 'item.reranked', { item: sso, from: place('P0', 1), to: place('P0', 2) }),
      entry(14, 'item.moved', { item: audit, from: place('P1', 1), to: place('P0', 1) }),
      entry(15, 'item.moved', { item: audit, from: place('P0', 1), to: place('P1', 1) }),
    ];
    const summary = summarizeSince(log, 9);
    expect(summary.items.map(itemLine)).toEqual(['SSO: moved P2 → P0 by Dana; re-ranked 2× in P0 by Dana', 'Audit log: moved to P0 and back by Dana']);
  });

  it('keeps an item whose card was deleted, marked as such, under its last title', () => {
    const log = [entry(3, 'item.estimated', { item: sso, details: { before: 3, after: 5 } }), entry(4, 'item.deleted', { item: { id: 'sso', title: 'SSO (old)' }, from: place('P2', 4), by: 'Lee' })];
    const [group] = summarizeSince(log, 2).items;
    expect(group?.deleted).toBe(true);
    expect(group && itemLine(group)).toBe('SSO (old): estimated 5 (was 3) by Dana; deleted from P2 by Lee');
  });

  it('leaves out the snapshots the server keeps on its own and the one a restore saves first', () => {
    const log = [
      entry(2, 'snapshot.taken', { by: 'Lanewise', details: { name: 'Session ended', kind: 'session-end' } }),
      entry(3, 'snapshot.taken', { details: { name: 'Before restoring “Q3”', kind: 'before-restore' } }),
      entry(4, 'snapshot.restored', { details: { name: 'Q3' } }),
    ];
    const summary = summarizeSince(log, 1);
    expect(summary.board).toEqual(['Dana restored snapshot “Q3”']);
    expect(summary.people).toEqual(['Dana']);
    expect(summary.count).toBe(1);
    expect(summary.toSeq).toBe(4);
  });

  it('is empty when nothing happened since', () => {
    const summary = summarizeSince([entry(1, 'item.created', { item: sso, to: place('P1', 1) })], 1);
    expect(summary.count).toBe(0);
    expect(summary.items).toEqual([]);
  });

  it('leaves out the reader’s own changes: same declared name through the same kind of link, or their personal link', () => {
    const log = [
      entry(1, 'item.moved', { item: sso, from: place('P1', 1), to: place('P0', 1), actor: { name: 'Dana', verified: false, via: 'owner-link' } }),
      entry(2, 'item.moved', { item: audit, from: place('P2', 1), to: place('P1', 1), actor: { name: 'Lee', verified: false, via: 'editor-link' } }),
      entry(3, 'item.created', { item: { id: 'x', title: 'X' }, to: place('P2', 1), actor: { name: 'Dana', verified: false, via: 'editor-link' } }),
      entry(4, 'item.created', { item: { id: 'y', title: 'Y' }, to: place('P2', 2), actor: { name: 'Dana', verified: true, via: 'personal-link' } }),
    ];
    const shared = { person: null, via: 'owner-link', name: 'Dana' };
    const viaShared = summarizeSince(log, 0, (e) => isOwnEntry(e.actor, shared));
    expect(viaShared.items.map((item) => item.title)).toEqual(['Audit log', 'X', 'Y']);
    const personal = { person: 'Dana', via: 'personal-link', name: 'Dana' };
    expect(summarizeSince(log, 0, (e) => isOwnEntry(e.actor, personal)).items.map((item) => item.title)).toEqual(['SSO', 'Audit log', 'X']);
  });
});
