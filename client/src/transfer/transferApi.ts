import { ApiError } from '../app/api.ts';
import { boardToken } from '../app/boardTokens.ts';
import { loadDisplayName } from '../app/identity.ts';

/** Import and export over HTTP (server/src/http/importExportRoutes.ts; shapes in /api/openapi.json). */

export type ImportFormat = 'jira' | 'linear' | 'lanewise';

/** What the user confirmed; the preview answers with every default filled in. */
export interface ImportOptions {
  readonly format?: ImportFormat;
  readonly columns?: Readonly<Record<string, readonly string[]>>;
  readonly laneColumn?: string | null;
  readonly lanes?: Readonly<Record<string, string>>;
  readonly skipDone?: boolean;
}

export interface ResolvedImportOptions {
  readonly format: ImportFormat;
  readonly columns: Readonly<Record<string, readonly string[]>>;
  readonly laneColumn: string | null;
  readonly lanes: Readonly<Record<string, string>>;
  readonly skipDone: boolean;
}

export interface RowNote {
  readonly line: number;
  readonly key?: string;
  readonly message: string;
}

export interface SkippedRow {
  readonly line: number;
  readonly key?: string;
  readonly reason: string;
}

export interface ImportPreview {
  readonly fileName: string;
  readonly format: ImportFormat;
  readonly formatLabel: string;
  readonly rows: number;
  readonly options: ResolvedImportOptions;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly used: boolean }>;
  readonly fields: ReadonlyArray<{ readonly field: string; readonly label: string; readonly many: boolean }>;
  readonly lanes: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly laneValues: ReadonlyArray<{ readonly value: string; readonly count: number; readonly lane: string }>;
  readonly counts: { readonly create: number; readonly update: number; readonly unchanged: number; readonly skip: number };
  readonly create: ReadonlyArray<{ readonly line: number; readonly key?: string; readonly title: string; readonly lane: string }>;
  readonly update: ReadonlyArray<{ readonly line: number; readonly key?: string; readonly title: string; readonly changes: readonly string[] }>;
  readonly skipped: readonly SkippedRow[];
  readonly notes: readonly RowNote[];
  readonly peopleAdded: readonly string[];
  readonly encodingNote?: string;
}

export interface ImportResult {
  readonly imported: { readonly create: number; readonly update: number; readonly unchanged: number; readonly skip: number; readonly peopleAdded: readonly string[]; readonly written: boolean };
  readonly formatLabel: string;
}

/** An API refusal with the line of the file it is about, when there is one. */
export class TransferError extends ApiError {
  readonly line: number | undefined;
  constructor(status: number, code: string, message: string, line?: number) {
    super(status, code, message);
    this.line = line;
  }
}

async function send<T>(url: string, init: RequestInit, boardId: string | null): Promise<T> {
  const token = boardId ? boardToken(boardId) : null;
  const name = loadDisplayName();
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (name) headers.set('x-lanewise-name', name);
  headers.set('accept', 'application/json');
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch {
    throw new TransferError(0, 'network', 'Could not reach the Lanewise server. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown; line?: unknown } } | null)?.error;
    throw new TransferError(
      response.status,
      typeof error?.code === 'string' ? error.code : 'http_error',
      typeof error?.message === 'string' ? error.message : `The server answered ${response.status}.`,
      typeof error?.line === 'number' ? error.line : undefined,
    );
  }
  return body as T;
}

function csvForm(file: File, options: ImportOptions): FormData {
  const form = new FormData();
  form.set('file', file, file.name);
  form.set('options', JSON.stringify(options));
  return form;
}

export async function previewCsvImport(boardId: string, file: File, options: ImportOptions): Promise<ImportPreview> {
  const body = await send<{ preview: ImportPreview }>(`/api/boards/${encodeURIComponent(boardId)}/import/csv/preview`, { method: 'POST', body: csvForm(file, options) }, boardId);
  return body.preview;
}

export function importCsv(boardId: string, file: File, options: ImportOptions): Promise<ImportResult> {
  return send<ImportResult>(`/api/boards/${encodeURIComponent(boardId)}/import/csv`, { method: 'POST', body: csvForm(file, options) }, boardId);
}

export interface ImportedBoard {
  readonly id: string;
  readonly links: Readonly<Record<'owner' | 'editor' | 'viewer', string>>;
  readonly imported: { readonly items: number; readonly lanes: number; readonly decisions: number; readonly snapshots: number };
}

/** A Lanewise JSON board export becomes a new board (nothing else is touched). */
export async function importBoardFile(file: File): Promise<ImportedBoard> {
  return send<ImportedBoard>('/api/boards/import', { method: 'POST', body: await file.text(), headers: { 'content-type': 'application/json', 'x-lanewise-file-name': encodeURIComponent(file.name).slice(0, 200) } }, null);
}

/** `Q3 plan — P&E` → `q3-plan-pe`, as the server names its downloads. */
export function fileSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60);
  return slug || 'board';
}

export type ExportKind = 'board-json' | 'board-json-history' | 'roadmap-md' | 'roadmap-csv';

const EXPORTS: Record<ExportKind, { path: string; suffix: string }> = {
  'board-json': { path: '/export.json', suffix: 'lanewise.json' },
  'board-json-history': { path: '/export.json?include=decisions,snapshots', suffix: 'lanewise.json' },
  'roadmap-md': { path: '/export/roadmap.md', suffix: 'roadmap.md' },
  'roadmap-csv': { path: '/export/roadmap.csv', suffix: 'roadmap.csv' },
};

/**
 * Downloads an export. A plain link would not carry the Authorization header, so the file is
 * fetched with the board's token and handed to the browser as a Blob.
 */
export async function downloadExport(boardId: string, kind: ExportKind, boardTitle: string): Promise<void> {
  await downloadBoardFile(boardId, EXPORTS[kind].path, `${fileSlug(boardTitle || boardId)}${kind.startsWith('roadmap') ? '-' : '.'}${EXPORTS[kind].suffix}`);
}

/**
 * Fetches `/api/boards/<id><path>` with the board's token and saves it as `fileName`. A plain link
 * would not carry the Authorization header, so the file is handed to the browser as a Blob.
 */
export async function downloadBoardFile(boardId: string, path: string, fileName: string): Promise<void> {
  const token = boardToken(boardId);
  let response: Response;
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new TransferError(0, 'network', 'Could not reach the Lanewise server. Check your connection and try again.');
  }
  if (!response.ok) throw new TransferError(response.status, 'http_error', `The export failed: the server answered ${response.status}.`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
