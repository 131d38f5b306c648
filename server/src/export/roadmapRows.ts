import { healthScore, itemDescriptionText, readBoard, readMeta, valueScore, type BoardMeta, type Item, type ItemSource } from '@lanewise/shared';
import type * as Y from 'yjs';
import type { DecisionEntry } from '../decisions/DecisionEntry.ts';
import { latestPositionReasons, type PositionReason } from './latestReasons.ts';

/** One initiative as the roadmap exports show it. */
export interface RoadmapItem {
  readonly position: number;
  readonly item: Item;
  /** Plain text (CSV). */
  readonly description: string;
  /** The rich text as Markdown (the Markdown decision record). */
  readonly descriptionMarkdown: string;
  readonly value: number | null;
  readonly health: number | null;
  readonly reason: PositionReason | undefined;
  readonly source: ItemSource | undefined;
}

export interface RoadmapLane {
  readonly id: string;
  readonly name: string;
  readonly itemLimit: number | null;
  readonly capacity: number | null;
  readonly effort: number;
  readonly items: readonly RoadmapItem[];
}

export interface Roadmap {
  readonly meta: BoardMeta;
  readonly lanes: readonly RoadmapLane[];
}

/** The board in lane order with each initiative's scores and the reason for its position. */
export function readRoadmap(doc: Y.Doc, decisions: readonly DecisionEntry[]): Roadmap {
  const view = readBoard(doc);
  const meta = readMeta(doc);
  if (!view || !meta) throw new Error('The document holds no board.');
  const laneOf = new Map(view.lanes.flatMap((lane) => lane.items.map((item) => [item.id, lane.id] as const)));
  const reasons = latestPositionReasons(decisions, laneOf);
  return {
    meta,
    lanes: view.lanes.map((lane) => ({
      id: lane.id,
      name: lane.name,
      itemLimit: lane.itemLimit,
      capacity: lane.capacity,
      effort: lane.items.reduce((sum, item) => sum + (item.estimate ?? 0), 0),
      items: lane.items.map((item, index) => ({
        position: index + 1,
        item,
        description: itemDescriptionText(doc, item, 'plain'),
        descriptionMarkdown: itemDescriptionText(doc, item, 'markdown'),
        value: valueScore(item),
        health: healthScore(item),
        reason: reasons.get(item.id),
        source: item.source,
      })),
    })),
  };
}
