import type { PokerRound } from '@lanewise/shared';

/** This browser's private pick in one round. Never written to the document before the reveal. */
export interface LocalPick {
  readonly itemId: string;
  readonly roundId: string;
  readonly card: string;
  /** Written into the round (publishVote) after the reveal. */
  readonly published: boolean;
}

export type LocalPicks = Readonly<Record<string, LocalPick>>;

export interface PokerEffects {
  /** Picks to write now: their round was revealed and this browser has not published yet. */
  readonly publish: readonly LocalPick[];
  /** Round ids whose picks are stale (round ended, was cancelled or replaced). */
  readonly forget: readonly string[];
}

/**
 * The client side of a round: what to do with local picks given the rounds in the document.
 * voting → keep the pick private (awareness only says "voted"); revealed → publish it once;
 * closed, cancelled or replaced by a new round → forget it.
 */
export function pokerEffects(rounds: Readonly<Record<string, PokerRound>>, picks: LocalPicks): PokerEffects {
  const publish: LocalPick[] = [];
  const forget: string[] = [];
  for (const pick of Object.values(picks)) {
    const round = rounds[pick.itemId];
    if (!round || round.id !== pick.roundId || round.status === 'closed') forget.push(pick.roundId);
    else if (round.status === 'revealed' && !pick.published) publish.push(pick);
  }
  return { publish, forget };
}

/** Whether this browser may still pick (or change its pick) in a round. */
export function canPick(round: PokerRound | undefined, readOnly: boolean): boolean {
  return round !== undefined && round.status === 'voting' && !readOnly;
}

/** A voter key is "<name>#<awareness client id>", so two people with one name do not overwrite each other. */
export function voterKey(name: string, clientId: number): string {
  const suffix = `#${clientId}`;
  return `${name.slice(0, 120 - suffix.length)}${suffix}`;
}

export function voterName(key: string): string {
  return key.replace(/#\d+$/, '') || 'Someone';
}
