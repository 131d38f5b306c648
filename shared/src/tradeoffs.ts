import type { BoardView, LaneView } from './readBoard.ts';
import type { Item, LimitMode, Person } from './schema.ts';

/**
 * The numbers that make trade-offs visible. Everything here is derived from absolute inputs stored
 * on items and lanes, so any score shown can be reproduced later from the same document.
 */
export const SCORE_FORMULAS = {
  value: 'Value score (RICE) = reach × impact × confidence ÷ effort',
  health: 'Health score = technical-health gain × (4 − delivery risk) ÷ effort',
  combined: 'Suggested order = ½ × value ÷ board’s highest value + ½ × health ÷ board’s highest health',
} as const;

/** RICE: reach × impact × confidence ÷ effort; null while an input is missing or effort is 0. */
export function valueScore(item: Pick<Item, 'reach' | 'impact' | 'confidence' | 'estimate'>): number | null {
  const { reach, impact, confidence, estimate } = item;
  if (reach === null || impact === null || confidence === null || estimate === null || estimate <= 0) return null;
  return (reach * impact * confidence) / estimate;
}

/** Technical-health gain weighted by delivery certainty, per unit of effort. */
export function healthScore(item: Pick<Item, 'techHealth' | 'risk' | 'estimate'>): number | null {
  const { techHealth, risk, estimate } = item;
  if (techHealth === null || risk === null || estimate === null || estimate <= 0) return null;
  return (techHealth * (4 - risk)) / estimate;
}

export type LoadStatus = 'none' | 'ok' | 'full' | 'over';

export interface LaneLoad {
  readonly laneId: string;
  readonly count: number;
  readonly itemLimit: number | null;
  readonly effort: number;
  readonly capacity: number | null;
  readonly countStatus: LoadStatus;
  readonly effortStatus: LoadStatus;
  /** The worse of the two. */
  readonly status: LoadStatus;
}

const ORDER: readonly LoadStatus[] = ['none', 'ok', 'full', 'over'];
const statusOf = (used: number, limit: number | null): LoadStatus => (limit === null ? 'none' : used > limit ? 'over' : used === limit ? 'full' : 'ok');
const effortOf = (items: readonly Item[]) => items.reduce((sum, item) => sum + (item.estimate ?? 0), 0);

export function laneLoad(lane: LaneView): LaneLoad {
  const effort = effortOf(lane.items);
  const countStatus = statusOf(lane.items.length, lane.itemLimit);
  const effortStatus = lane.capacity === null ? 'none' : effort > lane.capacity ? 'over' : effort === lane.capacity ? 'full' : 'ok';
  const status = ORDER[Math.max(ORDER.indexOf(countStatus), ORDER.indexOf(effortStatus))] as LoadStatus;
  return { laneId: lane.id, count: lane.items.length, itemLimit: lane.itemLimit, effort, capacity: lane.capacity, countStatus, effortStatus, status };
}

export interface LaneMix {
  readonly effort: number;
  readonly techHealthEffort: number;
  /** Share of the lane's effort on technical health (0–1), null for a lane without effort. */
  readonly techHealthShare: number | null;
  readonly target: number;
  readonly belowTarget: boolean;
}

/** How much of a lane's effort goes to technical health (items of kind "tech-health"). */
export function laneMix(lane: LaneView, target: number): LaneMix {
  const effort = effortOf(lane.items);
  const techHealthEffort = effortOf(lane.items.filter((item) => item.kind === 'tech-health'));
  const techHealthShare = effort > 0 ? techHealthEffort / effort : null;
  return { effort, techHealthEffort, techHealthShare, target, belowTarget: techHealthShare !== null && techHealthShare < target };
}

export interface TopLaneClaim {
  readonly laneName: string;
  readonly effort: number;
  readonly totalEffort: number;
  readonly totalCapacity: number | null;
  /** Top lane's effort ÷ all lanes' capacity (when capacities are set). */
  readonly shareOfCapacity: number | null;
  /** Top lane's effort ÷ all effort on the board. */
  readonly shareOfEffort: number | null;
}

/** "P0 inflation": how much the top lane claims of everything. */
export function topLaneClaim(board: BoardView): TopLaneClaim | null {
  const top = board.lanes[0];
  if (!top) return null;
  const effort = effortOf(top.items);
  const totalEffort = board.lanes.reduce((sum, lane) => sum + effortOf(lane.items), 0);
  const capacities = board.lanes.map((lane) => lane.capacity).filter((capacity): capacity is number => capacity !== null);
  const totalCapacity = capacities.length > 0 ? capacities.reduce((sum, capacity) => sum + capacity, 0) : null;
  return {
    laneName: top.name,
    effort,
    totalEffort,
    totalCapacity,
    shareOfCapacity: totalCapacity ? effort / totalCapacity : null,
    shareOfEffort: totalEffort > 0 ? effort / totalEffort : null,
  };
}

export interface PersonLoad {
  readonly name: string;
  readonly personId: string | null;
  readonly capacity: number | null;
  readonly effort: number;
  readonly items: readonly Item[];
  readonly overAllocated: boolean;
}

/** Each person's load against their capacity; owners not listed as people appear without capacity. */
export function peopleLoad(board: BoardView, people: readonly Person[]): PersonLoad[] {
  const items = board.lanes.flatMap((lane) => lane.items);
  const byOwner = new Map<string, Item[]>();
  for (const item of items) {
    if (item.owner === '') continue;
    const key = item.owner.toLowerCase();
    byOwner.set(key, [...(byOwner.get(key) ?? []), item]);
  }
  const listed = people.map((person) => {
    const owned = byOwner.get(person.name.toLowerCase()) ?? [];
    byOwner.delete(person.name.toLowerCase());
    const effort = effortOf(owned);
    return { name: person.name, personId: person.id, capacity: person.capacity, effort, items: owned, overAllocated: person.capacity !== null && effort > person.capacity };
  });
  const unlisted = [...byOwner.values()].map((owned) => ({
    name: (owned[0] as Item).owner,
    personId: null,
    capacity: null,
    effort: effortOf(owned),
    items: owned,
    overAllocated: false,
  }));
  return [...listed, ...unlisted];
}

/** Combined score used for the suggested order (see SCORE_FORMULAS.combined). */
export function combinedScores(board: BoardView): Map<string, number | null> {
  const items = board.lanes.flatMap((lane) => lane.items);
  const values = new Map(items.map((item) => [item.id, valueScore(item)]));
  const healths = new Map(items.map((item) => [item.id, healthScore(item)]));
  const maxValue = Math.max(0, ...[...values.values()].filter((v): v is number => v !== null));
  const maxHealth = Math.max(0, ...[...healths.values()].filter((v): v is number => v !== null));
  const result = new Map<string, number | null>();
  for (const item of items) {
    const value = values.get(item.id) ?? null;
    const health = healths.get(item.id) ?? null;
    if (value === null && health === null) result.set(item.id, null);
    else result.set(item.id, 0.5 * (value !== null && maxValue > 0 ? value / maxValue : 0) + 0.5 * (health !== null && maxHealth > 0 ? health / maxHealth : 0));
  }
  return result;
}

export interface OrderSuggestion {
  readonly item: Item;
  /** 1-based. */
  readonly currentPosition: number;
  readonly suggestedPosition: number;
}

/**
 * Where the scores would put each scored item of a lane, reported only where that differs from
 * today ("ranked 5th, scores suggest 2nd"). Unscored items keep their place. Never reorders.
 */
export function suggestedOrder(lane: LaneView, scores: ReadonlyMap<string, number | null>): OrderSuggestion[] {
  const scored = lane.items.filter((item) => (scores.get(item.id) ?? null) !== null);
  const slots = lane.items.map((item, index) => ((scores.get(item.id) ?? null) !== null ? index : -1)).filter((index) => index >= 0);
  const ranked = [...scored].sort((a, b) => (scores.get(b.id) as number) - (scores.get(a.id) as number) || (a.id < b.id ? -1 : 1));
  const suggestions: OrderSuggestion[] = [];
  ranked.forEach((item, order) => {
    const current = lane.items.indexOf(item);
    const suggested = slots[order] as number;
    if (current !== suggested) suggestions.push({ item, currentPosition: current + 1, suggestedPosition: suggested + 1 });
  });
  return suggestions;
}

export type LaneEntryCheck =
  | { readonly ok: true; readonly warning: null | 'item-limit' | 'capacity' }
  | {
      readonly ok: false;
      readonly reasons: ReadonlyArray<'item-limit' | 'capacity'>;
      readonly lane: LaneView;
      /** Items that could leave to make room, weakest combined score first. */
      readonly candidates: readonly Item[];
    };

/**
 * Whether an item may enter a lane. Under hard limits a full lane refuses it (the user must demote
 * something or state a reason); under soft limits it is allowed with a warning. Moving within the
 * same lane is always allowed.
 */
export function checkLaneEntry(board: BoardView, limitMode: LimitMode, itemId: string, targetLaneId: string): LaneEntryCheck {
  const lane = board.lanes.find((candidate) => candidate.id === targetLaneId);
  const item = board.lanes.flatMap((candidate) => candidate.items).find((candidate) => candidate.id === itemId);
  if (!lane || lane.items.some((candidate) => candidate.id === itemId)) return { ok: true, warning: null };
  const reasons: Array<'item-limit' | 'capacity'> = [];
  if (lane.itemLimit !== null && lane.items.length + 1 > lane.itemLimit) reasons.push('item-limit');
  if (lane.capacity !== null && effortOf(lane.items) + (item?.estimate ?? 0) > lane.capacity) reasons.push('capacity');
  if (reasons.length === 0) return { ok: true, warning: null };
  if (limitMode === 'soft') return { ok: true, warning: reasons[0] as 'item-limit' | 'capacity' };
  const scores = combinedScores(board);
  const candidates = [...lane.items].sort((a, b) => (scores.get(a.id) ?? -1) - (scores.get(b.id) ?? -1) || (a.id < b.id ? -1 : 1));
  return { ok: false, reasons, lane, candidates };
}
