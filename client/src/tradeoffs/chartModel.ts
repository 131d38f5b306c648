import { benefitScores, type Benefit, type BoardView, type Item } from '@lanewise/shared';
import type { ChartAxes } from './tradeoffUiStore.ts';

export const LANE_COLORS = ['#3146c4', '#c2410c', '#0f766e', '#7e22ce', '#be123c', '#4d7c0f', '#0369a1', '#a16207', '#475569', '#9d174d'] as const;

export interface ChartPoint {
  readonly item: Item;
  readonly laneId: string;
  readonly laneName: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
  /** Benefit vs effort: what each lens contributes to y. */
  readonly benefit: Benefit | null;
}

export interface Quadrant {
  readonly label: string;
  readonly hint: string;
  /** Which corner: left/right on x, top/bottom on y. */
  readonly side: 'left' | 'right';
  readonly level: 'top' | 'bottom';
}

export interface ChartModel {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xMax: number;
  readonly yMax: number;
  readonly xStep: number;
  readonly yStep: number;
  /** Where the quadrants split (medians for value/effort, the scale midpoints for impact/health). */
  readonly xSplit: number;
  readonly ySplit: number;
  readonly splitNote: string;
  readonly quadrants: readonly Quadrant[];
  readonly points: readonly ChartPoint[];
  /** Items that lack an input for these axes. */
  readonly missing: readonly { readonly item: Item; readonly laneName: string }[];
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A round axis maximum and tick step (1, 2 or 5 × 10ⁿ) covering `value` in at most `steps` steps. */
export function niceScale(value: number, steps = 5): { max: number; step: number } {
  if (!(value > 0)) return { max: 1, step: 0.25 };
  const raw = value / steps;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((candidate) => candidate * magnitude >= raw) ?? 10) * magnitude;
  return { max: Math.ceil(value / step - 1e-9) * step, step };
}

export const QUADRANTS: Record<ChartAxes, readonly Quadrant[]> = {
  'benefit-effort': [
    { label: 'Quick wins', hint: 'high benefit (user value plus health), low effort', side: 'left', level: 'top' },
    { label: 'Big bets', hint: 'high benefit, high effort', side: 'right', level: 'top' },
    { label: 'Fill-ins', hint: 'low benefit, low effort', side: 'left', level: 'bottom' },
    { label: 'Money pits', hint: 'low benefit on both lenses, high effort', side: 'right', level: 'bottom' },
  ],
  'impact-health': [
    { label: 'User wins', hint: 'high user impact, little health gain', side: 'left', level: 'top' },
    { label: 'Double wins', hint: 'high user impact and health gain', side: 'right', level: 'top' },
    { label: 'Low leverage', hint: 'little impact either way', side: 'left', level: 'bottom' },
    { label: 'Foundations', hint: 'health gain users do not see directly', side: 'right', level: 'bottom' },
  ],
};

/**
 * Plots items by benefit against effort — benefit puts both lenses on one axis (SCORE_FORMULAS.benefit),
 * so tech-health work lands by its health benefit rather than at "value 0" — or by user impact
 * against technical-health gain.
 */
export function chartModel(board: BoardView, axes: ChartAxes): ChartModel {
  const points: ChartPoint[] = [];
  const missing: Array<{ item: Item; laneName: string }> = [];
  const benefits = axes === 'benefit-effort' ? benefitScores(board) : new Map<string, Benefit | null>();
  board.lanes.forEach((lane, laneIndex) => {
    const color = LANE_COLORS[laneIndex % LANE_COLORS.length] as string;
    for (const item of lane.items) {
      const benefit = benefits.get(item.id) ?? null;
      const x = axes === 'benefit-effort' ? item.estimate : item.techHealth;
      const y = axes === 'benefit-effort' ? (benefit?.total ?? null) : item.impact;
      if (x === null || y === null) missing.push({ item, laneName: lane.name });
      else points.push({ item, laneId: lane.id, laneName: lane.name, color, x, y, benefit });
    }
  });
  if (axes === 'benefit-effort') {
    const x = niceScale(Math.max(0, ...points.map((point) => point.x)) * 1.05);
    return {
      xLabel: 'Effort (estimate)',
      yLabel: 'Benefit: ½ user value + ½ health (0–100)',
      xMax: x.max,
      yMax: 100,
      xStep: x.step,
      yStep: 25,
      xSplit: points.length > 0 ? median(points.map((point) => point.x)) : x.max / 2,
      ySplit: points.length > 0 ? median(points.map((point) => point.y)) : 50,
      splitNote: 'Quadrants split at the median effort and the median benefit of the plotted items.',
      quadrants: QUADRANTS[axes],
      points,
      missing,
    };
  }
  return {
    xLabel: 'Technical-health gain (0–3)',
    yLabel: 'User impact (0–3)',
    xMax: 3,
    yMax: 3,
    xStep: 0.5,
    yStep: 0.5,
    xSplit: 1.5,
    ySplit: 1.5,
    splitNote: 'Quadrants split at the middle of each 0–3 scale.',
    quadrants: QUADRANTS[axes],
    points,
    missing,
  };
}

export interface Placed {
  readonly id: string;
  /** Where the point's value is. */
  readonly x: number;
  readonly y: number;
  /** Where its dot is drawn: the same place, or fanned out around it when others share the spot. */
  readonly dotX: number;
  readonly dotY: number;
  /** How many items share this spot (1 = alone). */
  readonly groupSize: number;
}

/**
 * Keeps every item visible: points closer than `minDistance` (screen units) to each other are
 * grouped, and the group's dots are fanned out on a small circle around its centre, in a stable
 * order (by id), each far enough from its neighbours not to cover them. Lone points stay put.
 */
export function spreadOverlaps(points: ReadonlyArray<{ id: string; x: number; y: number }>, minDistance: number): Map<string, Placed> {
  const sorted = [...points].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Single-linkage grouping with a small union-find.
  const parent = sorted.map((_, index) => index);
  const root = (index: number): number => (parent[index] === index ? index : (parent[index] = root(parent[index] as number)));
  const at = (index: number) => sorted[index] as { id: string; x: number; y: number };
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      if (Math.hypot(at(i).x - at(j).x, at(i).y - at(j).y) < minDistance) parent[root(j)] = root(i);
    }
  }
  const layout = () => {
    const groups = new Map<number, number[]>();
    sorted.forEach((_, index) => groups.set(root(index), [...(groups.get(root(index)) ?? []), index]));
    const placed = new Map<number, Placed>();
    for (const members of groups.values()) {
      const cx = members.reduce((sum, index) => sum + at(index).x, 0) / members.length;
      const cy = members.reduce((sum, index) => sum + at(index).y, 0) / members.length;
      const radius = members.length === 1 ? 0 : minDistance / 2 / Math.sin(Math.PI / Math.max(2, members.length)) + 1;
      members.forEach((index, order) => {
        const angle = -Math.PI / 2 + (2 * Math.PI * order) / members.length;
        placed.set(index, {
          id: at(index).id,
          x: at(index).x,
          y: at(index).y,
          dotX: members.length === 1 ? at(index).x : cx + radius * Math.cos(angle),
          dotY: members.length === 1 ? at(index).y : cy + radius * Math.sin(angle),
          groupSize: members.length,
        });
      });
    }
    return placed;
  };
  // A fanned-out group can land on a neighbour: then they become one group, until nothing collides.
  let placed = layout();
  for (let round = 0; round < sorted.length; round++) {
    let merged = false;
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        if (root(i) === root(j)) continue;
        const a = placed.get(i) as Placed;
        const b = placed.get(j) as Placed;
        if (Math.hypot(a.dotX - b.dotX, a.dotY - b.dotY) < minDistance) {
          parent[root(j)] = root(i);
          merged = true;
        }
      }
    }
    if (!merged) break;
    placed = layout();
  }
  return new Map([...placed.values()].map((place) => [place.id, place]));
}

export interface LabelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const overlaps = (a: LabelBox, b: LabelBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Which point labels fit without overlapping each other or other points (greedy, in the given
 * order); the rest show on hover and focus only.
 */
export function placeLabels(candidates: ReadonlyArray<{ id: string; box: LabelBox; dot: LabelBox }>): Set<string> {
  const placed: LabelBox[] = [];
  const dots = candidates.map((candidate) => candidate.dot);
  const shown = new Set<string>();
  for (const candidate of candidates) {
    if (placed.some((box) => overlaps(box, candidate.box))) continue;
    if (dots.some((dot) => dot !== candidate.dot && overlaps(dot, candidate.box))) continue;
    placed.push(candidate.box);
    shown.add(candidate.id);
  }
  return shown;
}
