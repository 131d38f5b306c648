import { describe, expect, it } from 'vitest';
import { actorsOf, decisionSentence, feedEntries, matchesFilter, mergeEntries, relativeTime } from './decisionFormat.ts';
import { entry, place } from './testEntries.ts';

const sso = { id: 'sso', title: 'SSO' };
const billing = { id: 'bill', title: 'Billing' };

describe('decisionSentence', () => {
  it('names the actor, marks an unverified one, and says from where to where', () => {
    const move = entry(3, 'item.moved', { item: sso, from: place('P1', 2), to: place('P0', 1), rationale: 'Enterprise deal' });
    expect(decisionSentence(move)).toBe('Dana (unverified) moved “SSO” from P1 #2 to P0 #1');
    expect(decisionSentence({ ...move, actor: { name: 'Lee', verified: true } })).toBe('Lee moved “SSO” from P1 #2 to P0 #1');
  });
});

describe('feed filters', () => {
  const log = [
    entry(1, 'item.created', { item: sso, to: place('P1', 1) }),
    entry(2, 'item.created', { item: billing, to: place('P1', 2), by: 'Lee' }),
    entry(3, 'item.moved', { item: sso, from: place('P1', 1), to: place('P0', 1), by: 'Lee' }),
    entry(4, 'lane.added', { details: { laneName: 'Later' } }),
  ];

  it('narrows by person and by item, and both', () => {
    expect(log.filter((e) => matchesFilter(e, { actor: 'Lee' })).map((e) => e.seq)).toEqual([2, 3]);
    expect(log.filter((e) => matchesFilter(e, { itemId: 'sso' })).map((e) => e.seq)).toEqual([1, 3]);
    expect(log.filter((e) => matchesFilter(e, { actor: 'Lee', itemId: 'sso' })).map((e) => e.seq)).toEqual([3]);
    expect(log.filter((e) => matchesFilter(e, {})).length).toBe(4);
  });

  it('merges server pages with live entries, newest first, without duplicates', () => {
    const pages = [log[1], log[2]].filter((e) => e !== undefined);
    const live = [log[2], log[3], entry(5, 'item.reranked', { item: sso, from: place('P0', 1), to: place('P0', 2) })].filter((e) => e !== undefined);
    expect(feedEntries(pages, live, {}, false).map((e) => e.seq)).toEqual([5, 4, 3, 2]);
    expect(feedEntries(pages, live, { itemId: 'sso' }, false).map((e) => e.seq)).toEqual([5, 3]);
  });

  it('leaves out live entries older than the loaded pages until the older page is loaded', () => {
    const pages = [log[2], log[3]].filter((e) => e !== undefined);
    expect(feedEntries(pages, log, {}, false).map((e) => e.seq)).toEqual([4, 3]);
    expect(feedEntries(pages, log, {}, true).map((e) => e.seq)).toEqual([4, 3, 2, 1]);
  });

  it('lists each person once, most recent first', () => {
    expect(actorsOf(log)).toEqual(['Dana', 'Lee']);
    expect(actorsOf(log, ['Sam'])).toEqual(['Dana', 'Lee', 'Sam']);
    expect(mergeEntries(log, log).length).toBe(4);
  });
});

describe('relativeTime', () => {
  const now = Date.UTC(2025, 5, 10, 12, 0);
  it('reads like a person would say it', () => {
    expect(relativeTime(now - 5_000, now)).toBe('just now');
    expect(relativeTime(now - 4 * 60_000, now)).toBe('4 min ago');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(relativeTime(now - 30 * 3_600_000, now)).toBe('yesterday');
    expect(relativeTime(now - 4 * 86_400_000, now)).toBe('4 days ago');
    expect(relativeTime(now + 10_000, now)).toBe('just now');
  });
});
