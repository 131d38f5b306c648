import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createBoard, localOrigin, readBoard, rationalesMap } from '@lanewise/shared';
import { connectBoardAdapter } from '../board/boardAdapter.ts';
import { createBoardStore } from '../board/boardStore.ts';
import { createPlanningActions } from '../board/planningActions.ts';
import { commandForDecision, defaultDemoteLane, demoteOptions, placementWithout, planMove, type MoveCommand } from './moveDecision.ts';

const origin = localOrigin('test');

function setup(limitMode: 'soft' | 'hard') {
  const doc = new Y.Doc();
  const [p0, p1, p2] = createBoard(doc, { title: 'Q3', template: 'planning', limitMode }, origin) as [string, string, string, string];
  // P0 holds three (its limit); the weakest by score is "Weak".
  const strong = addItem(doc, { title: 'Strong', laneId: p0, estimate: 1, reach: 1000, impact: 3, confidence: 1 }, origin);
  const weak = addItem(doc, { title: 'Weak', laneId: p0, estimate: 8, reach: 10, impact: 0.5, confidence: 0.5 }, origin);
  const mid = addItem(doc, { title: 'Mid', laneId: p0, estimate: 3, reach: 300, impact: 1, confidence: 0.8 }, origin);
  const fourth = addItem(doc, { title: 'Fourth', laneId: p1, estimate: 2, reach: 500, impact: 2, confidence: 0.9 }, origin);
  const other = addItem(doc, { title: 'Other', laneId: p2, estimate: 2 }, origin);
  const store = createBoardStore();
  connectBoardAdapter(doc, store, { isLocalOrigin: (o) => o === origin });
  const undo = new Y.UndoManager([doc.getMap('items')], { trackedOrigins: new Set([origin]), captureTimeout: 0 });
  const actions = createPlanningActions(doc, origin, () => 'Dana');
  const run = (command: MoveCommand) => {
    if (command.kind === 'move') return actions.moveItemWithReason(command.itemId, command.target, command.rationale);
    if (command.kind === 'swap') return actions.swapIntoLane(command.input, command.rationale);
    return { ok: false as const, message: command.kind };
  };
  const titles = (laneIndex: number) => readBoard(doc)?.lanes[laneIndex]?.items.map((item) => item.title);
  return { doc, store, undo, run, titles, lanes: { p0, p1, p2 }, ids: { strong, weak, mid, fourth, other } };
}

describe('move decisions under hard limits', () => {
  it('asks to demote or override when a full hard lane is entered, weakest first, and writes nothing yet', () => {
    const { store, lanes, ids, titles } = setup('hard');
    const plan = planMove(store.getState(), ids.fourth, { laneId: lanes.p0, position: 'top' });
    expect(plan.kind).toBe('ask');
    if (plan.kind !== 'ask') return;
    expect(plan.pending.ask).toBe('limit');
    expect(plan.pending.reasons).toEqual(['item-limit']);
    expect(plan.pending.candidates.map((item) => item.title)).toEqual(['Weak', 'Mid', 'Strong']);
    expect(plan.pending.fromLaneId).toBe(lanes.p1);
    expect(titles(0)).toEqual(['Strong', 'Weak', 'Mid']);
  });

  it('demote → one swap: P0 keeps three, the demoted item goes to the top of the chosen lane, one undo step', () => {
    const { store, lanes, ids, titles, run, undo, doc } = setup('hard');
    const plan = planMove(store.getState(), ids.fourth, { laneId: lanes.p0, after: ids.weak });
    if (plan.kind !== 'ask') throw new Error('expected a question');
    // The drop was "after Weak", and Weak is the one leaving: the placement is re-anchored.
    const command = commandForDecision(store.getState(), plan.pending, { kind: 'demote', demoteItemId: ids.weak, demoteToLaneId: lanes.p1, rationale: 'Fourth unblocks sales' });
    expect(command).toEqual({
      kind: 'swap',
      input: { itemId: ids.fourth, target: { laneId: lanes.p0, after: ids.strong }, demoteItemId: ids.weak, demoteTo: { laneId: lanes.p1, position: 'top' } },
      rationale: 'Fourth unblocks sales',
    });
    expect(run(command).ok).toBe(true);
    expect(titles(0)).toEqual(['Strong', 'Fourth', 'Mid']);
    expect(titles(1)).toEqual(['Weak']);
    expect(rationalesMap(doc).get(ids.fourth)).toMatchObject({ text: 'Fourth unblocks sales' });
    undo.undo();
    expect(titles(0)).toEqual(['Strong', 'Weak', 'Mid']);
    expect(titles(1)).toEqual(['Fourth']);
  });

  it('override needs a reason, then writes one move with it', () => {
    const { store, lanes, ids, titles, run, doc } = setup('hard');
    const plan = planMove(store.getState(), ids.fourth, { laneId: lanes.p0, position: 'top' });
    if (plan.kind !== 'ask') throw new Error('expected a question');
    expect(commandForDecision(store.getState(), plan.pending, { kind: 'override', rationale: '   ' }).kind).toBe('invalid');
    const command = commandForDecision(store.getState(), plan.pending, { kind: 'override', rationale: 'Contract deadline' });
    expect(command).toMatchObject({ kind: 'move', itemId: ids.fourth, rationale: 'Contract deadline' });
    expect(run(command).ok).toBe(true);
    expect(titles(0)).toEqual(['Fourth', 'Strong', 'Weak', 'Mid']);
    expect(rationalesMap(doc).get(ids.fourth)).toMatchObject({ text: 'Contract deadline' });
  });

  it('cancel writes nothing; a demotion into the same lane or of an item that left is refused', () => {
    const { store, lanes, ids } = setup('hard');
    const plan = planMove(store.getState(), ids.fourth, { laneId: lanes.p0, position: 'top' });
    if (plan.kind !== 'ask') throw new Error('expected a question');
    expect(commandForDecision(store.getState(), plan.pending, { kind: 'cancel' })).toEqual({ kind: 'none' });
    expect(commandForDecision(store.getState(), plan.pending, { kind: 'demote', demoteItemId: ids.weak, demoteToLaneId: lanes.p0 }).kind).toBe('invalid');
    expect(commandForDecision(store.getState(), plan.pending, { kind: 'demote', demoteItemId: ids.other, demoteToLaneId: lanes.p1 }).kind).toBe('invalid');
  });

  it('never demotes into a lane the hard limit refuses — the same rule applies again at confirm time', () => {
    const { doc, store, lanes, ids } = setup('hard');
    // P1 (limit 6) fills up; Other comes from P2 into the full P0 and Weak must go somewhere.
    for (const n of [1, 2, 3, 4, 5]) addItem(doc, { title: `Filler ${n}`, laneId: lanes.p1 }, origin);
    const plan = planMove(store.getState(), ids.other, { laneId: lanes.p0, position: 'top' });
    if (plan.kind !== 'ask') throw new Error('expected a question');
    const options = demoteOptions(store.getState(), plan.pending, ids.weak);
    expect(options.find((option) => option.laneId === lanes.p1)).toMatchObject({ allowed: false, reasons: ['item-limit'] });
    expect(options.find((option) => option.laneId === lanes.p2)?.allowed).toBe(true);
    expect(defaultDemoteLane(store.getState(), plan.pending, options)).toBe(lanes.p2);
    const refused = commandForDecision(store.getState(), plan.pending, { kind: 'demote', demoteItemId: ids.weak, demoteToLaneId: lanes.p1 });
    expect(refused).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/P1 is full too/) });
    expect(commandForDecision(store.getState(), plan.pending, { kind: 'demote', demoteItemId: ids.weak, demoteToLaneId: lanes.p2 }).kind).toBe('swap');
  });
});

describe('move decisions under soft limits and for the top lane', () => {
  it('soft: entering a full top lane asks why (skippable) and warns, without blocking', () => {
    const { store, lanes, ids } = setup('soft');
    const plan = planMove(store.getState(), ids.fourth, { laneId: lanes.p0, position: 'top' });
    expect(plan.kind).toBe('ask');
    if (plan.kind !== 'ask') return;
    expect(plan.pending.ask).toBe('rationale');
    // Asked before anything moved: "would be"; notified once written: "is now".
    expect(plan.warning?.before).toBe('P0 would be over its item limit (4 of 3). Limits on this board are soft.');
    expect(plan.warning?.after).toBe('P0 is now over its item limit (4 of 3). Limits on this board are soft.');
    expect(commandForDecision(store.getState(), plan.pending, { kind: 'move' })).toEqual({ kind: 'move', itemId: ids.fourth, target: { laneId: lanes.p0, before: ids.strong } });
    expect(commandForDecision(store.getState(), plan.pending, { kind: 'move', rationale: ' Exec ask ' })).toMatchObject({ rationale: 'Exec ask' });
  });

  it('moves into other lanes and reorders within a lane are written at once', () => {
    const { store, lanes, ids } = setup('hard');
    expect(planMove(store.getState(), ids.other, { laneId: lanes.p1, position: 'top' })).toEqual({ kind: 'write', warning: null });
    expect(planMove(store.getState(), ids.mid, { laneId: lanes.p0, position: 'top' })).toEqual({ kind: 'write', warning: null });
  });
});

describe('placementWithout', () => {
  it('keeps the slot when the anchor stays, shifts it when an earlier item leaves', () => {
    // Same slot, expressed from its left neighbour.
    expect(placementWithout({ laneId: 'l', before: 'b' }, ['a', 'b', 'c'], 'x', null)).toEqual({ laneId: 'l', after: 'a' });
    expect(placementWithout({ laneId: 'l', before: 'b' }, ['a', 'b', 'c'], 'x', 'b')).toEqual({ laneId: 'l', after: 'a' });
    expect(placementWithout({ laneId: 'l', before: 'a' }, ['a', 'b'], 'x', 'a')).toEqual({ laneId: 'l', before: 'b' });
    expect(placementWithout({ laneId: 'l', after: 'c' }, ['a', 'b', 'c'], 'x', 'a')).toEqual({ laneId: 'l', after: 'c' });
    expect(placementWithout({ laneId: 'l', position: 'top' }, ['a'], 'x', 'a')).toEqual({ laneId: 'l', position: 'top' });
    // An anchor that left meanwhile: the end of the lane.
    expect(placementWithout({ laneId: 'l', before: 'gone' }, ['a', 'b'], 'x', null)).toEqual({ laneId: 'l', after: 'b' });
  });
});
