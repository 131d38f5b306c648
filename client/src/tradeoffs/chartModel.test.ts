import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createBoard, readBoard, type BoardView } from '@lanewise/shared';
import { chartModel, niceScale, placeLabels, spreadOverlaps } from './chartModel.ts';

function board(): BoardView {
  const doc = new Y.Doc();
  const [p0, p1] = createBoard(doc, { title: 'Q3', template: 'planning' }) as [string, string];
  addItem(doc, { title: 'Quick', laneId: p0, estimate: 1, reach: 100, impact: 2, confidence: 1, techHealth: 0, risk: 1 });
  addItem(doc, { title: 'Pit', laneId: p1, estimate: 10, reach: 10, impact: 1, confidence: 0.5, techHealth: 3, risk: 1 });
  addItem(doc, { title: 'Unscored', laneId: p1, estimate: 3 });
  return readBoard(doc) as BoardView;
}

describe('chart model', () => {
  it('plots benefit (both lenses) against effort, coloured by lane, listing what cannot be plotted', () => {
    const model = chartModel(board(), 'benefit-effort');
    // Quick: best user value (50) and no health; Pit: little value, the best health (50).
    expect(model.points.map((point) => [point.item.title, point.laneName, point.x, Math.round(point.y)])).toEqual([
      ['Quick', 'P0', 1, 50],
      ['Pit', 'P1', 10, 51],
    ]);
    expect(model.points[1]?.benefit).toMatchObject({ health: 50 });
    expect(model.yMax).toBe(100);
    expect(model.points[0]?.color).not.toBe(model.points[1]?.color);
    expect(model.missing.map((entry) => entry.item.title)).toEqual(['Unscored']);
    expect(model.quadrants.map((quadrant) => quadrant.label)).toEqual(['Quick wins', 'Big bets', 'Fill-ins', 'Money pits']);
    expect(model.xMax).toBeGreaterThanOrEqual(10);
  });
  it('plots impact against health on fixed 0–3 scales split in the middle', () => {
    const model = chartModel(board(), 'impact-health');
    expect(model.points.map((point) => [point.item.title, point.x, point.y])).toEqual([
      ['Quick', 0, 2],
      ['Pit', 3, 1],
    ]);
    expect([model.xSplit, model.ySplit, model.xMax]).toEqual([1.5, 1.5, 3]);
  });
  it('picks round axis scales', () => {
    expect(niceScale(21)).toEqual({ max: 25, step: 5 });
    expect(niceScale(1680)).toEqual({ max: 2000, step: 500 });
    expect(niceScale(0)).toEqual({ max: 1, step: 0.25 });
  });
  it('keeps labels that do not overlap', () => {
    const box = (x: number) => ({ x, y: 0, width: 50, height: 10 });
    const shown = placeLabels([
      { id: 'a', box: box(0), dot: { x: -20, y: 0, width: 5, height: 5 } },
      { id: 'b', box: box(30), dot: { x: -40, y: 0, width: 5, height: 5 } },
      { id: 'c', box: box(60), dot: { x: -60, y: 0, width: 5, height: 5 } },
    ]);
    expect([...shown]).toEqual(['a', 'c']);
  });
  it('fans out items that share a spot so no dot covers another, and leaves lone points alone', () => {
    const points = [
      ...['e', 'a', 'c', 'b', 'd'].map((id) => ({ id, x: 100, y: 100 })),
      { id: 'near', x: 110, y: 100 },
      { id: 'neighbour', x: 100, y: 70 },
      { id: 'alone', x: 300, y: 300 },
    ];
    const placed = spreadOverlaps(points, 22);
    expect(placed.get('alone')).toMatchObject({ dotX: 300, dotY: 300, groupSize: 1 });
    const group = [...placed.values()].filter((place) => place.groupSize > 1);
    expect(group.length).toBeGreaterThanOrEqual(6);
    for (const a of group) for (const b of group) if (a !== b) expect(Math.hypot(a.dotX - b.dotX, a.dotY - b.dotY)).toBeGreaterThanOrEqual(22);
    // A fanned-out dot never lands on a neighbour either.
    const all = [...placed.values()];
    for (const a of all) for (const b of all) if (a !== b) expect(Math.hypot(a.dotX - b.dotX, a.dotY - b.dotY)).toBeGreaterThanOrEqual(22);
    // Stable: the same input gives the same layout whatever the order.
    expect(spreadOverlaps([...points].reverse(), 22)).toEqual(placed);
  });
});
