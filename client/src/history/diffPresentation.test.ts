import { diffBoards, type BoardView, type Item } from '@lanewise/shared';
import { describe, expect, it } from 'vitest';
import { cardHighlights, diffSections, diffSummary, formatValue } from './diffPresentation.ts';

const item = (id: string, title: string, extra: Partial<Item> = {}): Item => ({
  id,
  title,
  description: '',
  laneId: 'x',
  rank: 'a0',
  owner: '',
  estimate: null,
  tags: [],
  kind: 'feature',
  reach: null,
  impact: null,
  confidence: null,
  techHealth: null,
  risk: null,
  createdBy: 'Dana',
  createdAt: 0,
  ...extra,
}) as Item;

const board = (lanes: Record<string, Item[]>, limits: Record<string, number | null> = {}): BoardView =>
  ({
    meta: { title: 'Plan' },
    lanes: Object.entries(lanes).map(([name, items], index) => ({ id: name, name, rank: `a${index}`, itemLimit: limits[name] ?? null, capacity: null, items })),
  }) as unknown as BoardView;

describe('diff presentation', () => {
  const before = board({ P0: [item('a', 'Alpha'), item('b', 'Beta'), item('c', 'Gamma')], P1: [item('sso', 'SSO', { estimate: 3 })], P2: [item('old', 'Legacy export')] });
  const after = board(
    { P0: [item('sso', 'SSO', { estimate: 5 }), item('c', 'Gamma'), item('a', 'Alpha'), item('b', 'Beta')], P1: [item('new', 'Audit log')], P2: [] },
    { P0: 4 },
  );
  const diff = diffBoards(before, after);

  it('reads as sections of plain sentences', () => {
    const sections = Object.fromEntries(diffSections(diff).map((section) => [section.heading, section.lines.map((line) => `${line.title}: ${line.text}`)]));
    expect(sections).toEqual({
      Added: ['Audit log: in P1 #1'],
      Removed: ['Legacy export: was in P2 #1'],
      'Moved between lanes': ['SSO: P1 #1 → P0 #1'],
      'Re-ranked': ['Gamma: #3 → #2 in P0'],
      'Changed fields': ['SSO: estimate 3 → 5'],
      Lanes: ['P0: item limit — → 4'],
    });
    expect(diffSummary(diff)).toBe('1 added · 1 removed · 1 moved · 1 re-ranked · 1 edited · 1 lane change');
  });

  it('says so when nothing changed', () => {
    const same = diffBoards(before, before);
    expect(diffSections(same)).toEqual([]);
    expect(diffSummary(same)).toBe('No changes');
  });

  it('marks each changed card once, the move winning over the edit', () => {
    const marks = cardHighlights(diff);
    expect(marks.get('sso')).toMatchObject({ kind: 'moved', badge: 'From P1' });
    expect(marks.get('new')).toMatchObject({ kind: 'added', badge: 'New' });
    expect(marks.get('c')).toMatchObject({ kind: 'reranked', badge: '#3 → #2' });
    expect(marks.has('a')).toBe(false);
  });

  it('formats values for people', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue(['api', 'auth'])).toBe('api, auth');
    expect(formatValue('x'.repeat(80))).toHaveLength(48);
  });
});
