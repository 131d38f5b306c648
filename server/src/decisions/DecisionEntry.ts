import { createHash } from 'node:crypto';
import type { DecisionDraft } from '@lanewise/shared';

export { DECISION_ACTIONS } from '@lanewise/shared';
export type { DecisionAction, DecisionActor, DecisionDraft, DecisionEntry } from '@lanewise/shared';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** The hashed content of an entry: everything but the hashes. */
export function entryBody(boardId: string, seq: number, draft: DecisionDraft): string {
  return canonicalJson({ boardId, seq, ...draft });
}

export function chainHash(prevHash: string, body: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
