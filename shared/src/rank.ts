import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/** Anything ordered by a fractional-index rank; equal ranks are ordered by id. */
export interface Ranked {
  readonly id: string;
  readonly rank: string;
}

/**
 * Total order over ranked records. Ranks compare by code unit (not locale), as fractional-indexing
 * keys require; concurrent inserts at one spot get equal ranks and fall back to the id, so every
 * peer sees one order.
 */
export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

export function sortRanked<T extends Ranked>(records: readonly T[]): T[] {
  return [...records].sort(compareRanked);
}

export function isValidRank(rank: string): boolean {
  try {
    generateKeyBetween(rank, null);
    return true;
  } catch {
    return false;
  }
}

export function rankAfter(rank: string | null): string {
  return generateKeyBetween(rank, null);
}

/**
 * Where a record lands in a sorted sibling list (which must not contain the record itself).
 * `index` is the insertion position, 0..siblings.length.
 * Returns the new rank for the record plus any siblings that must be re-ranked: when the two
 * neighbours share a rank (concurrent inserts) there is no key strictly between them, so the run
 * of equal ranks around the gap is spread out again, in its current order.
 */
export function placeAt(
  siblings: readonly Ranked[],
  index: number,
): { rank: string; reranked: Array<{ id: string; rank: string }> } {
  const left = siblings[index - 1];
  const right = siblings[index];
  if (!left || !right || left.rank < right.rank) {
    return { rank: generateKeyBetween(left?.rank ?? null, right?.rank ?? null), reranked: [] };
  }
  // left.rank === right.rank: spread the whole run of that rank, with the new record inside it.
  const tied = left.rank;
  let start = index - 1;
  while (start > 0 && siblings[start - 1]?.rank === tied) start--;
  let end = index; // exclusive end of the run
  while (end < siblings.length && siblings[end]?.rank === tied) end++;
  const lower = siblings[start - 1]?.rank ?? null;
  const upper = siblings[end]?.rank ?? null;
  const count = end - start + 1;
  const keys = generateNKeysBetween(lower, upper, count);
  const reranked: Array<{ id: string; rank: string }> = [];
  let rank = '';
  let key = 0;
  for (let i = start; i <= end; i++) {
    if (i === index) rank = keys[key++] as string;
    if (i < end) {
      const sibling = siblings[i] as Ranked;
      reranked.push({ id: sibling.id, rank: keys[key++] as string });
    }
  }
  return { rank, reranked };
}
