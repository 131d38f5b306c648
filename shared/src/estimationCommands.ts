import * as Y from 'yjs';
import { itemsMap, pokerMap } from './boardDoc.ts';
import { updateItem } from './commands.ts';
import { BoardCommandError, BoardErrorCode } from './errors.ts';
import { newId } from './ids.ts';
import { DEFAULT_ORIGIN, type BoardOrigin } from './origin.ts';
import { parseInput } from './parseInput.ts';
import { POKER_SCALES, pokerRoundSchema, type PokerRound, type PokerScale } from './schema.ts';

/**
 * Live estimation ("planning poker"). The round lives in the document so late joiners see it;
 * votes do not: each client keeps its pick locally and only announces *that* it voted (awareness),
 * then writes the pick into the round when the facilitator reveals. Someone who leaves before the
 * reveal is simply not counted.
 */

/** Points used when a T-shirt size is accepted as the estimate. */
export const TSHIRT_POINTS: Readonly<Record<string, number>> = { XS: 1, S: 2, M: 3, L: 5, XL: 8 };

/** What each participant publishes in awareness during a round. */
export interface EstimationPresence {
  readonly itemId: string;
  readonly roundId: string;
  readonly voted: boolean;
}

export function readEstimation(doc: Y.Doc, itemId: string): PokerRound | undefined {
  const map = pokerMap(doc).get(itemId);
  return map instanceof Y.Map ? (map.toJSON() as PokerRound) : undefined;
}

function requireRound(doc: Y.Doc, itemId: string, roundId: string): Y.Map<unknown> {
  const map = pokerMap(doc).get(itemId);
  if (!(map instanceof Y.Map) || map.get('id') !== roundId) throw new BoardCommandError(BoardErrorCode.Conflict, 'That estimation round has ended; a new one may have started.');
  return map;
}

export function startEstimation(
  doc: Y.Doc,
  input: { itemId: string; scale: PokerScale; cards?: readonly string[]; facilitator: string },
  origin: BoardOrigin = DEFAULT_ORIGIN,
): string {
  if (!itemsMap(doc).has(input.itemId)) throw new BoardCommandError(BoardErrorCode.NotFound, 'That item no longer exists.');
  const cards = input.scale === 'custom' ? (input.cards ?? []).map((card) => card.trim()).filter(Boolean) : [...POKER_SCALES[input.scale]];
  const round = parseInput(
    pokerRoundSchema,
    { id: newId(), itemId: input.itemId, scale: input.scale, cards, facilitator: input.facilitator.trim(), status: 'voting', startedAt: Date.now(), votes: {}, accepted: null },
    'estimation round',
  );
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(round)) if (key !== 'votes') map.set(key, value);
    map.set('votes', new Y.Map<string>());
    pokerMap(doc).set(input.itemId, map);
  }, origin);
  return round.id;
}

/**
 * Starts the round again after a reveal — typically after a wide spread and a discussion: a new
 * round (new id) with the same cards and facilitator, no votes. Picks of the old round are void.
 */
export function revoteEstimation(doc: Y.Doc, itemId: string, roundId: string, origin: BoardOrigin = DEFAULT_ORIGIN): string {
  const map = requireRound(doc, itemId, roundId);
  const round = map.toJSON() as PokerRound;
  if (round.status !== 'revealed') throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Re-vote after the votes are revealed.');
  return startEstimation(doc, { itemId, scale: round.scale, cards: round.cards, facilitator: round.facilitator }, origin);
}

export function revealEstimation(doc: Y.Doc, itemId: string, roundId: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = requireRound(doc, itemId, roundId);
  doc.transact(() => map.set('status', 'revealed'), origin);
}

/** Writes one participant's pick, only once the round is revealed. */
export function publishVote(doc: Y.Doc, itemId: string, roundId: string, voterKey: string, card: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = requireRound(doc, itemId, roundId);
  if (map.get('status') !== 'revealed') throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Votes stay hidden until the facilitator reveals them.');
  if (!(map.get('cards') as string[]).includes(card)) throw new BoardCommandError(BoardErrorCode.InvalidInput, `“${card}” is not a card of this round.`);
  doc.transact(() => (map.get('votes') as Y.Map<string>).set(voterKey.slice(0, 120), card), origin);
}

/** The numeric estimate a card stands for, or null ("?", or a custom card that is not a number). */
export function cardValue(card: string): number | null {
  if (card in TSHIRT_POINTS) return TSHIRT_POINTS[card] ?? null;
  const value = Number(card);
  return card.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** Accepts a card as the item's estimate (the decision log records the estimate) and ends the round. */
export function acceptEstimate(doc: Y.Doc, itemId: string, roundId: string, card: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = requireRound(doc, itemId, roundId);
  const value = cardValue(card);
  if (value === null) throw new BoardCommandError(BoardErrorCode.InvalidInput, `“${card}” is not an estimate; pick a number.`);
  doc.transact(() => {
    updateItem(doc, itemId, { estimate: value }, origin);
    map.set('accepted', card);
    map.set('status', 'closed');
  }, origin);
}

export function cancelEstimation(doc: Y.Doc, itemId: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  if (!pokerMap(doc).has(itemId)) return;
  doc.transact(() => pokerMap(doc).delete(itemId), origin);
}

export interface EstimationSpread {
  readonly votes: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly median: number | null;
  /** Everyone picked the same card. */
  readonly consensus: boolean;
  /** Card → how many picked it, most picked first. */
  readonly counts: ReadonlyArray<readonly [string, number]>;
  /**
   * The votes lie more than one card apart on the round's scale (say 3 and 8 on Fibonacci): the
   * team sees the work differently — talk it through and vote again.
   */
  readonly wide: boolean;
}

export function estimationSpread(votes: Readonly<Record<string, string>>, cards: readonly string[] = []): EstimationSpread {
  const picked = Object.values(votes);
  const counts = new Map<string, number>();
  for (const card of picked) counts.set(card, (counts.get(card) ?? 0) + 1);
  const numbers = picked.map(cardValue).filter((value): value is number => value !== null).sort((a, b) => a - b);
  const middle = numbers.length / 2;
  const median = numbers.length === 0 ? null : numbers.length % 2 === 1 ? (numbers[Math.floor(middle)] as number) : ((numbers[middle - 1] as number) + (numbers[middle] as number)) / 2;
  // Steps apart on the scale: by card position when the deck is known, else by value (more than double).
  const positions = picked.map((card) => cards.indexOf(card)).filter((index) => index >= 0 && cardValue(cards[index] as string) !== null);
  const min = numbers[0] ?? null;
  const max = numbers.at(-1) ?? null;
  const wide = positions.length >= 2 ? Math.max(...positions) - Math.min(...positions) >= 2 : min !== null && max !== null && max > Math.max(1, 2 * min);
  return {
    votes: picked.length,
    min,
    max,
    median,
    consensus: picked.length > 0 && counts.size === 1,
    counts: [...counts].sort((a, b) => b[1] - a[1]),
    wide,
  };
}
