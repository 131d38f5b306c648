import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { lanesMap } from './boardDoc.ts';
import { addLane, createBoard, updateLane } from './commands.ts';
import { defaultInPlanningPeriod, isInPlanningPeriod, setPlanningPeriodDefaults } from './planningPeriod.ts';
import { readBoard } from './readBoard.ts';
import { validateBoard } from './validate.ts';

describe('lanes in the planning period', () => {
  it('leaves parking lanes such as Later out by default and counts every other lane', () => {
    expect(['Later', ' later ', 'Backlog', 'Icebox', 'Someday'].map(defaultInPlanningPeriod)).toEqual([false, false, false, false, false]);
    expect(['P0', 'Now', 'Next', 'Later this quarter'].map(defaultInPlanningPeriod)).toEqual([true, true, true, true]);
    expect(isInPlanningPeriod({ name: 'Later', inPlanningPeriod: true })).toBe(true);
    expect(isInPlanningPeriod({ name: 'P0', inPlanningPeriod: false })).toBe(false);
  });

  it('is set explicitly on new boards from a template and changed with updateLane; the document stays valid', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'T', template: 'planning' });
    const lanes = readBoard(doc)?.lanes ?? [];
    expect(lanes.map((lane) => [lane.name, lane.inPlanningPeriod])).toEqual([
      ['P0', true],
      ['P1', true],
      ['P2', true],
      ['Later', false],
    ]);
    updateLane(doc, lanes[3]?.id as string, { inPlanningPeriod: true });
    expect(readBoard(doc)?.lanes[3]?.inPlanningPeriod).toBe(true);
    expect(validateBoard(doc).ok).toBe(true);
  });

  it('migration helper: writes the default into lanes without the field, once, keeping explicit choices', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'T', template: 'planning', lanes: [{ name: 'Now' }, { name: 'Later' }] });
    const later = addLane(doc, { name: 'Backlog' });
    const kept = addLane(doc, { name: 'Icebox', inPlanningPeriod: true });
    for (const lane of lanesMap(doc).values()) if (lane.get('name') !== 'Icebox') lane.delete('inPlanningPeriod');
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const set = setPlanningPeriodDefaults(doc);
    expect(transactions).toBe(1);
    expect(set).toHaveLength(3);
    expect(set).toContain(later);
    expect(Object.fromEntries((readBoard(doc)?.lanes ?? []).map((lane) => [lane.name, lane.inPlanningPeriod]))).toEqual({ Now: true, Later: false, Backlog: false, Icebox: true });
    expect(setPlanningPeriodDefaults(doc)).toEqual([]);
    expect(lanesMap(doc).get(kept)?.get('inPlanningPeriod')).toBe(true);
    expect(validateBoard(doc).ok).toBe(true);
  });
});
