import { CloseCode, itemsMap, lanesMap, metaMap, rationalesMap } from '@lanewise/shared';
import * as Y from 'yjs';
import type { BoardChanges, BoardRule, RuleRefusal } from './BoardRule.ts';

/** What one update did to one lane: the items it brought in (with or without a reason) and took out. */
interface LaneTraffic {
  entering: number;
  /** Entering items whose reason (`rationales[itemId]`) was written in the same update. */
  reasoned: number;
  enteringEffort: number;
  reasonedEffort: number;
  leaving: number;
  leavingEffort: number;
}

const estimateOf = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const laneName = (name: unknown): string => {
  const text = typeof name === 'string' && name.trim() !== '' ? name.trim() : 'this lane';
  return text.length > 30 ? `${text.slice(0, 29)}…` : text;
};

/**
 * Under hard limits nothing enters a full lane without a stated reason (issue 9). An update that
 * brings items into a hard-limited lane and leaves it over its item limit (or its capacity) is
 * refused unless the same update takes as many items (as much effort) out of that lane — "to add
 * a P0, demote one" — or writes a reason for each item it brings in beyond that (the item's
 * `rationales` entry, written in the same transaction, like the client's override). A lane that was
 * already over may stay over; only growing it needs a reason. The refusal closes the sender with
 * 4422, so the client drops its local copy and reloads the board as stored.
 */
export const hardLimits: BoardRule = {
  name: 'hard-limits',
  check: ({ doc, changes }) => {
    const touchedItems = changes.touched.get('items');
    if (!touchedItems || touchedItems.size === 0) return null;
    if (metaMap(doc).get('limitMode') !== 'hard') return null;
    const traffic = laneTraffic(doc, changes, touchedItems);
    if (traffic.size === 0) return null;
    return overLimit(doc, traffic);
  },
};

function laneTraffic(doc: Y.Doc, changes: BoardChanges, touchedItems: ReadonlySet<string>): Map<string, LaneTraffic> {
  const items = itemsMap(doc);
  const rationales = rationalesMap(doc);
  const rationaleWritten = changes.touched.get('rationales') ?? new Set<string>();
  const traffic = new Map<string, LaneTraffic>();
  const of = (laneId: string) => {
    let lane = traffic.get(laneId);
    if (!lane) traffic.set(laneId, (lane = { entering: 0, reasoned: 0, enteringEffort: 0, reasonedEffort: 0, leaving: 0, leavingEffort: 0 }));
    return lane;
  };
  for (const itemId of touchedItems) {
    const now = items.get(itemId);
    const laneAfter = now instanceof Y.Map ? (now.get('laneId') as unknown) : undefined;
    const existed = changes.existedBefore('items', itemId);
    const laneBefore = existed ? changes.fieldBefore('items', itemId, 'laneId') : undefined;
    if (laneAfter === laneBefore) continue;
    if (typeof laneBefore === 'string') {
      const lane = of(laneBefore);
      lane.leaving++;
      lane.leavingEffort += estimateOf(changes.fieldBefore('items', itemId, 'estimate'));
    }
    if (typeof laneAfter === 'string' && now instanceof Y.Map) {
      const lane = of(laneAfter);
      const effort = estimateOf(now.get('estimate'));
      lane.entering++;
      lane.enteringEffort += effort;
      const reason = rationaleWritten.has(itemId) ? (rationales.get(itemId) as { text?: unknown } | undefined)?.text : undefined;
      if (typeof reason === 'string' && reason.trim() !== '') {
        lane.reasoned++;
        lane.reasonedEffort += effort;
      }
    }
  }
  return traffic;
}

function overLimit(doc: Y.Doc, traffic: ReadonlyMap<string, LaneTraffic>): RuleRefusal | null {
  const lanes = lanesMap(doc);
  // Only lanes that grew without a reason for it can refuse; count those lanes' items once.
  const growing = [...traffic].filter(([laneId, t]) => {
    const lane = lanes.get(laneId);
    if (!(lane instanceof Y.Map) || lane.get('deleted') === true) return false;
    const countGrows = t.entering - t.reasoned > t.leaving && typeof lane.get('itemLimit') === 'number';
    const effortGrows = t.enteringEffort - t.reasonedEffort > t.leavingEffort && typeof lane.get('capacity') === 'number';
    return countGrows || effortGrows;
  });
  if (growing.length === 0) return null;
  const totals = new Map(growing.map(([laneId]) => [laneId, { count: 0, effort: 0 }]));
  for (const map of itemsMap(doc).values()) {
    if (!(map instanceof Y.Map)) continue;
    const total = totals.get(map.get('laneId') as string);
    if (!total) continue;
    total.count++;
    total.effort += estimateOf(map.get('estimate'));
  }
  for (const [laneId, t] of growing) {
    const lane = lanes.get(laneId) as Y.Map<unknown>;
    const total = totals.get(laneId) as { count: number; effort: number };
    const itemLimit = lane.get('itemLimit');
    const capacity = lane.get('capacity');
    const name = laneName(lane.get('name'));
    if (typeof itemLimit === 'number' && total.count > itemLimit && t.entering - t.reasoned > t.leaving) {
      return refusal(`${name} is over its hard limit (${total.count} of ${itemLimit})`);
    }
    if (typeof capacity === 'number' && total.effort > capacity && t.enteringEffort - t.reasonedEffort > t.leavingEffort) {
      return refusal(`${name} is over its hard capacity (${total.effort} of ${capacity})`);
    }
  }
  return null;
}

const refusal = (what: string): RuleRefusal => ({ code: CloseCode.SchemaViolation, reason: `${what}: move one out or give a reason; not saved` });
