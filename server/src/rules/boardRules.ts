import type { BoardRule } from './BoardRule.ts';
import { commentsByTheirAuthor } from './commentsByTheirAuthor.ts';
import { facilitationServerOnly, lockedBoard } from './facilitation.ts';
import { hardLimits } from './hardLimits.ts';
import { retroActionOwners } from './retroActionOwners.ts';
import { retroFacilitatorOnly } from './retroFacilitatorOnly.ts';
import { retroItemFields } from './retroItemFields.ts';
import { retroPhaseWrites } from './retroPhaseWrites.ts';
import { viewersMayNotWrite } from './viewersMayNotWrite.ts';
import { votesByTheirVoter } from './votesByTheirVoter.ts';

/**
 * The rules every update of a connection passes, in order, after schema validation and before
 * it is stored. Add a rule here (one module each): lane hard limits, comment and vote
 * authorship, facilitator-only retro actions, vote budgets.
 */
export const BOARD_RULES: readonly BoardRule[] = [
  viewersMayNotWrite,
  lockedBoard,
  facilitationServerOnly,
  hardLimits,
  commentsByTheirAuthor,
  votesByTheirVoter,
  retroFacilitatorOnly,
  retroPhaseWrites,
  retroItemFields,
  retroActionOwners,
];

/** The first refusal of `rules`, or null. */
export function firstRefusal(rules: readonly BoardRule[], input: Parameters<BoardRule['check']>[0]): ReturnType<BoardRule['check']> {
  for (const rule of rules) {
    const refusal = rule.check(input);
    if (refusal) return refusal;
  }
  return null;
}
