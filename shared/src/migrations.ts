import * as Y from 'yjs';
import { itemsMap, metaMap } from './boardDoc.ts';
import { BoardCommandError, BoardErrorCode } from './errors.ts';
import type { MigrationOrigin } from './origin.ts';
import { setPlanningPeriodDefaults } from './planningPeriod.ts';
import { richTextFromPlainText } from './richText.ts';
import { retroBoardsMigration } from './retroMigration.ts';
import { SCHEMA_VERSION } from './schema.ts';

/** One named schema change: `up` turns a document of version `to - 1` into version `to`. */
export interface Migration {
  readonly id: string;
  readonly to: number;
  readonly up: (doc: Y.Doc) => void;
}

/**
 * The migrations of the board schema, in order. Each change appends `{ id, to, up }` here and
 * bumps SCHEMA_VERSION; `test/migrations.test.ts` migrates the frozen documents of older versions.
 */
export const BOARD_MIGRATIONS: readonly Migration[] = [
  {
    // v2: lane budgets (soft/hard limits), the technical-health target and the planning period.
    // People, comments and estimation rounds are new top-level maps that start empty.
    id: 'v2-budgets-people-conversations',
    to: 2,
    up: (doc) => {
      const meta = metaMap(doc);
      if (!meta.has('limitMode')) meta.set('limitMode', 'soft');
      if (!meta.has('techHealthTarget')) meta.set('techHealthTarget', 0.2);
      if (!meta.has('planningPeriod')) meta.set('planningPeriod', '');
    },
  },
  { id: 'v3-collaborative-text', to: 3, up: (doc) => migrateToCollaborativeText(doc) },
  retroBoardsMigration,
];

/**
 * v3: item titles become `Y.Text` and descriptions rich text (one paragraph per line of the old
 * string, the same words), so edits merge character by character instead of the last save
 * winning. Lanes get the `inPlanningPeriod` the default rule gave them, so renaming "Later" later
 * does not silently make it count. (Item `source` is optional and needs nothing.)
 */
export function migrateToCollaborativeText(doc: Y.Doc): void {
  for (const item of itemsMap(doc).values()) {
    if (!(item instanceof Y.Map)) continue;
    const title = item.get('title');
    if (typeof title === 'string') item.set('title', new Y.Text(title));
    const description = item.get('description');
    if (typeof description === 'string') item.set('description', richTextFromPlainText(description));
  }
  setPlanningPeriodDefaults(doc);
}

export function schemaVersionOf(doc: Y.Doc): number {
  const version = metaMap(doc).get('schemaVersion');
  return typeof version === 'number' ? version : 0;
}

/**
 * Brings a document to `target`, one step per transaction so that a failure leaves it at a
 * known version. Returns the ids of the steps applied. A document newer than this code is refused
 * rather than guessed at.
 */
export function migrateBoard(doc: Y.Doc, migrations: readonly Migration[] = BOARD_MIGRATIONS, target = SCHEMA_VERSION): string[] {
  const from = schemaVersionOf(doc);
  if (from > target) {
    throw new BoardCommandError(BoardErrorCode.InvalidDocument, `This board was saved by a newer Lanewise (schema ${from}; this one knows ${target}). Update Lanewise to open it.`);
  }
  const applied: string[] = [];
  for (let version = from + 1; version <= target; version++) {
    const step = migrations.find((migration) => migration.to === version);
    if (!step) throw new BoardCommandError(BoardErrorCode.InvalidDocument, `No migration leads to schema version ${version}.`);
    const origin: MigrationOrigin = { source: 'migration', toVersion: version };
    doc.transact(() => {
      step.up(doc);
      metaMap(doc).set('schemaVersion', version);
    }, origin);
    applied.push(step.id);
  }
  return applied;
}
