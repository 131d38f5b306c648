import { isInPlanningPeriod } from './planningPeriod.ts';
import type { BoardView, LaneView } from './readBoard.ts';
import type { Item, LimitMode, Person } from './schema.ts';

/**
 * The numbers that make trade-offs visible. Everything here is derived from absolute inputs stored
 * on items and lanes, so any score shown can be reproduced later from the same document.
 */
export const SCORE_FORMULAS = {
  value: 'Value score (RICE) = reach × impact × confidence ÷ effort',
  health: 'Health score = technical-health gain × (4 − delivery risk) ÷ effort',
  combined: 'Combined score = ½ × value score ÷ board’s highest value score + ½ × health score ÷ board’s highest health score',
  benefit: 'Benefit = ½ × user value ÷ board’s highest + ½ × health value ÷ board’s highest (user value = reach × impact × confidence; health value = health gain × (4 − risk))',
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

/** What an item brings users, before dividing by effort: reach × impact × confidence. */
export function userValue(item: Pick<Item, 'reach' | 'impact' | 'confidence'>): number | null {
  const { reach, impact, confidence } = item;
  return reach === null || impact === null || confidence === null ? null : reach * impact * confidence;
}

/** What an item brings the system's health, before dividing by effort: gain × delivery certainty. */
export function healthValue(item: Pick<Item, 'techHealth' | 'risk'>): number | null {
  const { techHealth, risk } = item;
  return techHealth === null || risk === null ? null : techHealth * (4 - risk);
}

/** An item's benefit on a 0–100 scale, with what each lens contributes (each 0–50). */
export interface Benefit {
  readonly value: number;
  readonly health: number;
  readonly total: number;
  /** A lens whose inputs are missing contributes 0 and is named here. */
  readonly missing: ReadonlyArray<'value' | 'health'>;
}

/**
 * Both lenses on one axis (SCORE_FORMULAS.benefit): each lens is scaled to the board's best item
 * on that lens and weighs half, so the most reliable-making tech-health item scores as high on
 * health as the most valuable feature does on value. Null when neither lens can be scored.
 */
export function benefitScores(board: BoardView): Map<string, Benefit | null> {
  const items = board.lanes.flatMap((lane) => lane.items);
  const values = new Map(items.map((item) => [item.id, userValue(item)]));
  const healths = new Map(items.map((item) => [item.id, healthValue(item)]));
  const best = (scores: Map<string, number | null>) => Math.max(0, ...[...scores.values()].filter((score): score is number => score !== null));
  const [bestValue, bestHealth] = [best(values), best(healths)];
  const result = new Map<string, Benefit | null>();
  for (const item of items) {
    const value = values.get(item.id) ?? null;
    const health = healths.get(item.id) ?? null;
    if (value === null && health === null) {
      result.set(item.id, null);
      continue;
    }
    const valuePart = value !== null && bestValue > 0 ? (50 * value) / bestValue : 0;
    const healthPart = health !== null && bestHealth > 0 ? (50 * health) / bestHealth : 0;
    const missing: Array<'value' | 'health'> = [];
    if (value === null) missing.push('value');
    if (health === null) missing.push('health');
    result.set(item.id, { value: valuePart, health: healthPart, total: valuePart + healthPart, missing });
  }
  return result;
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

export interface PersonLaneLoad {
  readonly laneId: string;
  readonly laneName: string;
  readonly effort: number;
  readonly items: number;
  /** Whether this lane is in the planning period (only those count against capacity). */
  readonly counted: boolean;
}

export interface PersonLoad {
  readonly name: string;
  readonly personId: string | null;
  readonly capacity: number | null;
  /** Effort in lanes of the planning period: what is compared with the capacity. */
  readonly effort: number;
  /** Effort in lanes outside the planning period (e.g. Later), shown but not counted. */
  readonly uncountedEffort: number;
  /** Everything the person owns, in board order. */
  readonly items: readonly Item[];
  /** Per lane the person owns something in, in board order. */
  readonly lanes: readonly PersonLaneLoad[];
  readonly overAllocated: boolean;
}

/**
 * Each person's load against their capacity for the planning period: only lanes in the period
 * count (`isInPlanningPeriod`), the rest is reported per lane as not counted. Owners not listed as
 * people appear without capacity.
 */
export function peopleLoad(board: BoardView, people: readonly Person[]): PersonLoad[] {
  const byOwner = new Map<string, Array<{ item: Item; lane: LaneView }>>();
  for (const lane of board.lanes) {
    for (const item of lane.items) {
      if (item.owner === '') continue;
      const key = item.owner.toLowerCase();
      byOwner.set(key, [...(byOwner.get(key) ?? []), { item, lane }]);
    }
  }
  const loadOf = (name: string, personId: string | null, capacity: number | null, owned: ReadonlyArray<{ item: Item; lane: LaneView }>): PersonLoad => {
    const lanes: PersonLaneLoad[] = [];
    for (const { item, lane } of owned) {
      const last = lanes.at(-1);
      if (last && last.laneId === lane.id) lanes[lanes.length - 1] = { ...last, effort: last.effort + (item.estimate ?? 0), items: last.items + 1 };
      else lanes.push({ laneId: lane.id, laneName: lane.name, effort: item.estimate ?? 0, items: 1, counted: isInPlanningPeriod(lane) });
    }
    const effort = lanes.filter((lane) => lane.counted).reduce((sum, lane) => sum + lane.effort, 0);
    const uncountedEffort = lanes.filter((lane) => !lane.counted).reduce((sum, lane) => sum + lane.effort, 0);
    return { name, personId, capacity, effort, uncountedEffort, items: owned.map(({ item }) => item), lanes, overAllocated: capacity !== null && effort > capacity };
  };
  const listed = people.map((person) => {
    const owned = byOwner.get(person.name.toLowerCase()) ?? [];
    byOwner.delete(person.name.toLowerCase());
    return loadOf(person.name, person.id, person.capacity, owned);
  });
  const unlisted = [...byOwner.values()].map((owned) => ({ ...loadOf((owned[0] as { item: Item }).item.owner, null, null, owned), overAllocated: false }));
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

export type LimitReason = 'item-limit' | 'capacity';

export type LaneEntryCheck =
  | { readonly ok: true; readonly warning: null | LimitReason }
  | {
      readonly ok: false;
      readonly reasons: ReadonlyArray<LimitReason>;
      readonly lane: LaneView;
      /**
       * Items that could leave to make room, weakest first by the combined score
       * (SCORE_FORMULAS.combined); unscored items first, as nothing argues for keeping them.
       */
      readonly candidates: readonly Item[];
      /** The combined score (0–1) each candidate was ordered by; null for unscored items. */
      readonly candidateScores: ReadonlyMap<string, number | null>;
    };

function limitReasons(lane: LaneView, estimate: number): LimitReason[] {
  const reasons: LimitReason[] = [];
  if (lane.itemLimit !== null && lane.items.length + 1 > lane.itemLimit) reasons.push('item-limit');
  if (lane.capacity !== null && effortOf(lane.items) + estimate > lane.capacity) reasons.push('capacity');
  return reasons;
}

/**
 * Whether an item may enter a lane. Under hard limits a full lane refuses it (the user must demote
 * something or state a reason); under soft limits it is allowed with a warning. Moving within the
 * same lane is always allowed.
 */
export function checkLaneEntry(board: BoardView, limitMode: LimitMode, itemId: string, targetLaneId: string): LaneEntryCheck {
  const lane = board.lanes.find((candidate) => candidate.id === targetLaneId);
  const item = board.lanes.flatMap((candidate) => candidate.items).find((candidate) => candidate.id === itemId);
  if (!lane || lane.items.some((candidate) => candidate.id === itemId)) return { ok: true, warning: null };
  const reasons = limitReasons(lane, item?.estimate ?? 0);
  if (reasons.length === 0) return { ok: true, warning: null };
  if (limitMode === 'soft') return { ok: true, warning: reasons[0] as LimitReason };
  const scores = combinedScores(board);
  const candidateScores = new Map(lane.items.map((candidate) => [candidate.id, scores.get(candidate.id) ?? null]));
  const candidates = [...lane.items].sort((a, b) => (candidateScores.get(a.id) ?? -1) - (candidateScores.get(b.id) ?? -1) || (a.id < b.id ? -1 : 1));
  return { ok: false, reasons, lane, candidates, candidateScores };
}

export interface DemoteTarget {
  readonly laneId: string;
  readonly laneName: string;
  /** The demoted item may go there without breaking a hard limit (after the swap itself). */
  readonly allowed: boolean;
  readonly reasons: ReadonlyArray<LimitReason>;
}

/**
 * Where the item displaced by "to add one, demote one" may go. The same hard-limit rule applies to
 * it as to any move: a lane that would go over its limit (counted after the swap, so the lane the
 * newcomer leaves has one more free place) is not allowed. Returns every lane but the target.
 */
export function demoteTargets(board: BoardView, limitMode: LimitMode, swap: { itemId: string; targetLaneId: string; demoteItemId: string }): DemoteTarget[] {
  const demoted = board.lanes.flatMap((lane) => lane.items).find((item) => item.id === swap.demoteItemId);
  return board.lanes
    .filter((lane) => lane.id !== swap.targetLaneId)
    .map((lane) => {
      // The lane as it will be when the demoted item arrives: the newcomer has left it.
      const after: LaneView = { ...lane, items: lane.items.filter((item) => item.id !== swap.itemId && item.id !== swap.demoteItemId) };
      const reasons = limitMode === 'hard' ? limitReasons(after, demoted?.estimate ?? 0) : [];
      return { laneId: lane.id, laneName: lane.name, allowed: reasons.length === 0, reasons };
    });
}
