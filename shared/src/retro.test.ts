import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createBoard, updateItem } from './commands.ts';
import { readBoard } from './readBoard.ts';
import { customRetroColumns, nextPhase, previousPhase, readRetro, setRetroPhase, updateRetroSettings } from './retro.ts';
import { RETRO_PHASES, TEMPLATE_IDS } from './schema.ts';
import { TEMPLATES } from './templates.ts';
import { validateBoard } from './validate.ts';

describe('retro boards', () => {
  it('are made from each retro template: prompts as columns, reflect phase, anonymous, 5 votes, 3 per card', () => {
    const retroTemplates = TEMPLATE_IDS.filter((id) => TEMPLATES[id].kind === 'retro' && id !== 'retro-custom');
    expect(retroTemplates.map((id) => TEMPLATES[id].lanes.map((lane) => lane.name))).toEqual([
      ['Went well', 'To improve', 'Ideas', 'Actions'],
      ['Start', 'Stop', 'Continue', 'Actions'],
      ['Liked', 'Learned', 'Lacked', 'Longed for', 'Actions'],
      ['Mad', 'Sad', 'Glad', 'Actions'],
    ]);
    for (const template of retroTemplates) {
      const doc = new Y.Doc();
      createBoard(doc, { title: 'Sprint 12 retro', template });
      expect(validateBoard(doc).ok).toBe(true);
      expect(readBoard(doc)?.meta).toMatchObject({ kind: 'retro', template, retroPhase: 'reflect' });
      expect(readRetro(doc)).toEqual({ phase: 'reflect', showAuthors: false, voteBudget: 5, voteCap: 3 });
    }
  });

  it('take custom prompts as columns and add an Actions column; bad prompt lists are refused clearly', () => {
    expect(customRetroColumns([' Energy ', '', 'Surprises'])).toEqual(['Energy', 'Surprises', 'Actions']);
    expect(customRetroColumns(['Kudos', 'actions'])).toEqual(['Kudos', 'actions']);
    expect(() => customRetroColumns(['  '])).toThrow(/at least one prompt/);
    expect(() => customRetroColumns(Array.from({ length: 9 }, (_, i) => `P${i}`))).toThrow(/at most 8 prompts/);
    expect(() => customRetroColumns(['x'.repeat(81)])).toThrow(/longer than 80 characters/);
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Custom', template: 'retro-custom', lanes: customRetroColumns(['Energy']).map((name) => ({ name })) });
    expect(readBoard(doc)?.lanes.map((lane) => lane.name)).toEqual(['Energy', 'Actions']);
    expect(validateBoard(doc).ok).toBe(true);
  });

  it('walk the phases forward and back one at a time; closed and reflect are the ends', () => {
    expect(RETRO_PHASES.map(nextPhase)).toEqual(['group', 'vote', 'discuss', 'actions', 'closed', 'closed']);
    expect(RETRO_PHASES.map(previousPhase)).toEqual(['reflect', 'reflect', 'group', 'vote', 'discuss', 'actions']);
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Retro', template: 'retro-mad-sad-glad' });
    setRetroPhase(doc, 'vote');
    expect(readRetro(doc)?.phase).toBe('vote');
    updateRetroSettings(doc, { voteBudget: 7, voteCap: 2, showAuthors: true });
    expect(readRetro(doc)).toEqual({ phase: 'vote', showAuthors: true, voteBudget: 7, voteCap: 2 });
    expect(() => updateRetroSettings(doc, { voteBudget: 0 })).toThrow(/Votes per person must be a whole number from 1 to 50/);
    expect(() => updateRetroSettings(doc, { voteCap: 2.5 })).toThrow(/Votes per card/);
    expect(validateBoard(doc).ok).toBe(true);
  });

  it('planning boards have no phases; cards carry a perspective tag', () => {
    const planning = new Y.Doc();
    createBoard(planning, { title: 'Plan', template: 'planning' });
    expect(readRetro(planning)).toBeNull();
    expect(() => setRetroPhase(planning, 'vote')).toThrow(/Only retro boards have phases/);
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Retro', template: 'retro-4ls' });
    const liked = readBoard(doc)?.lanes[0]?.id as string;
    const card = addItem(doc, { title: 'Pairing on the migration', laneId: liked });
    updateItem(doc, card, { perspective: 'engineering' });
    expect(readBoard(doc)?.lanes[0]?.items[0]).toMatchObject({ title: 'Pairing on the migration', perspective: 'engineering' });
    expect(() => updateItem(doc, card, { perspective: 'sales' as never })).toThrow(/perspective/);
  });
});
