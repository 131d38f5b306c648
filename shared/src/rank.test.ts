import { describe, expect, it } from 'vitest';
import { compareRanked, isValidRank, placeAt, rankAfter, sortRanked } from './rank.ts';

describe('rank', () => {
  it('orders by rank by code unit, then by id for equal ranks', () => {
    const sorted = sortRanked([
      { id: 'b', rank: 'a1' },
      { id: 'a', rank: 'a1' },
      { id: 'z', rank: 'a0' },
      { id: 'c', rank: 'Zz' },
    ]);
    expect(sorted.map((r) => r.id)).toEqual(['c', 'z', 'a', 'b']);
    expect(compareRanked({ id: 'x', rank: 'a0' }, { id: 'x', rank: 'a0' })).toBe(0);
  });

  it('places between distinct neighbours without touching them', () => {
    const siblings = [
      { id: 'a', rank: 'a0' },
      { id: 'b', rank: 'a1' },
    ];
    const { rank, reranked } = placeAt(siblings, 1);
    expect(rank > 'a0' && rank < 'a1').toBe(true);
    expect(reranked).toEqual([]);
    expect(placeAt(siblings, 0).rank < 'a0').toBe(true);
    expect(placeAt(siblings, 2).rank > 'a1').toBe(true);
    expect(placeAt([], 0).rank).toBe(rankAfter(null));
  });

  it('spreads a run of equal ranks when inserting inside it, keeping the current order', () => {
    const siblings = sortRanked([
      { id: 'p', rank: 'a0' },
      { id: 'x', rank: 'a1' },
      { id: 'y', rank: 'a1' },
      { id: 'z', rank: 'a1' },
      { id: 'q', rank: 'a2' },
    ]);
    const { rank, reranked } = placeAt(siblings, 2); // between x and y
    const merged = siblings.map((s) => ({ ...s, rank: reranked.find((r) => r.id === s.id)?.rank ?? s.rank }));
    merged.push({ id: 'new', rank });
    expect(sortRanked(merged).map((r) => r.id)).toEqual(['p', 'x', 'new', 'y', 'z', 'q']);
    expect(new Set(merged.map((r) => r.rank)).size).toBe(merged.length);
    expect(reranked.map((r) => r.id).sort()).toEqual(['x', 'y', 'z']);
  });

  it('rejects strings that are not fractional-index keys', () => {
    expect(isValidRank('a0')).toBe(true);
    expect(isValidRank('')).toBe(false);
    expect(isValidRank('a00')).toBe(false); // trailing zero is not canonical
    expect(isValidRank('!!')).toBe(false);
  });
});
