import { describe, expect, it } from 'vitest';
import type { BoardMeta } from '@lanewise/shared';
import { draftFromMeta, settingsPatch } from './boardSettingsForm.ts';

const meta: BoardMeta = { title: 'Q3', template: 'planning', schemaVersion: 2, createdAt: 1, estimateUnit: 'points', limitMode: 'soft', techHealthTarget: 0.2, planningPeriod: '' };

describe('board settings form', () => {
  it('round-trips without changes', () => {
    expect(settingsPatch(draftFromMeta(meta), meta)).toEqual({ patch: {}, errors: {} });
  });
  it('returns only changed fields, the target as a share', () => {
    const draft = { ...draftFromMeta(meta), limitMode: 'hard' as const, techHealthTarget: '25%', planningPeriod: ' Q3 2027 ' };
    expect(settingsPatch(draft, meta)).toEqual({ patch: { limitMode: 'hard', techHealthTarget: 0.25, planningPeriod: 'Q3 2027' }, errors: {} });
  });
  it('rejects a target outside 0–100 and an over-long period', () => {
    const { errors } = settingsPatch({ ...draftFromMeta(meta), techHealthTarget: '120', planningPeriod: 'x'.repeat(81) }, meta);
    expect(Object.keys(errors).sort()).toEqual(['planningPeriod', 'techHealthTarget']);
  });
});
