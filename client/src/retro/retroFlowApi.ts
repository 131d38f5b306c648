import type { ItemLink } from '@lanewise/shared';
import { boardRequest } from '../app/api.ts';
import { boardToken } from '../app/boardTokens.ts';
import { loadDisplayName } from '../app/identity.ts';
import { downloadBoardFile, fileSlug } from '../transfer/transferApi.ts';

/** The declared name (the decision log's actor on shared links); headers carry printable ASCII only. */
function nameHeader(): Record<string, string> {
  const name = loadDisplayName();
  return name && /^[\x20-\x7e]+$/.test(name) ? { 'x-lanewise-name': name } : {};
}

function call<T>(boardId: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return boardRequest<T>(boardId, `/retro${path}`, { method: init.method ?? 'GET', headers: nameHeader(), ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
}

export interface RetroSeries {
  readonly planningBoard: { readonly id: string; readonly title: string; readonly lanes: ReadonlyArray<{ readonly id: string; readonly name: string }> } | null;
  readonly earlier: ReadonlyArray<{ readonly id: string; readonly title: string }>;
}

export interface ReviewAction {
  readonly retro: { readonly id: string; readonly title: string };
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly due: string | null;
  readonly link: ItemLink | null;
  readonly status: { readonly laneName: string; readonly done: boolean } | { readonly removed: true } | null;
}

export interface ContextEntry {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly kind: 'reprioritized' | 'limit-override' | 'added';
  readonly summary: string;
  readonly rationale: string | null;
}

export interface JointView {
  readonly shown: boolean;
  readonly reason?: string;
  readonly participants?: { readonly product: number; readonly engineering: number };
  readonly votesCounted?: boolean;
  readonly columns: ReadonlyArray<{ readonly laneId: string; readonly name: string; readonly product: { cards: number; votes: number }; readonly engineering: { cards: number; votes: number }; readonly divergence: number }>;
}

export interface PromoteInput {
  readonly targetBoardId: string;
  readonly laneId: string;
  readonly estimate: number | null;
  readonly reach: number | null;
  readonly impact: number | null;
  readonly confidence: number | null;
  readonly techHealth: number | null;
  readonly risk: number | null;
}

/** This browser's token for another board, or an error the user can act on. */
function tokenFor(boardId: string, what: string): string {
  const token = boardToken(boardId);
  if (!token) throw new Error(`Open that board with its link in this browser first, so you can ${what}.`);
  return token;
}

export const fetchSeries = (boardId: string) => call<RetroSeries>(boardId, '/series');
export const linkPlanningBoard = (boardId: string, planningBoardId: string) =>
  Promise.resolve().then(() => call<{ planningBoard: { id: string; title: string } }>(boardId, '/series', { method: 'PUT', body: { planningBoardId, planningToken: tokenFor(planningBoardId, 'link it') } }));
export const startNextRetro = (boardId: string) => call<{ id: string; url: string; links: Record<'owner' | 'editor' | 'viewer', string> }>(boardId, '/next', { method: 'POST', body: {} });
export const fetchReview = (boardId: string) => call<{ open: ReviewAction[]; done: number }>(boardId, '/review');
export const fetchContext = (boardId: string) => call<{ planningBoard: { id: string; title: string } | null; since: number | null; entries: ContextEntry[] }>(boardId, '/context');
export const fetchJoint = (boardId: string) => call<JointView>(boardId, '/joint');
export const promoteAction = (boardId: string, itemId: string, input: PromoteInput) =>
  Promise.resolve().then(() => call<{ initiative: ItemLink & { laneName: string } }>(boardId, `/actions/${encodeURIComponent(itemId)}/promote`, { method: 'POST', body: { ...input, targetToken: tokenFor(input.targetBoardId, 'add initiatives to it') } }));

/** Downloads the retro's Markdown or CSV export. */
export const downloadRetroExport = (boardId: string, format: 'md' | 'csv', title: string) => downloadBoardFile(boardId, `/retro/export.${format}`, `${fileSlug(title || boardId)}-retro.${format}`);
