import { describe, expect, it } from 'vitest';
import type { PokerRound } from '@lanewise/shared';
import { canPick, pokerEffects, voterKey, voterName, type LocalPick } from './pokerState.ts';

const round = (status: PokerRound['status'], id = 'r1'): PokerRound => ({
  id,
  itemId: 'a',
  scale: 'fibonacci',
  cards: ['1', '2', '3', '5'],
  facilitator: 'Dana',
  status,
  startedAt: 1,
  votes: {},
  accepted: null,
});
const pick = (published = false, roundId = 'r1'): LocalPick => ({ itemId: 'a', roundId, card: '5', published });

describe('pokerEffects', () => {
  it('keeps a pick private while the round is voting', () => {
    expect(pokerEffects({ a: round('voting') }, { r1: pick() })).toEqual({ publish: [], forget: [] });
  });
  it('publishes an unpublished pick once the round is revealed, and only once', () => {
    expect(pokerEffects({ a: round('revealed') }, { r1: pick() }).publish).toEqual([pick()]);
    expect(pokerEffects({ a: round('revealed') }, { r1: pick(true) }).publish).toEqual([]);
  });
  it('forgets picks of closed, cancelled or replaced rounds', () => {
    expect(pokerEffects({ a: round('closed') }, { r1: pick() }).forget).toEqual(['r1']);
    expect(pokerEffects({}, { r1: pick() }).forget).toEqual(['r1']);
    expect(pokerEffects({ a: round('voting', 'r2') }, { r1: pick() })).toEqual({ publish: [], forget: ['r1'] });
  });
  it('allows picking only while voting, and never on a view-only link', () => {
    expect(canPick(round('voting'), false)).toBe(true);
    expect(canPick(round('voting'), true)).toBe(false);
    expect(canPick(round('revealed'), false)).toBe(false);
    expect(canPick(undefined, false)).toBe(false);
  });
  it('keys votes by name and client, and shows the name', () => {
    expect(voterKey('Dana', 42)).toBe('Dana#42');
    expect(voterName('Dana#42')).toBe('Dana');
    expect(voterKey('x'.repeat(200), 7)).toHaveLength(120);
  });
});
