import type * as Y from 'yjs';
import type { ConnectionIdentity } from '../sync/SyncConnection.ts';

/**
 * What one update changed, as a board rule sees it: which records it touched and what they held
 * before. Captured from the Yjs events of the transaction that applied it (`oldValue`s, read
 * before Yjs garbage-collects the overwritten content).
 */
export interface BoardChanges {
  /**
   * Keys touched per top-level type: record ids for record maps (`items`, `comments`, …), field
   * names for single-record types (`meta`). A change deep inside a record counts as touching it.
   */
  readonly touched: ReadonlyMap<string, ReadonlySet<string>>;
  /** Whether `root[key]` existed before the update (false: the update created it). */
  existedBefore(root: string, key: string): boolean;
  /**
   * The value of `root[key]` before the update: for a record map, the record as plain data; for a
   * single-record type, the field. Unchanged keys answer with their current value.
   */
  valueBefore(root: string, key: string): unknown;
  /**
   * A field of record `root[key]` before the update (unchanged fields: as now; a record the update
   * created: undefined). Nested shared types read as plain data.
   */
  fieldBefore(root: string, key: string, field: string): unknown;
  /** Fields of record `root[key]` the update set or deleted directly (not edits inside nested types). */
  changedFields(root: string, key: string): ReadonlySet<string>;
}

/** The input of a board rule: who sent the update, the board after it, and what it changed. */
export interface BoardRuleInput {
  readonly sender: ConnectionIdentity;
  /** The board document with the update applied (read it; never write it). */
  readonly doc: Y.Doc;
  readonly changes: BoardChanges;
}

/** A refusal: the update is not stored or relayed, and its sender is closed with `code` and `reason`. */
export interface RuleRefusal {
  readonly code: number;
  /** A sentence the sender can act on (at most ~120 bytes reach the client). */
  readonly reason: string;
}

/**
 * A board rule: a check that depends on who sent an update, run after the update is applied and
 * schema-validated and before it is stored. It returns a refusal, or null to let the update pass.
 * Rules are pure: they read the document and the changes, they never write.
 */
export interface BoardRule {
  readonly name: string;
  check(input: BoardRuleInput): RuleRefusal | null;
}
