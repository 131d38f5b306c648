import type { DecisionEntry } from '../decisions/DecisionEntry.ts';

/** Why an item sits where it is: the reason given when it was last placed in its current lane. */
export interface PositionReason {
  readonly text: string;
  readonly by: string;
  readonly at: number;
}

const PLACEMENTS: ReadonlySet<string> = new Set(['item.created', 'item.moved', 'item.reranked', 'lane.limit-overridden']);

/**
 * Reads the decision log (oldest first) for the reason behind each item's current position. A move
 * to another lane starts over: a reason given for its old lane no longer explains where it is.
 */
export function latestPositionReasons(entries: readonly DecisionEntry[], laneOf: ReadonlyMap<string, string>): Map<string, PositionReason> {
  const reasons = new Map<string, PositionReason | null>();
  for (const entry of entries) {
    const itemId = entry.item?.id;
    if (itemId === undefined || !PLACEMENTS.has(entry.action)) continue;
    const rationale = entry.rationale?.trim();
    const reason = rationale ? { text: rationale, by: entry.actor.name, at: entry.at } : null;
    if (entry.action === 'item.moved' || entry.action === 'item.created') reasons.set(itemId, entry.to?.laneId === laneOf.get(itemId) ? reason : null);
    else if (reason && entry.to?.laneId === laneOf.get(itemId)) reasons.set(itemId, reason);
  }
  const found = new Map<string, PositionReason>();
  for (const [itemId, reason] of reasons) if (reason) found.set(itemId, reason);
  return found;
}
