import type Database from 'better-sqlite3';
import { newId, type BoardRole } from '@lanewise/shared';

/** A named person's link to a board. Revoked links stay listed, with when. */
export interface PersonalLink {
  readonly id: string;
  readonly boardId: string;
  readonly name: string;
  readonly role: BoardRole;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
}

export interface PersonalLinkRow {
  id: string;
  board_id: string;
  name: string;
  role: BoardRole;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS board_link_versions (
    board_id TEXT NOT NULL,
    role TEXT NOT NULL,
    version INTEGER NOT NULL,
    rotated_at INTEGER NOT NULL,
    PRIMARY KEY (board_id, role)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS board_personal_links (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS board_personal_links_board ON board_personal_links (board_id, created_at);
`;

export const toLink = (row: PersonalLinkRow): PersonalLink => ({
  id: row.id,
  boardId: row.board_id,
  name: row.name,
  role: row.role,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

/**
 * Link versions and personal links. A role link's token carries the version it was issued under;
 * rotating bumps the version, which revokes every older token. A board without a version row is
 * at version 1. Asynchronous because with several instances the links live in PostgreSQL
 * (`PgLinkStore`, read on every check: another instance may have rotated a link a moment ago);
 * the SQLite store (one instance) answers from its connection and a version cache.
 */
export interface LinkStore {
  version(boardId: string, role: BoardRole): Promise<number>;
  /** Bumps the role link's version and returns the new one. */
  rotate(boardId: string, role: BoardRole): Promise<number>;
  createPersonal(boardId: string, name: string, role: BoardRole, expiresAt: number | null): Promise<PersonalLink>;
  personal(boardId: string, id: string): Promise<PersonalLink | null>;
  listPersonal(boardId: string): Promise<PersonalLink[]>;
  /** True if the link existed and was not revoked before. */
  revokePersonal(boardId: string, id: string): Promise<boolean>;
}

/** Links in the SQLite board database (the default, one instance): DATA_DIR's `boards.db`. */
export class SqliteLinkStore implements LinkStore {
  private readonly statements;
  /** Versions are read on every connect; they change only through `rotate`. */
  private readonly versions = new Map<string, number>();

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.statements = {
      version: db.prepare<[string, string], { version: number }>('SELECT version FROM board_link_versions WHERE board_id = ? AND role = ?'),
      upsertVersion: db.prepare(
        'INSERT INTO board_link_versions (board_id, role, version, rotated_at) VALUES (?, ?, 2, ?) ON CONFLICT(board_id, role) DO UPDATE SET version = version + 1, rotated_at = excluded.rotated_at',
      ),
      insertPersonal: db.prepare('INSERT INTO board_personal_links (id, board_id, name, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
      personal: db.prepare<[string, string], PersonalLinkRow>('SELECT * FROM board_personal_links WHERE board_id = ? AND id = ?'),
      listPersonal: db.prepare<[string], PersonalLinkRow>('SELECT * FROM board_personal_links WHERE board_id = ? ORDER BY created_at, id'),
      revokePersonal: db.prepare('UPDATE board_personal_links SET revoked_at = ? WHERE board_id = ? AND id = ? AND revoked_at IS NULL'),
    };
  }

  version(boardId: string, role: BoardRole): Promise<number> {
    return Promise.resolve(this.versionNow(boardId, role));
  }

  private versionNow(boardId: string, role: BoardRole): number {
    const key = `${boardId}/${role}`;
    let version = this.versions.get(key);
    if (version === undefined) {
      version = this.statements.version.get(boardId, role)?.version ?? 1;
      this.versions.set(key, version);
    }
    return version;
  }

  /** Bumps the role link's version and returns the new one. */
  rotate(boardId: string, role: BoardRole): Promise<number> {
    const version = this.db.transaction(() => {
      this.statements.upsertVersion.run(boardId, role, Date.now());
      return this.statements.version.get(boardId, role)?.version ?? 2;
    })();
    this.versions.set(`${boardId}/${role}`, version);
    return Promise.resolve(version);
  }

  createPersonal(boardId: string, name: string, role: BoardRole, expiresAt: number | null): Promise<PersonalLink> {
    const link: PersonalLink = { id: newId(12), boardId, name, role, createdAt: Date.now(), expiresAt, revokedAt: null };
    this.statements.insertPersonal.run(link.id, boardId, name, role, link.createdAt, expiresAt);
    return Promise.resolve(link);
  }

  personal(boardId: string, id: string): Promise<PersonalLink | null> {
    const row = this.statements.personal.get(boardId, id);
    return Promise.resolve(row ? toLink(row) : null);
  }

  listPersonal(boardId: string): Promise<PersonalLink[]> {
    return Promise.resolve(this.statements.listPersonal.all(boardId).map(toLink));
  }

  revokePersonal(boardId: string, id: string): Promise<boolean> {
    return Promise.resolve(this.statements.revokePersonal.run(Date.now(), boardId, id).changes > 0);
  }
}
