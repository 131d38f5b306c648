import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createBoard, updateItem } from './commands.ts';
import { readBoard } from './readBoard.ts';
import { customRetroColumns, nextPhase, previousPhase, publishVoteCounts, readRetro, revealDrafts, setRetroPhase, updateRetroSettings } from './retro.ts';
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

describe('the reveal and the vote count', () => {
  /** A seeded generator (mulberry32), so a failing order can be replayed. */
  function seeded(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('puts drafts on the board shuffled, with one timestamp and no authors unless the retro shows them', () => {
    const seed = 20261130;
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Retro', template: 'retro-went-well' });
    const wentWell = readBoard(doc)?.lanes[0]?.id as string;
    const drafts = Array.from({ length: 12 }, (_, i) => ({ laneId: wentWell, text: `card ${i}`, perspective: i % 2 === 0 ? ('product' as const) : null, author: i < 6 ? 'Ana' : 'Ben' }));
    revealDrafts(doc, drafts, seeded(seed));
    const cards = readBoard(doc)?.lanes[0]?.items ?? [];
    expect(cards.map((card) => card.title).sort(), `seed ${seed}`).toEqual(drafts.map((draft) => draft.text).sort());
    expect(cards.map((card) => card.title), `seed ${seed}: written order must not survive`).not.toEqual(drafts.map((draft) => draft.text));
    expect(new Set(cards.map((card) => card.createdAt)).size).toBe(1);
    expect(cards.every((card) => card.createdBy === '')).toBe(true);
    expect(cards.find((card) => card.title === 'card 0')?.perspective).toBe('product');
    expect(validateBoard(doc).ok).toBe(true);

    updateRetroSettings(doc, { showAuthors: true });
    revealDrafts(doc, [{ laneId: 'gone', text: 'named', perspective: null, author: 'Cleo' }], seeded(seed));
    const named = readBoard(doc)?.lanes.flatMap((lane) => lane.items).find((card) => card.title === 'named');
    expect(named?.createdBy).toBe('Cleo');
  });

  it('writes every card\'s vote count, 0 for cards without votes', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Retro', template: 'retro-went-well' });
    const lane = readBoard(doc)?.lanes[1]?.id as string;
    const a = addItem(doc, { title: 'A', laneId: lane });
    addItem(doc, { title: 'B', laneId: lane });
    publishVoteCounts(doc, new Map([[a, 4]]));
    expect(readBoard(doc)?.lanes[1]?.items.map((card) => [card.title, card.votes])).toEqual([['A', 4], ['B', 0]]);
    expect(validateBoard(doc).ok).toBe(true);
  });
});
