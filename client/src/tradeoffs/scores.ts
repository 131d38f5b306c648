import { combinedScores, suggestedOrder, type BoardView, type OrderSuggestion } from '@lanewise/shared';
import type { BoardState } from '../board/boardState.ts';
import { toBoardView } from './boardView.ts';

const scoreCache = new WeakMap<BoardView, Map<string, number | null>>();
const suggestionCache = new WeakMap<object, { scores: Map<string, number | null>; suggestions: readonly OrderSuggestion[] }>();
const NONE: readonly OrderSuggestion[] = [];

/** Combined scores of the whole board (see SCORE_FORMULAS.combined), once per board state. */
export function boardScores(state: BoardState): Map<string, number | null> | null {
  const view = toBoardView(state);
  if (!view) return null;
  let scores = scoreCache.get(view);
  if (!scores) scoreCache.set(view, (scores = combinedScores(view)));
  return scores;
}

/** Where the scores would put a lane's items, only where it differs from today. Never reorders. */
export function laneSuggestions(state: BoardState, laneId: string): readonly OrderSuggestion[] {
  const view = toBoardView(state);
  const scores = boardScores(state);
  const lane = view?.lanes.find((candidate) => candidate.id === laneId);
  if (!lane || !scores) return NONE;
  const cached = suggestionCache.get(lane);
  if (cached && cached.scores === scores) return cached.suggestions;
  const suggestions = suggestedOrder(lane, scores);
  suggestionCache.set(lane, { scores, suggestions });
  return suggestions;
}
