import { ITEM_KINDS, itemPatchSchema, LIMITS, type ItemKind, type ItemPatch } from '@lanewise/shared';
import type { ItemViewModel } from '../board/boardState.ts';

/** The side panel's form values: everything as typed, numbers still as text. */
export interface ItemDraft {
  title: string;
  description: string;
  owner: string;
  estimate: string;
  tags: string;
  kind: ItemKind;
  reach: string;
  impact: string;
  confidence: string;
  techHealth: string;
  risk: string;
}

export type ItemField = keyof ItemDraft;

/** Every editable field, set. */
export type FullItemPatch = { [K in Exclude<keyof ItemPatch, 'perspective'>]-?: Exclude<ItemPatch[K], undefined> };
export type FieldErrors = Partial<Record<ItemField, string>>;

export const EMPTY_DRAFT: ItemDraft = {
  title: '',
  description: '',
  owner: '',
  estimate: '',
  tags: '',
  kind: 'feature',
  reach: '',
  impact: '',
  confidence: '',
  techHealth: '',
  risk: '',
};

const numberText = (value: number | null) => (value === null ? '' : String(value));

export function draftFromItem(item: ItemViewModel): ItemDraft {
  return {
    title: item.title,
    description: item.description,
    owner: item.owner,
    estimate: numberText(item.estimate),
    tags: item.tags.join(', '),
    kind: item.kind,
    reach: numberText(item.reach),
    impact: numberText(item.impact),
    confidence: numberText(item.confidence),
    techHealth: numberText(item.techHealth),
    risk: numberText(item.risk),
  };
}

const NUMBER_RULES = {
  estimate: { min: 0, max: Infinity, message: 'Estimate must be a number, 0 or more.' },
  reach: { min: 0, max: Infinity, message: 'Reach must be a number, 0 or more.' },
  impact: { min: 0, max: 3, message: 'Impact must be between 0 and 3.' },
  confidence: { min: 0, max: 1, message: 'Confidence must be between 0 and 1 (for example 0.8).' },
  techHealth: { min: 0, max: 3, message: 'Tech health must be between 0 and 3.' },
  risk: { min: 1, max: 3, message: 'Risk must be between 1 (low) and 3 (high).' },
} as const;

const FIELD_NAMES: Record<ItemField, string> = {
  title: 'Title',
  description: 'Description',
  owner: 'Owner',
  estimate: 'Estimate',
  tags: 'Tags',
  kind: 'Kind',
  reach: 'Reach',
  impact: 'Impact',
  confidence: 'Confidence',
  techHealth: 'Tech health',
  risk: 'Risk',
};

export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

/**
 * Turns a draft into a full item patch, or field errors. Numbers get friendly range messages;
 * everything else is checked by the shared schema, so the panel and the commands agree.
 */
export function patchFromDraft(draft: ItemDraft): { patch: FullItemPatch; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const number = (field: keyof typeof NUMBER_RULES): number | null => {
    const text = draft[field].trim();
    if (text === '') return null;
    const value = Number(text);
    const rule = NUMBER_RULES[field];
    if (!Number.isFinite(value) || value < rule.min || value > rule.max) {
      errors[field] = rule.message;
      return null;
    }
    return value;
  };
  const patch: FullItemPatch = {
    title: draft.title.trim(),
    description: draft.description,
    owner: draft.owner.trim(),
    estimate: number('estimate'),
    tags: parseTags(draft.tags),
    kind: ITEM_KINDS.includes(draft.kind) ? draft.kind : 'feature',
    reach: number('reach'),
    impact: number('impact'),
    confidence: number('confidence'),
    techHealth: number('techHealth'),
    risk: number('risk'),
  };
  if (!patch.title) errors.title = 'Title must not be empty.';
  if (patch.tags.length > LIMITS.tagCount) errors.tags = `Use at most ${LIMITS.tagCount} tags.`;
  if (patch.tags.some((tag) => tag.length > LIMITS.tagLength)) errors.tags = `Each tag can have at most ${LIMITS.tagLength} characters.`;
  const checked = itemPatchSchema.safeParse(patch);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && field in FIELD_NAMES && !errors[field as ItemField]) {
        errors[field as ItemField] = `${FIELD_NAMES[field as ItemField]} ${issue.message}.`;
      }
    }
  }
  return { patch, errors };
}

/** Only the fields that differ from the item as it was when editing began, so others' edits survive. */
export function changedFields(patch: FullItemPatch, original: ItemDraft): ItemPatch {
  const base = patchFromDraft(original).patch;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(patch) as Array<keyof FullItemPatch>) {
    if (JSON.stringify(patch[key]) !== JSON.stringify(base[key])) changed[key] = patch[key];
  }
  return changed as ItemPatch;
}

/** RICE score (reach × impact × confidence ÷ estimate), or null when an input is missing. */
export function riceScore(item: Pick<ItemViewModel, 'reach' | 'impact' | 'confidence' | 'estimate'>): number | null {
  if (item.reach === null || item.impact === null || item.confidence === null || !item.estimate) return null;
  return (item.reach * item.impact * item.confidence) / item.estimate;
}
