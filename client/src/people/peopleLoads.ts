import { peopleLoad, type Person, type PersonLoad } from '@lanewise/shared';
import type { BoardState } from '../board/boardState.ts';
import { toBoardView } from '../tradeoffs/boardView.ts';

let last: { view: unknown; people: readonly Person[]; loads: readonly PersonLoad[] } | null = null;

/** Each person's load against their capacity (owners not listed appear without one); memoised. */
export function peopleLoads(state: BoardState, people: readonly Person[]): readonly PersonLoad[] {
  const view = toBoardView(state);
  if (!view) return [];
  if (last && last.view === view && last.people === people) return last.loads;
  const loads = peopleLoad(view, people);
  last = { view, people, loads };
  return loads;
}

/** Parses a capacity as typed: empty for none, else a number ≥ 0. */
export function parseCapacity(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 ? value : 'invalid';
}
