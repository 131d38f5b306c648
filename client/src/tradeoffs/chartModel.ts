import { valueScore, type BoardView, type Item } from '@lanewise/shared';
import type { ChartAxes } from './tradeoffUiStore.ts';

export const LANE_COLORS = ['#3146c4', '#c2410c', '#0f766e', '#7e22ce', '#be123c', '#4d7c0f', '#0369a1', '#a16207', '#475569', '#9d174d'] as const;

export interface ChartPoint {
  readonly item: Item;
  readonly laneId: string;
  readonly laneName: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
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
  'value-effort': [
    { label: 'Quick wins', hint: 'high value, low effort', side: 'left', level: 'top' },
    { label: 'Big bets', hint: 'high value, high effort', side: 'right', level: 'top' },
    { label: 'Fill-ins', hint: 'low value, low effort', side: 'left', level: 'bottom' },
    { label: 'Money pits', hint: 'low value, high effort', side: 'right', level: 'bottom' },
  ],
  'impact-health': [
    { label: 'User wins', hint: 'high user impact, little health gain', side: 'left', level: 'top' },
    { label: 'Double wins', hint: 'high user impact and health gain', side: 'right', level: 'top' },
    { label: 'Low leverage', hint: 'little impact either way', side: 'left', level: 'bottom' },
    { label: 'Foundations', hint: 'health gain users do not see directly', side: 'right', level: 'bottom' },
  ],
};

/** Plots items by value against effort, or user impact against technical-health gain. */
export function chartModel(board: BoardView, axes: ChartAxes): ChartModel {
  const points: ChartPoint[] = [];
  const missing: Array<{ item: Item; laneName: string }> = [];
  board.lanes.forEach((lane, laneIndex) => {
    const color = LANE_COLORS[laneIndex % LANE_COLORS.length] as string;
    for (const item of lane.items) {
      const x = axes === 'value-effort' ? item.estimate : item.techHealth;
      const y = axes === 'value-effort' ? valueScore(item) : item.impact;
      if (x === null || y === null) missing.push({ item, laneName: lane.name });
      else points.push({ item, laneId: lane.id, laneName: lane.name, color, x, y });
    }
  });
  if (axes === 'value-effort') {
    const x = niceScale(Math.max(0, ...points.map((point) => point.x)) * 1.05);
    const y = niceScale(Math.max(0, ...points.map((point) => point.y)) * 1.05);
    const xMax = x.max;
    const yMax = y.max;
    return {
      xLabel: 'Effort (estimate)',
      yLabel: 'Value score (RICE)',
      xMax,
      yMax,
      xStep: x.step,
      yStep: y.step,
      xSplit: points.length > 0 ? median(points.map((point) => point.x)) : xMax / 2,
      ySplit: points.length > 0 ? median(points.map((point) => point.y)) : yMax / 2,
      splitNote: 'Quadrants split at the median effort and the median value of the plotted items.',
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
