import { createHash } from 'node:crypto';
import type { ItemPlace, ItemRef } from '@lanewise/shared';

export const DECISION_ACTIONS = [
  'item.created',
  'item.deleted',
  'item.moved',
  'item.reranked',
  'item.estimated',
  'lane.added',
  'lane.removed',
  'lane.renamed',
  'lane.limit-changed',
  'lane.capacity-changed',
  'lane.limit-overridden',
  'snapshot.taken',
  'snapshot.restored',
] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** Who acted, as the server knows it: from the connection or request, never from the document. */
export interface DecisionActor {
  readonly name: string;
  /** False while the name is only what the client declared. */
  readonly verified: boolean;
}

/** A decision before the log gives it a place: what the server derived from one change. */
export interface DecisionDraft {
  readonly at: number;
  readonly actor: DecisionActor;
  readonly action: DecisionAction;
  readonly item?: ItemRef;
  readonly from?: ItemPlace;
  readonly to?: ItemPlace;
  readonly rationale?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface DecisionEntry extends DecisionDraft {
  readonly boardId: string;
  /** 1, 2, 3 … per board, without gaps. */
  readonly seq: number;
  readonly prevHash: string;
  /** sha256 over `prevHash` and the canonical JSON of the entry's content. */
  readonly hash: string;
}

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
