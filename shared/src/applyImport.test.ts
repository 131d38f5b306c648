import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyImport, type ImportCreate, type ImportPlan } from './applyImport.ts';
import { addItem, createBoard } from './commands.ts';
import { BoardCommandError } from './errors.ts';
import { serverOrigin } from './origin.ts';
import { readPeople } from './peopleCommands.ts';
import { readBoard } from './readBoard.ts';
import { validateBoard } from './validate.ts';

const origin = serverOrigin('import');

function board() {
  const doc = new Y.Doc();
  const [p0, p1, p2, later] = createBoard(doc, { title: 'Q3', template: 'planning' }) as [string, string, string, string];
  const existing = addItem(doc, { title: 'Already planned', laneId: p1 });
  return { doc, p0, p1, p2, later, existing };
}

const create = (laneId: string, key: string, extra: Partial<ImportCreate> = {}): ImportCreate => ({
  laneId,
  title: `Issue ${key}`,
  description: `Multi-line\ndescription of ${key}`,
  owner: '',
  estimate: null,
  tags: [],
  kind: 'feature',
  reach: null,
  impact: null,
  confidence: null,
  techHealth: null,
  risk: null,
  createdAt: 1_752_500_000_000,
  source: { system: 'jira', key },
  ...extra,
});

const plan = (parts: Partial<ImportPlan>): ImportPlan => ({ createdBy: 'Dana', create: [], update: [], people: [], ...parts });

const titlesOf = (doc: Y.Doc) => readBoard(doc)?.lanes.map((lane) => [lane.name, lane.items.map((item) => item.title)]);

describe('applyImport', () => {
  it('appends new items at the bottom of their lanes in file order, in one transaction', () => {
    const { doc, p0, p1 } = board();
    let transactions = 0;
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      transactions++;
      origins.push(transaction.origin);
    });
    const outcome = applyImport(doc, plan({ create: [create(p1, 'PLAT-1'), create(p0, 'PLAT-2'), create(p1, 'PLAT-3', { owner: 'Priya', estimate: 5, tags: ['checkout'] })], people: ['Priya'] }), origin);

    expect(transactions).toBe(1);
    expect(origins).toEqual([origin]);
    expect(outcome.created).toHaveLength(3);
    expect(outcome.peopleAdded).toEqual(['Priya']);
    expect(titlesOf(doc)?.slice(0, 2)).toEqual([
      ['P0', ['Issue PLAT-2']],
      ['P1', ['Already planned', 'Issue PLAT-1', 'Issue PLAT-3']],
    ]);
    const imported = readBoard(doc)?.lanes[1]?.items[2];
    expect(imported).toMatchObject({ owner: 'Priya', estimate: 5, tags: ['checkout'], createdBy: 'Dana', source: { system: 'jira', key: 'PLAT-3' }, description: 'Multi-line\ndescription of PLAT-3' });
    expect(readPeople(doc).map((person) => person.name)).toEqual(['Priya']);
    expect(validateBoard(doc).ok).toBe(true);
  });

  it('updates matched items in place: content changes, lane and rank stay', () => {
    const { doc, p1, existing } = board();
    const before = readBoard(doc)?.lanes[1]?.items[0];
    applyImport(doc, plan({ update: [{ id: existing, patch: { title: 'Renamed in Jira', estimate: 8 } }] }), origin);
    const after = readBoard(doc)?.lanes[1]?.items[0];
    expect(after).toMatchObject({ id: existing, title: 'Renamed in Jira', estimate: 8, laneId: p1, rank: before?.rank });
  });

  it('writes nothing when any part of the plan does not fit the board', () => {
    const { doc, p0, p1 } = board();
    const stored = Y.encodeStateAsUpdate(doc);
    const refusals: Array<[ImportPlan, RegExp]> = [
      [plan({ create: [create(p0, 'A-1'), create('gone-lane', 'A-2')] }), /lane "gone-lane" is not on this board/],
      [plan({ create: [create(p0, 'A-1'), create(p1, 'A-1')] }), /A-1 appears twice/],
      [plan({ create: [create(p0, 'A-1', { title: 'x'.repeat(201) })] }), /title: must be at most 200 characters/],
      [plan({ update: [{ id: 'not-an-item', patch: { title: 'x' } }] }), /no longer on the board/],
      [plan({ create: [create(p0, 'A-1', { source: { system: 'trello' as 'jira', key: 'A-1' } })] }), /Invalid import/],
    ];
    for (const [refused, message] of refusals) {
      expect(() => applyImport(doc, refused, origin)).toThrow(message);
      expect(Y.encodeStateAsUpdate(doc)).toEqual(stored);
    }
  });

  it('refuses to create an item whose source key is already on the board', () => {
    const { doc, p0 } = board();
    applyImport(doc, plan({ create: [create(p0, 'PLAT-9')] }), origin);
    expect(() => applyImport(doc, plan({ create: [create(p0, 'PLAT-9')] }), origin)).toThrow(BoardCommandError);
    expect(readBoard(doc)?.lanes[0]?.items).toHaveLength(1);
  });

  it('does not list a person twice, whatever the case', () => {
    const { doc, p0 } = board();
    applyImport(doc, plan({ create: [create(p0, 'X-1')], people: ['Priya', 'priya', 'Sam'] }), origin);
    applyImport(doc, plan({ create: [create(p0, 'X-2')], people: ['PRIYA'] }), origin);
    expect(readPeople(doc).map((person) => person.name)).toEqual(['Priya', 'Sam']);
  });
});
