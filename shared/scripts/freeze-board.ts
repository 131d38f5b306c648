/**
 * Writes a frozen board document of the current schema version to test/fixtures/, for the
 * migration tests of future versions. Run once per schema version, never to "fix" a failing test:
 *   pnpm --filter @lanewise/shared exec tsx scripts/freeze-board.ts
 */
import { writeFileSync } from 'node:fs';
import * as Y from 'yjs';
import { readBoard } from '../src/readBoard.ts';
import { buildSampleBoard } from '../src/sampleBoard.ts';
import { SCHEMA_VERSION } from '../src/schema.ts';

const doc = new Y.Doc();
doc.clientID = 1;
buildSampleBoard(doc, { idPrefix: 'v1', createdAt: Date.UTC(2026, 10, 24) });
const dir = new URL('../test/fixtures/', import.meta.url);
writeFileSync(new URL(`board-v${SCHEMA_VERSION}.bin`, dir), Y.encodeStateAsUpdate(doc));
writeFileSync(new URL(`board-v${SCHEMA_VERSION}.view.json`, dir), `${JSON.stringify(readBoard(doc), null, 1)}\n`);
console.log(`wrote board-v${SCHEMA_VERSION}.bin`);
