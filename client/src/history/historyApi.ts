import type { BoardDiff, BoardView, DecisionEntry, DecisionActor } from '@lanewise/shared';
import { boardRequest } from '../app/api.ts';
import { loadDisplayName } from '../app/identity.ts';
import { downloadBoardFile, fileSlug } from '../transfer/transferApi.ts';

/** The board's decision log and snapshots over HTTP (server/src/http/historyRoutes.ts). */

export interface DecisionPage {
  readonly entries: readonly DecisionEntry[];
  /** The seq to pass as `before` for the next older page, or null when there is none. */
  readonly next: number | null;
}

export interface DecisionQuery {
  readonly item?: string | undefined;
  readonly actor?: string | undefined;
  readonly before?: number | undefined;
  readonly sinceSeq?: number | undefined;
  readonly limit?: number | undefined;
  readonly order?: 'asc' | 'desc' | undefined;
}

/** The chain head the server signed (at a snapshot or an export); a rewrite of the log cannot match it. */
export interface SignedAnchor {
  readonly seq: number;
  readonly hash: string;
  readonly signedAt: number;
  readonly reason: 'snapshot' | 'export';
  readonly mac: string;
}

interface CheckCost {
  /** `full`: the server re-hashed the whole log; `incremental`: only what was appended since its last check. */
  readonly mode?: 'full' | 'incremental';
  readonly anchor?: SignedAnchor | null;
}

export type ChainCheck =
  | (CheckCost & { readonly ok: true; readonly checked: number; readonly headHash?: string })
  | (CheckCost & { readonly ok: false; readonly checked: number; readonly brokenAt: number; readonly problem: string });

export type SnapshotKind = 'manual' | 'session-end' | 'interval' | 'before-restore';

export interface SnapshotSummary {
  readonly id: string;
  readonly name: string;
  readonly kind: SnapshotKind;
  readonly createdAt: number;
  readonly createdBy: DecisionActor;
  readonly decisionSeq: number;
}

export interface RestoreResult {
  readonly restored: SnapshotSummary;
  /** The automatic "Before restoring …" snapshot: restoring it undoes the restore. */
  readonly undo: SnapshotSummary;
}

export function decisionQueryString(query: DecisionQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function fetchDecisions(boardId: string, query: DecisionQuery): Promise<DecisionPage> {
  return boardRequest<DecisionPage>(boardId, `/decisions${decisionQueryString(query)}`);
}

/** The server's check of the hash chain and its signed anchors; `full` (owners) re-hashes every entry. */
export function verifyDecisionLog(boardId: string, full = false): Promise<ChainCheck> {
  return boardRequest<ChainCheck>(boardId, `/decisions/verify${full ? '?full=1' : ''}`);
}

/** Until the link token names the actor, the server takes the declared display name. */
function actorHeaders(): Record<string, string> {
  const name = loadDisplayName();
  return name ? { 'x-lanewise-name': name } : {};
}

export async function listSnapshots(boardId: string): Promise<SnapshotSummary[]> {
  const body = await boardRequest<{ snapshots?: SnapshotSummary[] }>(boardId, '/snapshots');
  return Array.isArray(body.snapshots) ? body.snapshots : [];
}

export async function takeSnapshot(boardId: string, name: string): Promise<SnapshotSummary> {
  const body = await boardRequest<{ snapshot: SnapshotSummary }>(boardId, '/snapshots', { method: 'POST', body: JSON.stringify({ name }), headers: actorHeaders() });
  return body.snapshot;
}

export function fetchSnapshot(boardId: string, snapshotId: string): Promise<{ snapshot: SnapshotSummary; board: BoardView }> {
  return boardRequest(boardId, `/snapshots/${encodeURIComponent(snapshotId)}`);
}

/** Diff a snapshot against another snapshot or against the board now. */
export async function diffSnapshot(boardId: string, snapshotId: string, to: string | 'now'): Promise<BoardDiff> {
  const body = await boardRequest<{ diff: BoardDiff }>(boardId, `/snapshots/${encodeURIComponent(snapshotId)}/diff?to=${encodeURIComponent(to)}`);
  return body.diff;
}

export function restoreSnapshot(boardId: string, snapshotId: string): Promise<RestoreResult> {
  return boardRequest<RestoreResult>(boardId, `/snapshots/${encodeURIComponent(snapshotId)}/restore`, { method: 'POST', headers: actorHeaders() });
}

export function fetchBoardNow(boardId: string): Promise<{ board: BoardView }> {
  return boardRequest(boardId, '');
}

export type ExportFormat = 'csv' | 'md';

/** Downloads the decision log as CSV or Markdown (with the board's token, see `downloadBoardFile`). */
export async function downloadDecisionExport(boardId: string, format: ExportFormat, boardTitle: string): Promise<void> {
  await downloadBoardFile(boardId, `/decisions/export.${format}`, `${fileSlug(boardTitle || boardId)}-decisions.${format}`);
}
