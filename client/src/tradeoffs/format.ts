import { healthScore, SCORE_FORMULAS, valueScore, type EstimateUnit, type Item } from '@lanewise/shared';

export const UNIT_SHORT: Record<EstimateUnit, string> = { points: 'pts', 'person-weeks': 'pw' };
export const UNIT_LONG: Record<EstimateUnit, string> = { points: 'points', 'person-weeks': 'person-weeks' };

/** 1.8, 24, 240, 12k, 1.2M: short enough for a card, exact value in the tooltip. */
export function formatScore(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1_000_000) return `${trim(value / 1_000_000)}M`;
  if (abs >= 10_000) return `${Math.round(value / 1000)}k`;
  if (abs >= 1000) return `${trim(value / 1000)}k`;
  if (abs >= 100) return String(Math.round(value));
  if (abs >= 10) return trim(value);
  return value.toFixed(abs === 0 ? 0 : abs < 0.1 ? 2 : 1).replace(/\.0+$/, '');
}

function trim(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

const input = (value: number | null) => (value === null ? '—' : formatNumber(value));

export interface LensSummary {
  readonly value: number | null;
  readonly health: number | null;
  /** "Value score (RICE) = … \n 2000 × 2 × 0.8 ÷ 5 = 640" — for title attributes and descriptions. */
  readonly valueExplained: string;
  readonly healthExplained: string;
}

/** Both lenses of an item with their formula and inputs, so any number shown can be reproduced. */
export function lensSummary(item: Pick<Item, 'reach' | 'impact' | 'confidence' | 'techHealth' | 'risk' | 'estimate'>): LensSummary {
  const value = valueScore(item);
  const health = healthScore(item);
  const valueInputs = `reach ${input(item.reach)} × impact ${input(item.impact)} × confidence ${input(item.confidence)} ÷ effort ${input(item.estimate)}`;
  const healthInputs = `health gain ${input(item.techHealth)} × (4 − risk ${input(item.risk)}) ÷ effort ${input(item.estimate)}`;
  return {
    value,
    health,
    valueExplained: `${SCORE_FORMULAS.value}\n${valueInputs}${value === null ? ' — needs every input and an effort above 0' : ` = ${formatNumber(value)}`}`,
    healthExplained: `${SCORE_FORMULAS.health}\n${healthInputs}${health === null ? ' — needs every input and an effort above 0' : ` = ${formatNumber(health)}`}`,
  };
}

export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}
