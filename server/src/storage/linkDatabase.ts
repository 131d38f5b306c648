import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, PRIVATE_DIRECTORY_MODE } from './privateFiles.ts';

/** With boards in PostgreSQL, share-link versions stay in `<dataDir>/links.db` (SQLite, WAL). */
export function openLinkDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  const path = join(dataDir, 'links.db');
  createPrivateFile(path);
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  return db;
}
