import type * as Y from 'yjs';
import { metaMap } from './boardDoc.ts';
import { BoardCommandError, BoardErrorCode } from './errors.ts';
import type { MigrationOrigin } from './origin.ts';
import { SCHEMA_VERSION } from './schema.ts';

/** One named schema change: `up` turns a document of version `to - 1` into version `to`. */
export interface Migration {
  readonly id: string;
  readonly to: number;
  readonly up: (doc: Y.Doc) => void;
}

/**
 * The migrations of the board schema, in order. Version 1 is the first schema, so there are none
 * yet; each future change appends `{ id: 'v2-…', to: 2, up }` here and bumps SCHEMA_VERSION.
 */
export const BOARD_MIGRATIONS: readonly Migration[] = [];

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
