import { addItem, createBoard, moveItem, readBoard, updateItem, type BoardView } from '@lanewise/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorFor, boardAtStep, knownItems, replayAnchors, replaySteps } from './replayModel.ts';
import { entry, place } from './testEntries.ts';

const layout = (board: BoardView) => Object.fromEntries(board.lanes.map((lane) => [lane.name, lane.items.map((item) => item.title)]));

describe('replay decision by decision', () => {
  // The board at "Mid" (after decision 3): P1 Alpha, Bravo; P2 Charlie.
  const doc = new Y.Doc();
  const [p0, p1, p2, later] = createBoard(doc, { title: 'T', template: 'planning' }) as [string, string, string, string];
  const a = addItem(doc, { title: 'Alpha', laneId: p1, id: 'a' });
  const b = addItem(doc, { title: 'Bravo', laneId: p1, id: 'b' });
  const c = addItem(doc, { title: 'Charlie', laneId: p2, id: 'c', estimate: 3 });
  const mid = readBoard(doc) as BoardView;
  moveItem(doc, a, { laneId: p0, position: 'top' });
  moveItem(doc, c, { laneId: p1, before: b });
  updateItem(doc, c, { estimate: 5 });
  moveItem(doc, b, { laneId: later, position: 'top' });
  const now = readBoard(doc) as BoardView;
  const at = (laneId: string, laneName: string, position: number) => ({ ...place(laneName, position), laneId });
  const log = [
    entry(1, 'item.created', { item: { id: a, title: 'Alpha' }, to: at(p1, 'P1', 1) }),
    entry(2, 'item.created', { item: { id: b, title: 'Bravo' }, to: at(p1, 'P1', 2) }),
    entry(3, 'item.created', { item: { id: c, title: 'Charlie' }, to: at(p2, 'P2', 1) }),
    entry(4, 'snapshot.taken', { details: { snapshotId: 's1', name: 'Mid', kind: 'manual' } }),
    entry(5, 'item.moved', { item: { id: a, title: 'Alpha' }, from: at(p1, 'P1', 1), to: at(p0, 'P0', 1) }),
    entry(6, 'item.moved', { item: { id: c, title: 'Charlie' }, from: at(p2, 'P2', 1), to: at(p1, 'P1', 1) }),
    entry(7, 'item.estimated', { item: { id: c, title: 'Charlie' }, details: { before: 3, after: 5 } }),
    entry(8, 'item.moved', { item: { id: b, title: 'Bravo' }, from: at(p1, 'P1', 2), to: at(later, 'Later', 1) }),
  ];
  const anchors = replayAnchors([{ id: 's1', name: 'Mid', decisionSeq: 4 }], log, 8);
  const known = knownItems([mid, now]);
  const rebuild = (seq: number) => {
    const plan = anchorFor(anchors, seq);
    if (!plan) throw new Error('no anchor');
    return { plan, board: boardAtStep(plan.anchor.kind === 'now' ? now : mid, plan.anchor.seq, seq, log, known) };
  };

  it('has one step per decision that changed the board, and anchors at each snapshot and now', () => {
    expect(replaySteps(log).map((step) => step.seq)).toEqual([1, 2, 3, 5, 6, 7, 8]);
    expect(anchors.map((anchor) => [anchor.kind, anchor.seq])).toEqual([
      ['snapshot', 3],
      ['now', 8],
    ]);
  });

  it('rebuilds forward from the snapshot at or before a step, and backward when there is none', () => {
    expect(rebuild(1).plan.direction).toBe('backward');
    expect(layout(rebuild(1).board)).toEqual({ P0: [], P1: ['Alpha'], P2: [], Later: [] });
    expect(layout(rebuild(2).board)).toEqual({ P0: [], P1: ['Alpha', 'Bravo'], P2: [], Later: [] });
    expect(rebuild(3).plan).toMatchObject({ direction: 'forward', anchor: { label: 'Mid' } });
    expect(layout(rebuild(3).board)).toEqual({ P0: [], P1: ['Alpha', 'Bravo'], P2: ['Charlie'], Later: [] });
    expect(layout(rebuild(5).board)).toEqual({ P0: ['Alpha'], P1: ['Bravo'], P2: ['Charlie'], Later: [] });
    expect(layout(rebuild(6).board)).toEqual({ P0: ['Alpha'], P1: ['Charlie', 'Bravo'], P2: [], Later: [] });
    expect(layout(rebuild(8).board)).toEqual({ P0: ['Alpha'], P1: ['Charlie'], P2: [], Later: ['Bravo'] });
  });

  it('follows estimates in both directions', () => {
    const estimate = (seq: number) => rebuild(seq).board.lanes.flatMap((lane) => lane.items).find((item) => item.id === c)?.estimate;
    expect(estimate(6)).toBe(3);
    expect(estimate(7)).toBe(5);
    // Backward from a later anchor undoes the estimate.
    const backward = boardAtStep(now, 8, 6, log, known);
    expect(backward.lanes.flatMap((lane) => lane.items).find((item) => item.id === c)?.estimate).toBe(3);
  });
});
