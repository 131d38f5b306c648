import { ESTIMATE_UNITS, LIMIT_MODES, LIMITS, type BoardMeta, type BoardSettingsPatch, type EstimateUnit, type LimitMode } from '@lanewise/shared';

export interface BoardSettingsDraft {
  estimateUnit: EstimateUnit;
  planningPeriod: string;
  limitMode: LimitMode;
  /** Percent as typed, 0–100. */
  techHealthTarget: string;
}

export type BoardSettingsErrors = Partial<Record<keyof BoardSettingsDraft, string>>;

export function draftFromMeta(meta: BoardMeta): BoardSettingsDraft {
  return { estimateUnit: meta.estimateUnit, planningPeriod: meta.planningPeriod, limitMode: meta.limitMode, techHealthTarget: String(Math.round(meta.techHealthTarget * 1000) / 10) };
}

/** Validates the settings form and returns only what changed (so a concurrent edit of another field survives). */
export function settingsPatch(draft: BoardSettingsDraft, meta: BoardMeta): { patch: BoardSettingsPatch; errors: BoardSettingsErrors } {
  const errors: BoardSettingsErrors = {};
  const patch: BoardSettingsPatch = {};
  const percent = draft.techHealthTarget.trim() === '' ? 0 : Number(draft.techHealthTarget.trim().replace(/%$/, ''));
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) errors.techHealthTarget = 'Target must be a percentage between 0 and 100.';
  const period = draft.planningPeriod.trim();
  if (period.length > LIMITS.periodLength) errors.planningPeriod = `Planning period can have at most ${LIMITS.periodLength} characters.`;
  if (!ESTIMATE_UNITS.includes(draft.estimateUnit)) errors.estimateUnit = 'Pick an estimate unit.';
  if (!LIMIT_MODES.includes(draft.limitMode)) errors.limitMode = 'Pick soft or hard limits.';
  if (Object.keys(errors).length > 0) return { patch, errors };
  if (draft.estimateUnit !== meta.estimateUnit) patch.estimateUnit = draft.estimateUnit;
  if (period !== meta.planningPeriod) patch.planningPeriod = period;
  if (draft.limitMode !== meta.limitMode) patch.limitMode = draft.limitMode;
  const share = Math.round(percent * 10) / 1000;
  if (Math.abs(share - meta.techHealthTarget) > 1e-9) patch.techHealthTarget = share;
  return { patch, errors };
}
