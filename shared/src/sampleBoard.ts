import type * as Y from 'yjs';
import { addItem, createBoard } from './commands.ts';
import { addPerson } from './peopleCommands.ts';
import sample from './fixtures/sample-planning-board.json' with { type: 'json' };
import { DEFAULT_ORIGIN, type BoardOrigin } from './origin.ts';
import { defaultInPlanningPeriod } from './planningPeriod.ts';
import type { ItemKind, LimitMode } from './schema.ts';

interface SampleItem {
  title: string;
  lane: string;
  owner?: string;
  kind?: string;
  estimate?: number;
  reach?: number;
  impact?: number;
  confidence?: number;
  techHealth?: number;
  risk?: number;
  tags?: string[];
}

export const SAMPLE_BOARD_TITLE: string = sample.title;

/**
 * Fills an empty document with the sample planning board (P0 deliberately over its limit and
 * capacity). `idPrefix` makes ids deterministic, for frozen fixtures and screenshots.
 */
export function buildSampleBoard(doc: Y.Doc, options: { idPrefix?: string; createdAt?: number; origin?: BoardOrigin; limitMode?: LimitMode } = {}): void {
  const origin = options.origin ?? DEFAULT_ORIGIN;
  const createdAt = options.createdAt ?? Date.now();
  const prefix = options.idPrefix;
  doc.transact(() => {
    const lanes = sample.lanes.map((lane, index) => ({
      name: lane.name,
      itemLimit: 'itemLimit' in lane ? lane.itemLimit : null,
      capacity: 'capacity' in lane ? lane.capacity : null,
      inPlanningPeriod: defaultInPlanningPeriod(lane.name),
      ...(prefix ? { id: `${prefix}lane${index}` } : {}),
    }));
    const ids = createBoard(doc, { title: sample.title, template: 'planning', createdAt, lanes, planningPeriod: 'Q3', limitMode: options.limitMode ?? 'soft' }, origin);
    const laneIds = new Map(lanes.map((lane, index) => [lane.name, ids[index] as string]));
    sample.people.forEach((person, index) => addPerson(doc, { name: person.name, capacity: person.capacity, ...(prefix ? { id: `${prefix}person${index}` } : {}) }, origin));
    (sample.items as SampleItem[]).forEach((item, index) => {
      addItem(
        doc,
        {
          title: item.title,
          laneId: laneIds.get(item.lane) as string,
          owner: item.owner ?? '',
          kind: (item.kind ?? 'feature') as ItemKind,
          estimate: item.estimate ?? null,
          reach: item.reach ?? null,
          impact: item.impact ?? null,
          confidence: item.confidence ?? null,
          techHealth: item.techHealth ?? null,
          risk: item.risk ?? null,
          tags: item.tags ?? [],
          createdBy: 'Sample',
          createdAt,
          ...(prefix ? { id: `${prefix}item${String(index).padStart(2, '0')}` } : {}),
        },
        origin,
      );
    });
  }, origin);
}
