import { describe, expect, it } from 'vitest';
import { changedFields, draftFromItem, EMPTY_DRAFT, parseTags, patchFromDraft, riceScore } from './itemForm.ts';

describe('item form', () => {
  it('turns typed text into a patch: numbers, empty numbers as null, tags split and de-duplicated', () => {
    const { patch, errors } = patchFromDraft({ ...EMPTY_DRAFT, title: '  SSO ', estimate: '5', reach: '', tags: 'security, , enterprise,security' });
    expect(errors).toEqual({});
    expect(patch).toMatchObject({ title: 'SSO', estimate: 5, reach: null, tags: ['security', 'enterprise'] });
    expect(parseTags(' a ,b,, a')).toEqual(['a', 'b']);
  });

  it('reports each invalid field with a sentence', () => {
    const { errors } = patchFromDraft({ ...EMPTY_DRAFT, title: ' ', estimate: '-1', confidence: '80', risk: 'high', tags: 'x'.repeat(41) });
    expect(errors.title).toMatch(/must not be empty/);
    expect(errors.estimate).toMatch(/0 or more/);
    expect(errors.confidence).toMatch(/between 0 and 1/);
    expect(errors.risk).toMatch(/between 1/);
    expect(errors.tags).toMatch(/40 characters/);
    expect(patchFromDraft({ ...EMPTY_DRAFT, title: 'x'.repeat(201) }).errors.title).toMatch(/^Title .*200/);
  });

  it('patches only the fields the user changed', () => {
    const original = draftFromItem({
      id: 'a',
      title: 'SSO',
      description: '',
      laneId: 'l',
      rank: 'a0',
      owner: 'Priya',
      estimate: 5,
      tags: ['security'],
      kind: 'feature',
      reach: null,
      impact: 2,
      confidence: 0.8,
      techHealth: null,
      risk: null,
      createdBy: 'Priya',
      createdAt: 0,
    });
    const { patch } = patchFromDraft({ ...original, owner: 'Dana', tags: 'security, sso' });
    expect(changedFields(patch, original)).toEqual({ owner: 'Dana', tags: ['security', 'sso'] });
  });

  it('computes RICE only with all inputs and a non-zero estimate', () => {
    expect(riceScore({ reach: 1000, impact: 2, confidence: 0.5, estimate: 4 })).toBe(250);
    expect(riceScore({ reach: 1000, impact: 2, confidence: 0.5, estimate: 0 })).toBeNull();
    expect(riceScore({ reach: null, impact: 2, confidence: 0.5, estimate: 4 })).toBeNull();
  });
});
