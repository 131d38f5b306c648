import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The files Lanewise keeps in its data directory: the database, SQLite's companions, the secret. */
const OWN_FILE = /^(lanewise\.db(-wal|-shm|-journal)?|secret\.key)$/;

export interface PermissionFix {
  readonly path: string;
  /** Octal, e.g. "644". */
  readonly from: string;
  readonly to: string;
}

const octal = (mode: number) => (mode & 0o777).toString(8);

/**
 * Board data, decision logs and the signing secret are readable by this server's user only: the
 * data directory (and its update journal's) is created 0700 and Lanewise's files in them are 0600. Run at start (and again once
 * the database is open, for SQLite's -wal and -shm files), it tightens whatever is looser — e.g.
 * a database created by an older version as 0644 — and says what it changed.
 *
 * Only Lanewise's own files are touched, and a shared directory (sticky bit, like /tmp) is left
 * as it is and reported instead of locked down.
 */
export function securePrivateFiles(dataDir: string): { fixes: PermissionFix[]; sharedDirectory: boolean } {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  const fixes: PermissionFix[] = [];
  const directory = lstatSync(dataDir);
  const sharedDirectory = (directory.mode & 0o1000) !== 0;
  if (!sharedDirectory && (directory.mode & 0o777 & ~PRIVATE_DIRECTORY_MODE) !== 0) {
    chmodSync(dataDir, PRIVATE_DIRECTORY_MODE);
    fixes.push({ path: dataDir, from: octal(directory.mode), to: octal(PRIVATE_DIRECTORY_MODE) });
  }
  tightenFiles(dataDir, (name) => OWN_FILE.test(name), fixes);
  // The update journal (DECISIONS 156): its directory and files are board data too.
  const journal = join(dataDir, JOURNAL_DIRECTORY);
  const journalStat = lstatSync(journal, { throwIfNoEntry: false });
  if (journalStat?.isDirectory()) {
    if ((journalStat.mode & 0o777 & ~PRIVATE_DIRECTORY_MODE) !== 0) {
      chmodSync(journal, PRIVATE_DIRECTORY_MODE);
      fixes.push({ path: journal, from: octal(journalStat.mode), to: octal(PRIVATE_DIRECTORY_MODE) });
    }
    tightenFiles(journal, (name) => name.endsWith('.log'), fixes);
  }
  return { fixes, sharedDirectory };
}

/** The update journal's directory in the data directory. */
export const JOURNAL_DIRECTORY = 'journal';

function tightenFiles(directory: string, ours: (name: string) => boolean, fixes: PermissionFix[]): void {
  for (const name of readdirSync(directory)) {
    if (!ours(name)) continue;
    const path = join(directory, name);
    const stat = lstatSync(path);
    if (!stat.isFile() || (stat.mode & 0o777 & ~PRIVATE_FILE_MODE) === 0) continue;
    chmodSync(path, PRIVATE_FILE_MODE);
    fixes.push({ path, from: octal(stat.mode), to: octal(PRIVATE_FILE_MODE) });
  }
}

/** Creates an empty file readable by this user only, unless it exists (then its mode is left to securePrivateFiles). */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
}
