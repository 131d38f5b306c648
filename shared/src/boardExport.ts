import { z } from 'zod';
import { describeIssue, parseBoardContent, type BoardContent } from './boardContent.ts';
import { DECISION_ACTIONS } from './decisions.ts';
import { LIMITS } from './schema.ts';

/**
 * The JSON board export: `{ format, version, exportedAt, boardId, board, decisions?, snapshots? }`.
 * `format` names the kind of file, `version` its layout (bumped when the envelope changes);
 * `board.schemaVersion` is the board schema, migrated on import like a stored board.
 */
export const BOARD_EXPORT_FORMAT = 'lanewise.board';
export const BOARD_EXPORT_VERSION = 1;

const placeSchema = z.object({ laneId: z.string().max(64), laneName: z.string().max(LIMITS.nameLength), position: z.number().int().nonnegative() }).strict();

export const exportedDecisionSchema = z
  .object({
    boardId: z.string().max(64).optional(),
    seq: z.number().int().positive(),
    at: z.number().int().nonnegative(),
    actor: z.object({ name: z.string().min(1).max(120), verified: z.boolean(), via: z.string().max(40).optional() }).strict(),
    action: z.enum(DECISION_ACTIONS),
    item: z.object({ id: z.string().max(64), title: z.string().max(LIMITS.titleLength) }).strict().optional(),
    from: placeSchema.optional(),
    to: placeSchema.optional(),
    rationale: z.string().max(LIMITS.rationaleLength).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    prevHash: z.string().max(128).optional(),
    hash: z.string().max(128).optional(),
  })
  .strict();
export type ExportedDecision = z.infer<typeof exportedDecisionSchema>;

export const exportedSnapshotSchema = z
  .object({
    id: z.string().max(64),
    name: z.string().min(1).max(120),
    kind: z.enum(['manual', 'session-end', 'interval', 'before-restore']),
    createdAt: z.number().int().nonnegative(),
    createdBy: z.object({ name: z.string().min(1).max(120), verified: z.boolean(), via: z.string().max(40).optional() }).strict(),
    decisionSeq: z.number().int().nonnegative(),
    board: z.unknown(),
  })
  .strict();

const envelopeSchema = z
  .object({
    format: z.literal(BOARD_EXPORT_FORMAT, { message: `must be "${BOARD_EXPORT_FORMAT}" (this is not a Lanewise board export)` }),
    version: z.number().int().positive(),
    exportedAt: z.string().max(40),
    boardId: z.string().max(64),
    board: z.unknown(),
    decisions: exportedDecisionSchema.array().optional(),
    snapshots: exportedSnapshotSchema.array().optional(),
  })
  .strict();

/** What a JSON board export holds once checked and migrated. */
export interface BoardExport {
  readonly format: typeof BOARD_EXPORT_FORMAT;
  readonly version: number;
  readonly exportedAt: string;
  readonly boardId: string;
  readonly board: BoardContent;
  readonly decisions?: readonly ExportedDecision[];
  readonly snapshots?: ReadonlyArray<Omit<z.infer<typeof exportedSnapshotSchema>, 'board'> & { readonly board: BoardContent }>;
}

export type BoardExportParse =
  | { readonly ok: true; readonly value: BoardExport; readonly migrations: readonly string[] }
  | { readonly ok: false; readonly message: string };

/** Checks a parsed JSON file; every refusal names the place in the file and what is wrong. */
export function parseBoardExport(value: unknown): BoardExportParse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'The file is not a Lanewise board export (expected a JSON object).' };
  const format = (value as { format?: unknown }).format;
  if (format !== BOARD_EXPORT_FORMAT) return { ok: false, message: `The file is not a Lanewise board export: "format" is ${JSON.stringify(format) ?? 'missing'}, expected "${BOARD_EXPORT_FORMAT}".` };
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > BOARD_EXPORT_VERSION) {
    return { ok: false, message: `The file was exported by a newer Lanewise (export version ${version}; this one reads up to ${BOARD_EXPORT_VERSION}). Update Lanewise to import it.` };
  }
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) return { ok: false, message: describeIssue(envelope.error.issues[0] as z.core.$ZodIssue, 'file') };
  const board = parseBoardContent(envelope.data.board, 'board');
  if (!board.ok) return board;
  const snapshots: Array<NonNullable<BoardExport['snapshots']>[number]> = [];
  for (const [index, snapshot] of (envelope.data.snapshots ?? []).entries()) {
    const content = parseBoardContent(snapshot.board, `snapshots[${index}].board`);
    if (!content.ok) return content;
    snapshots.push({ ...snapshot, board: content.content });
  }
  const { decisions, snapshots: _raw, ...rest } = envelope.data;
  return {
    ok: true,
    value: { ...rest, format: BOARD_EXPORT_FORMAT, board: board.content, ...(decisions ? { decisions } : {}), ...(envelope.data.snapshots ? { snapshots } : {}) },
    migrations: board.migrations,
  };
}
