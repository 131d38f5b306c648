import { ID_PATTERN, ITEM_KINDS, LIMITS, type ImportCreate, type ImportPlan, type ImportUpdate, type Item, type ItemKind, type ItemPatch, type ItemSource } from '@lanewise/shared';
import { columnsNamed, distinctHeaders, type CsvRow, type CsvTable } from './csvTable.ts';
import { parseExportDate } from './importDates.ts';
import { ImportError } from './ImportError.ts';
import { defaultColumns, detectFormat, FORMAT_DEFAULTS, formatLabel, IMPORT_FIELD_IDS, IMPORT_FIELDS, type ImportField, type ImportFormat } from './importFormats.ts';
import type { ImportOptions } from './importOptions.ts';
import type { ImportPreview, ResolvedImportOptions, RowNote, SkippedRow } from './importPreviewSchema.ts';
import type { ImportTarget } from './importTarget.ts';
import { defaultLane, laneColumnKind, orderLaneValues, SKIP, statusCategory } from './laneDefaults.ts';

/** Most entries of each list the preview shows (the counts are always complete). */
export const PREVIEW_LIST_LIMIT = 500;

export interface PlannedImport {
  readonly plan: ImportPlan;
  readonly preview: ImportPreview;
  /** The decision-log details of this import (one entry for the whole file). */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface PlanInput {
  readonly table: CsvTable;
  readonly fileName: string;
  readonly options: ImportOptions;
  readonly target: ImportTarget;
  /** Who imports: the items' `createdBy`. */
  readonly importer: string;
  readonly now: number;
  readonly encodingNote?: string;
}

/** A parsed upload and the user's choices (`readCsvFile`): what an import is planned from. */
export type ImportFile = Pick<PlanInput, 'table' | 'fileName' | 'options' | 'encodingNote'>;

const BUG = ['bug', 'defect', 'incident', 'problem', 'regression'];
const RESEARCH = ['spike', 'research', 'discovery', 'investigation', 'experiment'];
const TECH = ['tech debt', 'technical debt', 'tech-debt', 'chore', 'maintenance', 'refactor', 'refactoring', 'tech-health', 'tech health', 'infrastructure'];

/** Issue type (or, without one, labels) → the item's kind. */
function kindOf(value: string, tags: readonly string[]): ItemKind {
  const specific = (candidates: readonly string[]): ItemKind | null => {
    if (candidates.some((candidate) => BUG.includes(candidate))) return 'bug';
    if (candidates.some((candidate) => RESEARCH.includes(candidate))) return 'research';
    if (candidates.some((candidate) => TECH.includes(candidate))) return 'tech-health';
    return null;
  };
  const wanted = value.trim().toLowerCase();
  if ((ITEM_KINDS as readonly string[]).includes(wanted)) return wanted as ItemKind;
  // The issue type decides; a plain Story or Task with a "tech-debt" or "bug" label is read by its label.
  return specific([wanted]) ?? specific(tags.map((tag) => tag.toLowerCase())) ?? 'feature';
}

/** A Lanewise CSV protects cells that a spreadsheet would run as formulas with a leading `'`. */
const unprotect = (text: string) => (/^'[=+\-@]/.test(text) ? text.slice(1) : text);

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function parseNumber(text: string): number | null | 'invalid' {
  const value = text.trim().replace(/%$/, '');
  if (value === '') return null;
  const normalised = /^\d+,\d+$/.test(value) ? value.replace(',', '.') : value;
  const number = Number(normalised);
  if (!Number.isFinite(number)) return 'invalid';
  return text.trim().endsWith('%') ? number / 100 : number;
}

interface RangeRule {
  readonly min: number;
  readonly max: number;
}
const RANGES: Partial<Record<ImportField, RangeRule>> = {
  estimate: { min: 0, max: Number.MAX_SAFE_INTEGER },
  reach: { min: 0, max: Number.MAX_SAFE_INTEGER },
  impact: { min: 0, max: 3 },
  confidence: { min: 0, max: 1 },
  techHealth: { min: 0, max: 3 },
  risk: { min: 1, max: 3 },
};

function fail(code: string, message: string, line?: number): never {
  throw new ImportError(422, code, message, line);
}

/** The complete options: the user's, with defaults for the format filled in and each name checked. */
export function resolveOptions(table: CsvTable, options: ImportOptions, target: ImportTarget): { resolved: ResolvedImportOptions; label: string } {
  const detected = detectFormat(table);
  const format = options.format ?? detected;
  if (!format) {
    const shown = distinctHeaders(table).slice(0, 8).map((name) => `“${name}”`).join(', ');
    fail(
      'unknown_format',
      `Line 1: the columns (${shown}${distinctHeaders(table).length > 8 ? ', …' : ''}) are not those of a Jira export (Summary, Issue key), a Linear export (ID, Title) or a Lanewise roadmap CSV (Lane, Title, Lanewise ID). Choose which export it is to map its columns by hand.`,
      1,
    );
  }
  const chosen = new Map(Object.entries(options.columns ?? {}) as Array<[ImportField, string[]]>);
  for (const [field, names] of chosen) {
    for (const name of names) {
      if (columnsNamed(table, name).length === 0) fail('unknown_column', `The mapping for ${IMPORT_FIELDS[field].label} names a column “${name}” that the file does not have (line 1 lists its columns).`, 1);
    }
  }
  const defaults = defaultColumns(format, table);
  const columns: Partial<Record<ImportField, string[]>> = {};
  for (const field of IMPORT_FIELD_IDS) {
    // A field the user left out keeps its default; an empty list unmaps it.
    const names = chosen.get(field) ?? defaults[field] ?? [];
    if (names.length > 0) columns[field] = [...names];
  }
  const defaultLaneColumn = FORMAT_DEFAULTS[format].laneColumn;
  const laneColumn = options.laneColumn !== undefined ? options.laneColumn : columnsNamed(table, defaultLaneColumn).length > 0 ? defaultLaneColumn : null;
  if (laneColumn !== null && columnsNamed(table, laneColumn).length === 0) fail('unknown_column', `The lane column “${laneColumn}” is not in the file (line 1 lists its columns).`, 1);
  if (!columns.title) fail('title_unmapped', `Choose the column that holds the titles: none of the file’s columns is mapped to Title.`, 1);
  if (format !== 'lanewise' && !columns.key) fail('key_unmapped', `Choose the column that holds the issue keys (${format === 'jira' ? 'Issue key' : 'ID'}): re-imports match on it.`, 1);

  const laneValues = collectLaneValues(table, laneColumn);
  const kind = laneColumnKind(laneColumn);
  const lanes: Record<string, string> = {};
  const laneIds = new Set(target.lanes.map((lane) => lane.id));
  for (const value of laneValues.order) {
    const chosen = options.lanes?.[value];
    if (chosen !== undefined && chosen !== SKIP && !laneIds.has(chosen)) fail('unknown_lane', `The lane chosen for “${value || '(empty)'}” is not on this board any more; preview the file again.`);
    lanes[value] = chosen ?? defaultLane(kind, value, target.lanes, laneValues.order);
  }
  return { resolved: { format, columns, laneColumn, lanes, skipDone: options.skipDone ?? true }, label: formatLabel(format, table) };
}

function collectLaneValues(table: CsvTable, laneColumn: string | null): { order: string[]; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const positions = laneColumn === null ? [] : columnsNamed(table, laneColumn);
  for (const row of table.rows) {
    const value = positions.map((position) => row.cells[position]?.trim() ?? '').find((cell) => cell !== '') ?? '';
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return { order: orderLaneValues(laneColumnKind(laneColumn), [...counts.keys()]), counts };
}

const sourceIndexKey = (source: Pick<ItemSource, 'system' | 'key'>) => `${source.system}\u0000${source.key}`;

/**
 * Turns a parsed file and the confirmed options into an import plan and its preview. Pure: it
 * reads the board only through `target` and writes nothing. Rows that cannot be imported are
 * skipped with a reason and their line; values that had to be adjusted are noted.
 */
export function planImport(input: PlanInput): PlannedImport {
  const { table, target } = input;
  const { resolved, label } = resolveOptions(table, input.options, target);
  const { format } = resolved;
  const positions = new Map<ImportField, number[]>();
  for (const field of IMPORT_FIELD_IDS) positions.set(field, (resolved.columns[field] ?? []).flatMap((name) => columnsNamed(table, name)));
  const lanePositions = resolved.laneColumn === null ? [] : columnsNamed(table, resolved.laneColumn);
  const laneNames = new Map(target.lanes.map((lane) => [lane.id, lane.name]));
  const read = (row: CsvRow, cellPositions: readonly number[]) => cellPositions.map((position) => unprotectIf(format, row.cells[position] ?? '').trim());
  const first = (row: CsvRow, field: ImportField) => read(row, positions.get(field) ?? []).find((cell) => cell !== '') ?? '';
  const all = (row: CsvRow, field: ImportField) => read(row, positions.get(field) ?? []).filter((cell) => cell !== '');

  // Jira's Parent column holds the parent's numeric id; the same file usually has that issue's key.
  const keyOfIssueId = new Map<string, string>();
  const idPositions = columnsNamed(table, 'Issue id');
  if (format === 'jira' && idPositions.length > 0) {
    for (const row of table.rows) {
      const issueId = read(row, idPositions).find(Boolean);
      const key = first(row, 'key');
      if (issueId && key) keyOfIssueId.set(issueId, key);
    }
  }

  const bySource = new Map<string, Item>();
  const byId = new Map<string, Item>();
  for (const item of target.items) {
    byId.set(item.id, item);
    if (item.source) bySource.set(sourceIndexKey(item.source), item);
  }
  const knownPeople = new Set(target.people.map((name) => name.toLowerCase()));
  const peopleAdded: string[] = [];

  const create: Array<ImportCreate & { line: number }> = [];
  const update: Array<ImportUpdate & { line: number; key?: string; title: string; changes: string[] }> = [];
  let unchanged = 0;
  const skipped: SkippedRow[] = [];
  const notes: RowNote[] = [];
  const seen = new Map<string, number>();
  const matched = new Map<string, number>();

  for (const row of table.rows) {
    const { line } = row;
    const key = first(row, 'key');
    const keyed = key ? { key } : {};
    const note = (message: string) => notes.push({ line, ...keyed, message });
    const skip = (reason: string) => skipped.push({ line, ...keyed, reason });

    const rawTitle = first(row, 'title').replace(/\s*\n\s*/g, ' ');
    if (rawTitle === '') {
      skip(`no title: the ${resolved.columns.title?.join(' / ') ?? 'title'} cell is empty`);
      continue;
    }
    if (format !== 'lanewise' && key === '') {
      skip(`no issue key: the ${resolved.columns.key?.join(' / ') ?? 'key'} cell is empty, so a re-import could not recognise it`);
      continue;
    }
    if (key.length > LIMITS.sourceKeyLength) {
      skip(`the issue key is longer than ${LIMITS.sourceKeyLength} characters`);
      continue;
    }
    const status = first(row, 'status');
    if (resolved.skipDone && status !== '' && statusCategory(status) === 'done') {
      skip(`status “${status}”: done issues are skipped (untick “Skip done issues” to import them)`);
      continue;
    }
    const laneValue = read(row, lanePositions).find((cell) => cell !== '') ?? '';
    const laneId = resolved.lanes[laneValue] ?? SKIP;
    if (laneId === SKIP) {
      skip(`${resolved.laneColumn ?? 'lane'} “${laneValue || '(empty)'}” is set to Skip`);
      continue;
    }

    // Where it came from, and so which initiative it is on a re-import.
    let source: ItemSource | undefined;
    const url = first(row, 'url') || first(row, 'sourceUrl');
    const validUrl = /^https?:\/\/\S+$/.test(url) && url.length <= LIMITS.urlLength ? url : undefined;
    if (url && !validUrl) note(`the link “${clip(url, 60)}” is not an http(s) address; it was left out`);
    if (format === 'lanewise') {
      const system = first(row, 'sourceSystem').toLowerCase();
      const sourceKey = first(row, 'sourceKey');
      if ((system === 'jira' || system === 'linear' || system === 'lanewise') && sourceKey && sourceKey.length <= LIMITS.sourceKeyLength) {
        source = { system, key: sourceKey, ...(validUrl ? { url: validUrl } : {}) };
      } else if (key) source = { system: 'lanewise', key };
    } else {
      source = { system: format, key, ...(validUrl ? { url: validUrl } : {}) };
    }
    const identity = source ? sourceIndexKey(source) : null;
    if (identity !== null) {
      const firstLine = seen.get(identity);
      if (firstLine !== undefined) {
        skip(`${source?.key} appears again (first on line ${firstLine})`);
        continue;
      }
      seen.set(identity, line);
    }
    const existing = (identity !== null ? bySource.get(identity) : undefined) ?? (format === 'lanewise' && ID_PATTERN.test(key) ? byId.get(key) : undefined);
    if (existing) {
      const previous = matched.get(existing.id);
      if (previous !== undefined) {
        skip(`matches the same initiative as line ${previous} (“${existing.title}”)`);
        continue;
      }
      matched.set(existing.id, line);
    }

    // The values, adjusted to what a board holds.
    const title = clip(rawTitle, LIMITS.titleLength);
    if (title !== rawTitle) note(`the title was shortened to ${LIMITS.titleLength} characters`);
    const rawDescription = first(row, 'description');
    const description = clip(rawDescription, LIMITS.descriptionLength);
    if (description !== rawDescription) note(`the description was shortened to ${LIMITS.descriptionLength.toLocaleString('en')} characters`);
    const rawOwner = first(row, 'owner');
    const owner = clip(rawOwner, LIMITS.nameLength);
    const numbers: Partial<Record<'estimate' | 'reach' | 'impact' | 'confidence' | 'techHealth' | 'risk', number | null>> = {};
    for (const field of ['estimate', 'reach', 'impact', 'confidence', 'techHealth', 'risk'] as const) {
      const text = first(row, field);
      const value = parseNumber(text);
      const range = RANGES[field] as RangeRule;
      if (value === 'invalid' || (value !== null && (value < range.min || value > range.max))) {
        note(`${IMPORT_FIELDS[field].label} “${clip(text, 30)}” is not a number${range.max < 1000 ? ` from ${range.min} to ${range.max}` : ' of 0 or more'}; it was left empty`);
        numbers[field] = null;
      } else numbers[field] = value;
    }
    const tagCells = all(row, 'tags').flatMap((cell) => cell.split(','));
    const groupValue = first(row, 'group');
    const group = keyOfIssueId.get(groupValue) ?? groupValue;
    const tags: string[] = [];
    for (const raw of [...tagCells, ...(group ? [group] : [])]) {
      const tag = clip(raw.trim(), LIMITS.tagLength);
      if (tag !== '' && !tags.some((known) => known.toLowerCase() === tag.toLowerCase())) tags.push(tag);
    }
    if (tags.length > LIMITS.tagCount) note(`only the first ${LIMITS.tagCount} of ${tags.length} tags were kept`);
    const keptTags = tags.slice(0, LIMITS.tagCount);
    const kindText = first(row, 'kind');
    const kind = kindOf(kindText, keptTags);
    if (format === 'lanewise' && kindText !== '' && !(ITEM_KINDS as readonly string[]).includes(kindText.toLowerCase())) note(`kind “${clip(kindText, 30)}” is not one of ${ITEM_KINDS.join(', ')}; it was read as ${kind}`);
    const createdText = first(row, 'createdAt');
    const created = parseExportDate(createdText);
    if (createdText !== '' && created === null) note(`Created “${clip(createdText, 30)}” is not a date Lanewise reads; the import time is used`);
    if (owner && !knownPeople.has(owner.toLowerCase()) && knownPeople.size < LIMITS.people) {
      knownPeople.add(owner.toLowerCase());
      peopleAdded.push(owner);
    }

    if (existing) {
      // A re-import refreshes content from the source; it never moves an initiative that was
      // planned here, and an empty cell never clears what someone filled in on the board.
      const patch: Record<string, unknown> = {};
      if (title !== existing.title) patch.title = title;
      if (description !== '' && description !== existing.description) patch.description = description;
      if (owner !== '' && owner !== existing.owner) patch.owner = owner;
      for (const field of ['estimate', 'reach', 'impact', 'confidence', 'techHealth', 'risk'] as const) {
        const value = numbers[field];
        if (value !== null && value !== undefined && value !== existing[field]) patch[field] = value;
      }
      if (kindText !== '' && kind !== existing.kind) patch.kind = kind;
      const newTags = keptTags.filter((tag) => !existing.tags.some((known) => known.toLowerCase() === tag.toLowerCase()));
      if (newTags.length > 0) patch.tags = [...existing.tags, ...newTags].slice(0, LIMITS.tagCount);
      const changes = Object.keys(patch);
      if (changes.length === 0) unchanged++;
      else update.push({ line, ...keyed, title: existing.title, id: existing.id, patch: patch as ItemPatch, changes });
      continue;
    }
    create.push({
      line,
      laneId,
      title,
      description,
      owner,
      estimate: numbers.estimate ?? null,
      tags: keptTags,
      kind,
      reach: numbers.reach ?? null,
      impact: numbers.impact ?? null,
      confidence: numbers.confidence ?? null,
      techHealth: numbers.techHealth ?? null,
      risk: numbers.risk ?? null,
      createdAt: created ?? input.now,
      ...(source ? { source } : {}),
    });
  }

  const plan: ImportPlan = {
    createdBy: clip(input.importer, LIMITS.nameLength),
    create: create.map(({ line: _line, ...rest }) => rest),
    update: update.map(({ id, patch }) => ({ id, patch })),
    people: peopleAdded,
  };
  const counts = { create: create.length, update: update.length, unchanged, skip: skipped.length };
  const used = new Set(Object.values(resolved.columns).flatMap((names) => (names ?? []).map((name) => name.toLowerCase())));
  if (resolved.laneColumn) used.add(resolved.laneColumn.toLowerCase());
  const laneValues = collectLaneValues(table, resolved.laneColumn);
  const preview: ImportPreview = {
    fileName: input.fileName,
    format,
    formatLabel: label,
    rows: table.rows.length,
    options: resolved,
    columns: distinctHeaders(table).map((name) => ({ name, used: used.has(name.toLowerCase()) })),
    fields: IMPORT_FIELD_IDS.filter((field) => format === 'lanewise' || !['reach', 'impact', 'confidence', 'techHealth', 'risk', 'sourceSystem', 'sourceKey', 'sourceUrl'].includes(field)).map((field) => ({
      field,
      label: IMPORT_FIELDS[field].label,
      many: 'many' in IMPORT_FIELDS[field],
    })),
    lanes: target.lanes.map(({ id, name }) => ({ id, name })),
    laneValues: laneValues.order.map((value) => ({ value, count: laneValues.counts.get(value) ?? 0, lane: resolved.lanes[value] ?? SKIP })),
    counts,
    create: create.slice(0, PREVIEW_LIST_LIMIT).map((entry) => ({ line: entry.line, ...(entry.source ? { key: entry.source.key } : {}), title: entry.title, lane: laneNames.get(entry.laneId) ?? '' })),
    update: update.slice(0, PREVIEW_LIST_LIMIT).map(({ line, key, title, id, changes }) => ({ line, ...(key ? { key } : {}), title, itemId: id, changes })),
    skipped: skipped.slice(0, PREVIEW_LIST_LIMIT),
    notes: notes.slice(0, PREVIEW_LIST_LIMIT),
    peopleAdded,
    ...(input.encodingNote ? { encodingNote: input.encodingNote } : {}),
  };
  const details = { fileName: input.fileName, format, formatLabel: label, rows: table.rows.length, created: counts.create, updated: counts.update, unchanged, skipped: counts.skip, peopleAdded: peopleAdded.length };
  return { plan, preview, details };
}

const unprotectIf = (format: ImportFormat, text: string) => (format === 'lanewise' ? unprotect(text) : text);
