import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createBoard, moveItem, swapIntoLane } from './commands.ts';
import { readPeople } from './peopleCommands.ts';
import { readBoard, type BoardView } from './readBoard.ts';
import { buildSampleBoard } from './sampleBoard.ts';
import {
  benefitScores,
  checkLaneEntry,
  combinedScores,
  demoteTargets,
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

  it('counts only lanes in the planning period against capacity, and shows the rest per lane', () => {
    const { doc, board } = sample();
    const ana = peopleLoad(board, readPeople(doc)).find((load) => load.name === 'Ana');
    // Ana: billing migration (P0, 13) and audit log export (P1, 3) count; two Later items (8 + 5) do not.
    expect(ana).toMatchObject({ effort: 16, uncountedEffort: 13, capacity: 13, overAllocated: true });
    expect(ana?.lanes.map((lane) => [lane.laneName, lane.effort, lane.counted])).toEqual([
      ['P0', 13, true],
      ['P1', 3, true],
      ['Later', 13, false],
    ]);
    // Before, Later counted and all six were over; Dana's Later work is what pushed her over.
    const over = peopleLoad(board, readPeople(doc)).filter((load) => load.overAllocated).map((load) => load.name);
    expect(over).not.toContain('Dana');
    expect(over.length).toBeLessThan(6);
  });

  it('lets a board count Later too, by the lane setting', () => {
    const { doc, board } = sample();
    const later = board.lanes.find((lane) => lane.name === 'Later') as BoardView['lanes'][number];
    const counting = { ...board, lanes: board.lanes.map((lane) => (lane === later ? { ...lane, inPlanningPeriod: true } : lane)) };
    expect(peopleLoad(counting, readPeople(doc)).find((load) => load.name === 'Ana')).toMatchObject({ effort: 29, uncountedEffort: 0 });
  });
});

describe('benefit: both lenses on one axis', () => {
  it('places a tech-health item with no user value by its health benefit, and says what each lens contributes', () => {
    const { board } = sample();
    const items = board.lanes.flatMap((lane) => lane.items);
    const benefits = benefitScores(board);
    const byTitle = (title: string) => benefits.get(items.find((item) => item.title === title)?.id ?? '');
    const migration = byTitle('Migrate billing off the legacy monolith DB');
    const alerts = byTitle('Error budget alerts per service');
    // Value 0, but a health benefit: not at the bottom with the worthless.
    expect(alerts?.value).toBe(0);
    expect(alerts?.health).toBeCloseTo(50);
    expect(alerts?.total).toBeCloseTo(50);
    expect(migration?.total).toBeGreaterThan(0);
    for (const benefit of benefits.values()) {
      if (!benefit) continue;
      expect(benefit.total).toBeCloseTo(benefit.value + benefit.health);
      expect(benefit.total).toBeLessThanOrEqual(100);
    }
    // Exactly one item reaches the top of each lens.
    expect([...benefits.values()].filter((benefit) => benefit && Math.abs(benefit.value - 50) < 1e-9)).toHaveLength(1);
  });

  it('scores an item with one lens missing on the other alone, and names what is missing', () => {
    const doc = new Y.Doc();
    const [lane] = createBoard(doc, { title: 'T', template: 'planning' }) as [string];
    addItem(doc, { title: 'feature', laneId: lane, id: 'f', reach: 100, impact: 1, confidence: 1, estimate: 1 });
    addItem(doc, { title: 'health', laneId: lane, id: 'h', techHealth: 2, risk: 2, estimate: 1 });
    addItem(doc, { title: 'blank', laneId: lane, id: 'b', estimate: 1 });
    const benefits = benefitScores(readBoard(doc) as BoardView);
    expect(benefits.get('f')).toEqual({ value: 50, health: 0, total: 50, missing: ['health'] });
    expect(benefits.get('h')).toEqual({ value: 0, health: 50, total: 50, missing: ['value'] });
    expect(benefits.get('b')).toBeNull();
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

  it('orders what could leave by the combined score it reports, weakest first (not by value alone)', () => {
    const { board } = sample();
    const darkMode = board.lanes.flatMap((lane) => lane.items).find((item) => item.title === 'Dark mode') as BoardView['lanes'][number]['items'][number];
    const p1 = board.lanes[1] as BoardView['lanes'][number];
    const check = checkLaneEntry(board, 'hard', darkMode.id, p1.id);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const scores = check.candidates.map((item) => check.candidateScores.get(item.id) ?? -1);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(check.candidateScores).toEqual(new Map(p1.items.map((item) => [item.id, combinedScores(board).get(item.id) ?? null])));
  });

  it('offers the demoted item only lanes where it may go under the same hard-limit rule', () => {
    const { doc, p0, p1 } = fullP0('hard');
    const [, , p2] = (readBoard(doc) as BoardView).lanes.map((lane) => lane.id);
    // Promote d into the full P0 from P1; demote a. Make P2 full too.
    const board = readBoard(doc) as BoardView;
    const withFullP2 = { ...board, lanes: board.lanes.map((lane) => (lane.id === p2 ? { ...lane, itemLimit: 1, items: [{ ...(lane.items[0] ?? board.lanes[0]?.items[0]), id: 'z', laneId: p2 } as BoardView['lanes'][number]['items'][number]] } : lane)) };
    const targets = demoteTargets(withFullP2, 'hard', { itemId: 'd', targetLaneId: p0, demoteItemId: 'a' });
    expect(targets.map((target) => [target.laneId, target.allowed])).toEqual([
      [p1, true], // d leaves P1, so a fits
      [p2, false], // full
      [(board.lanes[3] as { id: string }).id, true],
    ]);
    expect(targets.find((target) => target.laneId === p2)?.reasons).toEqual(['item-limit']);
  });

  it('does not let the demoted item go up into a lane that is already over its hard limit', () => {
    const { doc, p0, p1 } = fullP0('hard');
    addItem(doc, { title: 'e', laneId: p0, id: 'e', estimate: 1 }); // P0 now 4 of 3
    for (const id of ['f', 'g', 'h', 'i', 'j']) addItem(doc, { title: id, laneId: p1, id });
    // P1 is full (6 of 6: d, f–j); move k from P2 into it and demote f.
    const p2 = (readBoard(doc) as BoardView).lanes[2]?.id as string;
    addItem(doc, { title: 'k', laneId: p2, id: 'k' });
    const targets = demoteTargets(readBoard(doc) as BoardView, 'hard', { itemId: 'k', targetLaneId: p1, demoteItemId: 'f' });
    expect(targets.find((target) => target.laneId === p0)).toMatchObject({ allowed: false, reasons: ['item-limit'] });
    expect(targets.find((target) => target.laneId === p2)?.allowed).toBe(true);
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
