import { newId, type BoardRole } from '@lanewise/shared';
import type { PgStorage } from '../storage/pg/PgStorage.ts';
import { isStorageUnreachable } from '../storage/storageUnreachable.ts';
import type { Revocation } from './BoardAccess.ts';
import { toLink, type LinkStore, type PersonalLink, type PersonalLinkRow } from './LinkStore.ts';

/**
 * Share links in PostgreSQL (migration 4), shared by every instance on the database. Nothing is
 * cached: a link rotated or revoked through one instance is refused by all of them at the next
 * check (each check is one indexed read on the main thread's pool; checks happen when a socket
 * or an HTTP request authenticates, not per message). Live sockets on other instances are closed
 * by the fan-out's revocation message (`fanout/`), not by this store.
 *
 * While PostgreSQL does not answer, a check is answered from the last value read (so clients of
 * loaded boards can still connect and read, DECISIONS 97); revocations seen meanwhile, here or
 * from another instance (`noteRevocation`), are applied to those values. A link never read by
 * this instance is refused until the database answers.
 */
export class PgLinkStore implements LinkStore {
  private readonly lastVersions = new Map<string, number>();
  private readonly lastPersonal = new Map<string, PersonalLink | null>();

  constructor(private readonly db: PgStorage) {}

  async version(boardId: string, role: BoardRole): Promise<number> {
    const key = `${boardId}/${role}`;
    try {
      const [row] = await this.db.sql<{ version: number }>('SELECT version FROM board_link_versions WHERE board_id = $1 AND role = $2', [boardId, role]);
      const version = row?.version ?? 1;
      this.lastVersions.set(key, version);
      return version;
    } catch (error) {
      const last = this.lastVersions.get(key);
      if (last !== undefined && isStorageUnreachable(error)) return last;
      throw error;
    }
  }

  /** Keeps the values read last true to a revocation made here or on another instance. */
  noteRevocation(revocation: Revocation): void {
    if ('personId' in revocation) {
      const key = `${revocation.boardId}/${revocation.personId}`;
      const link = this.lastPersonal.get(key);
      if (link) this.lastPersonal.set(key, { ...link, revokedAt: link.revokedAt ?? Date.now() });
    } else {
      const key = `${revocation.boardId}/${revocation.role}`;
      this.lastVersions.set(key, Math.max(this.lastVersions.get(key) ?? 1, revocation.belowVersion));
    }
  }

  async rotate(boardId: string, role: BoardRole): Promise<number> {
    // One statement: two instances rotating at once get two distinct versions.
    const [row] = await this.db.sql<{ version: number }>(
      `INSERT INTO board_link_versions (board_id, role, version, rotated_at) VALUES ($1, $2, 2, $3)
       ON CONFLICT (board_id, role) DO UPDATE SET version = board_link_versions.version + 1, rotated_at = excluded.rotated_at
       RETURNING version`,
      [boardId, role, Date.now()],
    );
    return row?.version ?? 2;
  }

  async createPersonal(boardId: string, name: string, role: BoardRole, expiresAt: number | null): Promise<PersonalLink> {
    const link: PersonalLink = { id: newId(12), boardId, name, role, createdAt: Date.now(), expiresAt, revokedAt: null };
    await this.db.sql('INSERT INTO board_personal_links (id, board_id, name, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [link.id, boardId, name, role, link.createdAt, expiresAt]);
    return link;
  }

  async personal(boardId: string, id: string): Promise<PersonalLink | null> {
    const key = `${boardId}/${id}`;
    try {
      const [row] = await this.db.sql<PersonalLinkRow>('SELECT * FROM board_personal_links WHERE board_id = $1 AND id = $2', [boardId, id]);
      const link = row ? toLink(row) : null;
      this.lastPersonal.set(key, link);
      return link;
    } catch (error) {
      const last = this.lastPersonal.get(key);
      if (last !== undefined && isStorageUnreachable(error)) return last;
      throw error;
    }
  }

  async listPersonal(boardId: string): Promise<PersonalLink[]> {
    return (await this.db.sql<PersonalLinkRow>('SELECT * FROM board_personal_links WHERE board_id = $1 ORDER BY created_at, id', [boardId])).map(toLink);
  }

  async revokePersonal(boardId: string, id: string): Promise<boolean> {
    const rows = await this.db.sql<{ id: string }>('UPDATE board_personal_links SET revoked_at = $1 WHERE board_id = $2 AND id = $3 AND revoked_at IS NULL RETURNING id', [Date.now(), boardId, id]);
    return rows.length > 0;
  }
}
