import { checkLaneEntry, demoteTargets, type DemoteTarget, type Item, type ItemTarget, type LimitReason } from '@lanewise/shared';
import type { BoardState } from '../board/boardState.ts';
import { targetForIndex } from '../board/dragModel.ts';
import { laneOfItem } from '../board/selectors.ts';
import { toBoardView } from './boardView.ts';

/** A move the user asked for (a drop) that needs their answer before it is written. */
export interface PendingMove {
  readonly itemId: string;
  readonly title: string;
  readonly target: ItemTarget;
  readonly fromLaneId: string;
  /**
   * 'limit': a hard-limited lane is full — demote one or override with a reason.
   * 'rationale': the item enters the top lane — say why (may be skipped).
   */
  readonly ask: 'limit' | 'rationale';
  readonly laneName: string;
  /** Why the lane refuses it (hard) or warns (soft). */
  readonly reasons: ReadonlyArray<'item-limit' | 'capacity'>;
  /** Items that could leave, weakest combined score first (hard limits only). */
  readonly candidates: readonly Item[];
  /** The combined score (0–1) each candidate is ordered by; null when unscored. */
  readonly candidateScores: ReadonlyMap<string, number | null>;
}

/** A soft-limit warning, worded before the move ("would be") and after it ("is now"). */
export interface LimitWarning {
  readonly before: string;
  readonly after: string;
}

export type MovePlan =
  | { readonly kind: 'write'; readonly warning: LimitWarning | null }
  | { readonly kind: 'ask'; readonly pending: PendingMove; readonly warning: LimitWarning | null };

/** The soft-limit warning in both tenses: asked before anything moved, notified after. */
export function limitWarning(state: BoardState, laneId: string, reason: LimitReason, itemId: string): LimitWarning {
  const lane = state.lanes[laneId];
  const name = lane?.name ?? 'The lane';
  if (!lane) return { before: `${name} would be over its limit.`, after: `${name} is now over its limit.` };
  const detail =
    reason === 'item-limit'
      ? `its item limit (${lane.itemIds.length + 1} of ${lane.itemLimit ?? '∞'})`
      : `its capacity (${lane.estimateSum + (state.items[itemId]?.estimate ?? 0)} of ${lane.capacity ?? '∞'})`;
  return { before: `${name} would be over ${detail}. Limits on this board are soft.`, after: `${name} is now over ${detail}. Limits on this board are soft.` };
}

/**
 * What a drop turns into: written at once (maybe with a soft-limit warning), or a question first —
 * a full hard lane asks to demote one or override with a reason; entering the top lane asks why.
 */
export function planMove(state: BoardState, itemId: string, target: ItemTarget): MovePlan {
  const view = toBoardView(state);
  const fromLaneId = laneOfItem(state, itemId);
  if (!view || !state.meta || fromLaneId === undefined || fromLaneId === target.laneId) return { kind: 'write', warning: null };
  const check = checkLaneEntry(view, state.meta.limitMode, itemId, target.laneId);
  const base = { itemId, title: state.items[itemId]?.title ?? 'this item', target, fromLaneId, laneName: state.lanes[target.laneId]?.name ?? 'the lane' };
  if (!check.ok) return { kind: 'ask', warning: null, pending: { ...base, ask: 'limit', reasons: check.reasons, candidates: check.candidates, candidateScores: check.candidateScores } };
  const warning = check.warning ? limitWarning(state, target.laneId, check.warning, itemId) : null;
  if (target.laneId === state.laneIds[0]) return { kind: 'ask', warning, pending: { ...base, ask: 'rationale', reasons: check.warning ? [check.warning] : [], candidates: [], candidateScores: new Map() } };
  return { kind: 'write', warning };
}

/** The user's answer in the move dialog. */
export type MoveDecision =
  | { readonly kind: 'cancel' }
  /** Top-lane question: move, with the reason if one was given. */
  | { readonly kind: 'move'; readonly rationale?: string }
  | { readonly kind: 'override'; readonly rationale: string }
  | { readonly kind: 'demote'; readonly demoteItemId: string; readonly demoteToLaneId: string; readonly rationale?: string };

export type MoveCommand =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'move'; readonly itemId: string; readonly target: ItemTarget; readonly rationale?: string }
  | {
      readonly kind: 'swap';
      readonly input: { itemId: string; target: ItemTarget; demoteItemId: string; demoteTo: ItemTarget };
      readonly rationale?: string;
    };

/**
 * Re-expresses a placement in the lane as it is now, without `leaving` (the demoted item) —
 * a drop "before X" where X is the one demoted must not point at X after it left.
 */
export function placementWithout(target: ItemTarget, laneIds: readonly string[], itemId: string, leaving: string | null): ItemTarget {
  const siblings = laneIds.filter((id) => id !== itemId);
  let index = siblings.length;
  if ('position' in target) index = target.position === 'top' ? 0 : siblings.length;
  else {
    const anchor = 'before' in target ? target.before : target.after;
    const at = siblings.indexOf(anchor);
    if (at !== -1) index = 'before' in target ? at : at + 1;
  }
  const leavingAt = leaving === null ? -1 : siblings.indexOf(leaving);
  const remaining = leavingAt === -1 ? siblings : siblings.filter((id) => id !== leaving);
  if (leavingAt !== -1 && leavingAt < index) index -= 1;
  return targetForIndex(target.laneId, remaining, index);
}

const optionalReason = (text: string | undefined) => (text !== undefined && text.trim() !== '' ? { rationale: text.trim() } : {});

/** Maps the answer onto exactly one command, against the board as it is at the moment of confirming. */
export function commandForDecision(state: BoardState, pending: PendingMove, decision: MoveDecision): MoveCommand {
  if (decision.kind === 'cancel') return { kind: 'none' };
  if (!state.items[pending.itemId]) return { kind: 'invalid', message: `“${pending.title}” was deleted meanwhile.` };
  const laneIds = state.lanes[pending.target.laneId]?.itemIds;
  if (!laneIds) return { kind: 'invalid', message: `${pending.laneName} was removed meanwhile.` };
  if (decision.kind === 'move') return { kind: 'move', itemId: pending.itemId, target: placementWithout(pending.target, laneIds, pending.itemId, null), ...optionalReason(decision.rationale) };
  if (decision.kind === 'override') {
    if (decision.rationale.trim() === '') return { kind: 'invalid', message: 'State a reason to go over the limit; it goes into the decision log.' };
    return { kind: 'move', itemId: pending.itemId, target: placementWithout(pending.target, laneIds, pending.itemId, null), rationale: decision.rationale.trim() };
  }
  if (!laneIds.includes(decision.demoteItemId)) return { kind: 'invalid', message: `That item is no longer in ${pending.laneName}; pick another.` };
  if (decision.demoteToLaneId === pending.target.laneId || !state.lanes[decision.demoteToLaneId]) return { kind: 'invalid', message: 'Pick another lane for the demoted item.' };
  // The demoted item obeys the same hard limits, checked against the board as it is now.
  const destination = demoteOptions(state, pending, decision.demoteItemId).find((option) => option.laneId === decision.demoteToLaneId);
  if (!destination?.allowed) {
    return { kind: 'invalid', message: `${destination?.laneName ?? 'That lane'} is full too: pick a lane with room for it, or override the limit with a reason.` };
  }
  return {
    kind: 'swap',
    input: {
      itemId: pending.itemId,
      target: placementWithout(pending.target, laneIds, pending.itemId, decision.demoteItemId),
      demoteItemId: decision.demoteItemId,
      demoteTo: { laneId: decision.demoteToLaneId, position: 'top' },
    },
    ...optionalReason(decision.rationale),
  };
}

/**
 * Where the item to demote may go: every lane but the target, each marked allowed or not under
 * the board's limits (a full hard lane is not a place to demote into, and never a way up).
 */
export function demoteOptions(state: BoardState, pending: PendingMove, demoteItemId: string): DemoteTarget[] {
  const view = toBoardView(state);
  if (!view || !state.meta) return [];
  return demoteTargets(view, state.meta.limitMode, { itemId: pending.itemId, targetLaneId: pending.target.laneId, demoteItemId });
}

/** The lane a demoted item goes to unless the user picks another: where the newcomer came from, else the nearest allowed lane below. */
export function defaultDemoteLane(state: BoardState, pending: PendingMove, options: readonly DemoteTarget[]): string | null {
  const allowed = options.filter((option) => option.allowed);
  if (allowed.some((option) => option.laneId === pending.fromLaneId)) return pending.fromLaneId;
  const targetIndex = state.laneIds.indexOf(pending.target.laneId);
  const below = allowed.find((option) => state.laneIds.indexOf(option.laneId) > targetIndex);
  return (below ?? allowed[0])?.laneId ?? null;
}
