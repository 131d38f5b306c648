import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createBoard, moveItem, swapIntoLane } from './commands.ts';
import { readPeople } from './peopleCommands.ts';
import { readBoard, type BoardView } from './readBoard.ts';
import { buildSampleBoard } from './sampleBoard.ts';
import {
  checkLaneEntry,
  combinedScores,
  healthScore,
  laneLoad,
  laneMix,
  peopleLoad,
  suggestedOrder,
  topLaneClaim,
  valueScore,
} from './tradeoffs.ts';

const sample = () => {
  const doc = new Y.Doc();
  buildSampleBoard(doc, { limitMode: 'hard' });
  return { doc, board: readBoard(doc) as BoardView };
};

describe('scores', () => {
  it('computes RICE and health per unit of effort, and nothing while an input is missing', () => {
    expect(valueScore({ reach: 800, impact: 3, confidence: 0.8, estimate: 8 })).toBeCloseTo(240);
    expect(healthScore({ techHealth: 3, risk: 1, estimate: 5 })).toBeCloseTo(1.8);
    expect(valueScore({ reach: 800, impact: 3, confidence: null, estimate: 8 })).toBeNull();
    expect(healthScore({ techHealth: 3, risk: 1, estimate: 0 })).toBeNull();
  });

  it('suggests an order only where it differs, and keeps unscored items in place', () => {
    const doc = new Y.Doc();
    const [lane] = createBoard(doc, { title: 'T', template: 'planning' }) as [string];
    addItem(doc, { title: 'low', laneId: lane, id: 'low', reach: 10, impact: 1, confidence: 1, estimate: 10 });
    addItem(doc, { title: 'unscored', laneId: lane, id: 'unscored' });
    addItem(doc, { title: 'high', laneId: lane, id: 'high', reach: 1000, impact: 3, confidence: 1, estimate: 1 });
    const board = readBoard(doc) as BoardView;
    const suggestions = suggestedOrder(board.lanes[0] as BoardView['lanes'][number], combinedScores(board));
    expect(suggestions.map((s) => [s.item.id, s.currentPosition, s.suggestedPosition])).toEqual([
      ['high', 3, 1],
      ['low', 1, 3],
    ]);
  });
});

describe('lane budgets on the sample board', () => {
  it('shows P0 over its item limit and capacity, and how much of all capacity it claims', () => {
    const { board } = sample();
    const p0 = board.lanes[0] as BoardView['lanes'][number];
    const load = laneLoad(p0);
    expect(load).toMatchObject({ count: 4, itemLimit: 3, countStatus: 'over', capacity: 21, status: 'over' });
    expect(load.effort).toBeGreaterThan(21);
    const claim = topLaneClaim(board);
    expect(claim?.laneName).toBe('P0');
    expect(claim?.shareOfCapacity).toBeCloseTo((claim?.effort ?? 0) / 81);
  });

  it('flags a lane whose technical-health share is below the target', () => {
    const { board } = sample();
    const mixes = board.lanes.map((lane) => laneMix(lane, 0.2));
    for (const mix of mixes) {
      if (mix.techHealthShare !== null) expect(mix.belowTarget).toBe(mix.techHealthShare < 0.2);
    }
    expect(mixes.some((mix) => mix.techHealthEffort > 0)).toBe(true);
  });

  it('flags over-allocated people', () => {
    const { doc, board } = sample();
    const loads = peopleLoad(board, readPeople(doc));
    expect(loads.map((load) => load.name)).toEqual(expect.arrayContaining(['Priya', 'Marco', 'Ana', 'Jon', 'Dana', 'Lee']));
    for (const load of loads) expect(load.overAllocated).toBe(load.capacity !== null && load.effort > load.capacity);
  });
});

describe('hard limits', () => {
  function fullP0(mode: 'soft' | 'hard') {
    const doc = new Y.Doc();
    const [p0, p1] = createBoard(doc, { title: 'T', template: 'planning', limitMode: mode }) as [string, string];
    for (const id of ['a', 'b', 'c']) addItem(doc, { title: id, laneId: p0, id, estimate: 2 });
    addItem(doc, { title: 'd', laneId: p1, id: 'd', estimate: 3 });
    return { doc, p0, p1 };
  }

  it('refuses a fourth item into a full hard P0 and offers what could leave', () => {
    const { doc, p0 } = fullP0('hard');
    const check = checkLaneEntry(readBoard(doc) as BoardView, 'hard', 'd', p0);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.reasons).toEqual(['item-limit']);
      expect(check.candidates.map((item) => item.id).sort()).toEqual(['a', 'b', 'c']);
    }
    expect(checkLaneEntry(readBoard(doc) as BoardView, 'hard', 'a', p0)).toEqual({ ok: true, warning: null });
  });

  it('only warns under soft limits', () => {
    const { doc, p0 } = fullP0('soft');
    expect(checkLaneEntry(readBoard(doc) as BoardView, 'soft', 'd', p0)).toEqual({ ok: true, warning: 'item-limit' });
  });

  it('swaps in one transaction: the demoted item leaves, the new one enters', () => {
    const { doc, p0, p1 } = fullP0('hard');
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    swapIntoLane(doc, { itemId: 'd', target: { laneId: p0, position: 'top' }, demoteItemId: 'c', demoteTo: { laneId: p1, position: 'top' } }, undefined, { rationale: 'Outage risk' });
    expect(transactions).toBe(1);
    const board = readBoard(doc) as BoardView;
    expect(board.lanes[0]?.items.map((item) => item.id)).toEqual(['d', 'a', 'b']);
    expect(board.lanes[1]?.items.map((item) => item.id)).toEqual(['c']);
  });

  it('two people filling the last free slot at once: the lane ends over its limit, flagged, nothing lost', () => {
    const doc = new Y.Doc();
    const [p0, p1] = createBoard(doc, { title: 'T', template: 'planning', limitMode: 'hard' }) as [string, string];
    for (const id of ['a', 'b']) addItem(doc, { title: id, laneId: p0, id });
    for (const id of ['x', 'y']) addItem(doc, { title: id, laneId: p1, id });
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    // Each sees one free slot and takes it.
    expect(checkLaneEntry(readBoard(doc) as BoardView, 'hard', 'x', p0).ok).toBe(true);
    expect(checkLaneEntry(readBoard(other) as BoardView, 'hard', 'y', p0).ok).toBe(true);
    moveItem(doc, 'x', { laneId: p0, position: 'bottom' });
    moveItem(other, 'y', { laneId: p0, position: 'bottom' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    for (const peer of [doc, other]) {
      const board = readBoard(peer) as BoardView;
      expect(board.lanes[0]?.items.map((item) => item.id).sort()).toEqual(['a', 'b', 'x', 'y']);
      expect(laneLoad(board.lanes[0] as BoardView['lanes'][number]).countStatus).toBe('over');
    }
  });
});
