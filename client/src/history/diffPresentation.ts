import type { BoardDiff, FieldChange, ItemPlace } from '@lanewise/shared';

/** A BoardDiff as sections of plain sentences, for the diff view and the replay. */
export interface DiffSection {
  readonly key: 'added' | 'removed' | 'moved' | 'reranked' | 'changed' | 'lanes';
  readonly heading: string;
  readonly lines: ReadonlyArray<{ readonly id: string; readonly title: string; readonly text: string }>;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  title: 'title',
  description: 'description',
  owner: 'owner',
  estimate: 'estimate',
  tags: 'tags',
  kind: 'kind',
  reach: 'reach',
  impact: 'impact',
  confidence: 'confidence',
  techHealth: 'tech health',
  risk: 'risk',
  name: 'name',
  itemLimit: 'item limit',
  capacity: 'capacity',
};

const MAX_VALUE_LENGTH = 48;

export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((part) => String(part)).join(', ');
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

export function fieldChangeText(change: FieldChange): string {
  const label = FIELD_LABELS[change.field] ?? change.field;
  if (change.field === 'description') return 'description edited';
  return `${label} ${formatValue(change.before)} → ${formatValue(change.after)}`;
}

const at = (place: ItemPlace) => `${place.laneName} #${place.position}`;

export function diffSections(diff: BoardDiff): DiffSection[] {
  const sections: DiffSection[] = [
    { key: 'added', heading: 'Added', lines: diff.added.map(({ item, to }) => ({ id: item.id, title: item.title, text: `in ${at(to)}` })) },
    { key: 'removed', heading: 'Removed', lines: diff.removed.map(({ item, from }) => ({ id: item.id, title: item.title, text: `was in ${at(from)}` })) },
    { key: 'moved', heading: 'Moved between lanes', lines: diff.moved.map(({ item, from, to }) => ({ id: item.id, title: item.title, text: `${at(from)} → ${at(to)}` })) },
    {
      key: 'reranked',
      heading: 'Re-ranked',
      lines: diff.reranked.map(({ item, from, to }) => ({ id: item.id, title: item.title, text: `#${from.position} → #${to.position} in ${to.laneName}` })),
    },
    { key: 'changed', heading: 'Changed fields', lines: diff.changed.map(({ item, fields }) => ({ id: item.id, title: item.title, text: fields.map(fieldChangeText).join('; ') })) },
    {
      key: 'lanes',
      heading: 'Lanes',
      lines: [
        ...diff.lanes.added.map((name, index) => ({ id: `added:${index}`, title: name, text: 'lane added' })),
        ...diff.lanes.removed.map((name, index) => ({ id: `removed:${index}`, title: name, text: 'lane removed' })),
        ...diff.lanes.changed.map((lane) => ({ id: lane.id, title: lane.name, text: lane.fields.map(fieldChangeText).join('; ') })),
      ],
    },
  ];
  return sections.filter((section) => section.lines.length > 0);
}

/** "2 added · 1 moved · 3 re-ranked" or "No changes". */
export function diffSummary(diff: BoardDiff): string {
  const parts: string[] = [];
  const count = (n: number, label: string) => n > 0 && parts.push(`${n} ${label}`);
  count(diff.added.length, 'added');
  count(diff.removed.length, 'removed');
  count(diff.moved.length, 'moved');
  count(diff.reranked.length, 're-ranked');
  count(diff.changed.length, 'edited');
  const laneChanges = diff.lanes.added.length + diff.lanes.removed.length + diff.lanes.changed.length;
  count(laneChanges, laneChanges === 1 ? 'lane change' : 'lane changes');
  return parts.length > 0 ? parts.join(' · ') : 'No changes';
}

export type HighlightKind = 'added' | 'moved' | 'reranked' | 'changed';

export interface CardHighlight {
  readonly kind: HighlightKind;
  /** Short badge text on the card ("New", "From P1", "#3 → #1", "Edited"). */
  readonly badge: string;
  /** The full sentence for assistive tech and the tooltip. */
  readonly description: string;
}

/** Which cards of the newer board to mark, and how; an item that moved and was edited shows the move. */
export function cardHighlights(diff: BoardDiff): Map<string, CardHighlight> {
  const marks = new Map<string, CardHighlight>();
  for (const { item, fields } of diff.changed) marks.set(item.id, { kind: 'changed', badge: 'Edited', description: `Edited: ${fields.map(fieldChangeText).join('; ')}` });
  for (const { item, from, to } of diff.reranked) marks.set(item.id, { kind: 'reranked', badge: `#${from.position} → #${to.position}`, description: `Re-ranked from #${from.position} to #${to.position}` });
  for (const { item, from, to } of diff.moved) marks.set(item.id, { kind: 'moved', badge: `From ${from.laneName}`, description: `Moved from ${at(from)} to ${at(to)}` });
  for (const { item, to } of diff.added) marks.set(item.id, { kind: 'added', badge: 'New', description: `Added in ${at(to)}` });
  return marks;
}
