import { parseBoardExport, type DecisionDraft } from '@lanewise/shared';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { buildBoardJsonExport } from '../export/boardJsonExport.ts';
import { roadmapToCsv } from '../export/roadmapCsv.ts';
import { roadmapToMarkdown } from '../export/roadmapMarkdown.ts';
import { readRoadmap } from '../export/roadmapRows.ts';
import { parseCsvTable } from '../import/csvTable.ts';
import { boardFromExport } from '../import/boardFromExport.ts';
import { ImportError } from '../import/ImportError.ts';
import { ANY_EXPORT_HINT } from '../import/importFormats.ts';
import { importIntoDoc } from '../import/importIntoDoc.ts';
import { importOptionsSchema, type ImportOptions } from '../import/importOptions.ts';
import { importTargetOf } from '../import/importTarget.ts';
import { planImport } from '../import/planImport.ts';
import type { ImportPreview } from '../import/importPreviewSchema.ts';
import { readUpload } from '../import/readUpload.ts';
import type { BoardStorage } from '../storage/BoardStorage.ts';
import type { BoardRoom } from '../sync/BoardRoom.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';
import { requestActor } from './historyRoutes.ts';

/** The import endpoints that take a file: exempt from the general body cap, capped by their own. */
export function isUploadPath(path: string): boolean {
  return path === '/api/boards/import' || /^\/api\/boards\/[A-Za-z0-9_-]{1,64}\/import\/csv(\/preview)?$/.test(path);
}

/** Limits of the import endpoints (environment variables, see config.ts). */
export interface ImportLimits {
  /** Largest CSV upload; bigger bodies are refused from their Content-Length, before being read. */
  readonly maxCsvBytes: number;
  readonly maxRows: number;
  /** Largest JSON board export accepted (the board plus, optionally, its history). */
  readonly maxJsonBytes: number;
  /** A board's document may not grow past this (MAX_BOARD_BYTES). */
  readonly maxBoardBytes: number;
}

export interface ImportExportDeps {
  readonly storage: BoardStorage;
  readonly rooms: BoardRooms;
  readonly limits: ImportLimits;
}

export const exportQuery = z
  .object({
    /** `decisions`, `snapshots` or both (comma-separated): history to include besides the board. */
    include: z
      .string()
      .regex(/^(decisions|snapshots)(,(decisions|snapshots))?$/, 'must be "decisions", "snapshots" or "decisions,snapshots"')
      .optional(),
  })
  .strict();

export const csvImportQuery = z
  .object({
    /** For a raw `text/csv` body: the file's name, for the decision log. */
    fileName: z.string().min(1).max(200).optional(),
    /** For a raw `text/csv` body: the options as JSON (a multipart upload sends them as the `options` part). */
    options: z.string().max(100_000).optional(),
  })
  .strict();

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(bytes % 1048576 === 0 ? 0 : 1)} MiB`;

function errorResponse(c: Context, error: ImportError) {
  return c.json({ error: error.toJSON() }, error.status);
}

/** `Q3 plan — P&E` → `q3-plan-pe`, for download names. */
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

const attachment = (name: string) => `attachment; filename="${name}"`;

interface CsvUpload {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly options: ImportOptions;
}

function parseOptions(text: string | undefined): ImportOptions {
  if (text === undefined || text.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportError(400, 'invalid_options', 'The import options are not valid JSON.');
  }
  const parsed = importOptionsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ImportError(400, 'invalid_options', `options.${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`.replace('options. ', 'options '));
  }
  return parsed.data;
}

/** Reads a CSV upload: `multipart/form-data` with `file` (and `options`), or a raw `text/csv` body. */
async function readCsvUpload(c: Context): Promise<CsvUpload> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw new ImportError(400, 'invalid_upload', 'The upload could not be read as multipart/form-data.');
    }
    const file = form.file;
    if (!(file instanceof File)) throw new ImportError(400, 'no_file', 'Attach the CSV file as the form field "file".');
    const options = typeof form.options === 'string' ? form.options : undefined;
    return { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name.slice(0, 200) || 'upload.csv', options: parseOptions(options) };
  }
  if (type.startsWith('text/csv') || type.startsWith('text/plain') || type.startsWith('application/octet-stream')) {
    const query = csvImportQuery.safeParse(c.req.query());
    if (!query.success) throw new ImportError(400, 'invalid_query', `${query.error.issues[0]?.path.join('.') ?? 'query'} ${query.error.issues[0]?.message ?? 'is invalid'}`);
    return { bytes: new Uint8Array(await c.req.arrayBuffer()), fileName: query.data.fileName ?? 'upload.csv', options: parseOptions(query.data.options) };
  }
  throw new ImportError(415, 'unsupported_media_type', 'Send the CSV as multipart/form-data (field "file", optional field "options") or as text/csv.');
}

/** A header value that may be percent-encoded (headers carry Latin-1 only; file names are anything). */
function headerText(value: string | undefined): string {
  try {
    return decodeURIComponent(value ?? '').trim();
  } catch {
    return (value ?? '').trim();
  }
}

/** Where a JSON.parse error happened, as a line number. */
function jsonErrorLine(text: string, error: unknown): number | undefined {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (position === undefined) return undefined;
  return text.slice(0, Number(position)).split('\n').length;
}

/**
 * Import and export of one board, under /api/boards/:id (mount after requireBoardAccess):
 *   POST /:id/import/csv/preview   what an import would do; writes nothing
 *   POST /:id/import/csv           the import itself: everything or nothing, one decision entry
 *   GET  /:id/export.json          the whole board (`?include=decisions,snapshots` adds history)
 *   GET  /:id/export/roadmap.md    roadmap to paste into documents
 *   GET  /:id/export/roadmap.csv   roadmap as a spreadsheet; imports back into Lanewise
 */
export function createImportExportRoutes({ storage, rooms, limits }: ImportExportDeps): Hono {
  const app = new Hono();

  /**
   * The one place these routes reach a board's live document. When boards move into their owner
   * threads this becomes a command to that thread: `work` takes plain data in and gives plain data
   * out (a parsed CSV table and options in; a preview, an import result or an export out).
   */
  const onLiveBoard = <T>(boardId: string, work: (room: BoardRoom) => T): Promise<T> => rooms.withRoom(boardId, work);

  const csvBodyLimit = bodyLimit({
    // Multipart framing and the options part ride on top of the file itself.
    maxSize: limits.maxCsvBytes + 256 * 1024,
    onError: (c) =>
      errorResponse(c, new ImportError(413, 'file_too_large', `The file is larger than ${mib(limits.maxCsvBytes)}, the most one import takes. Export fewer issues (filter the search in Jira or the view in Linear) and import them in parts.`)),
  });

  const parseUpload = (upload: CsvUpload) => {
    if (upload.bytes.byteLength > limits.maxCsvBytes) {
      throw new ImportError(413, 'file_too_large', `The file is ${mib(upload.bytes.byteLength)}; one import takes at most ${mib(limits.maxCsvBytes)}.`);
    }
    const text = readUpload(upload.bytes, ANY_EXPORT_HINT);
    return { table: parseCsvTable(text.text, limits.maxRows), ...(text.note ? { encodingNote: text.note } : {}) };
  };

  app.post('/:id/import/csv/preview', csvBodyLimit, (c) =>
    withImportErrors(c, async () => {
      const upload = await readCsvUpload(c);
      const parsed = parseUpload(upload);
      const actor = requestActor(c);
      const preview: ImportPreview = await onLiveBoard(c.req.param('id'), (room) =>
        planImport({ ...parsed, fileName: upload.fileName, options: upload.options, target: importTargetOf(room.doc), importer: actor.name, now: Date.now() }).preview,
      );
      return c.json({ preview });
    }),
  );

  app.post('/:id/import/csv', csvBodyLimit, (c) =>
    withImportErrors(c, async () => {
      const upload = await readCsvUpload(c);
      // The preview is not trusted: the file is parsed and planned again against the board as it is now.
      const parsed = parseUpload(upload);
      const actor = requestActor(c);
      const result = await onLiveBoard(c.req.param('id'), (room) => {
        const now = Date.now();
        const planned = planImport({ ...parsed, fileName: upload.fileName, options: upload.options, target: importTargetOf(room.doc), importer: actor.name, now });
        const { counts } = planned.preview;
        if (counts.create + counts.update === 0 && planned.plan.people.length === 0) return { planned, written: false };
        const draft: DecisionDraft = { at: now, actor, action: 'board.imported', details: planned.details };
        room.applyServerChange(actor, { kind: 'import', draft }, (doc, origin) => importIntoDoc(doc, planned.plan, origin, limits.maxBoardBytes));
        return { planned, written: true };
      });
      const { preview } = result.planned;
      return c.json({
        imported: { ...preview.counts, peopleAdded: preview.peopleAdded, written: result.written },
        format: preview.format,
        formatLabel: preview.formatLabel,
        skipped: preview.skipped,
        notes: preview.notes,
      });
    }),
  );

  app.get('/:id/export.json', async (c) => {
    const query = exportQuery.safeParse(c.req.query());
    if (!query.success) return c.json({ error: { code: 'invalid_query', message: `${query.error.issues[0]?.path.join('.') || 'query'} ${query.error.issues[0]?.message ?? 'is invalid'}` } }, 400);
    const include = new Set(query.data.include?.split(',') ?? []);
    const id = c.req.param('id');
    const history = {
      ...(include.has('decisions') ? { decisions: storage.decisions.list(id, { order: 'asc', limit: Number.MAX_SAFE_INTEGER }) } : {}),
      ...(include.has('snapshots') ? { snapshots: storage.snapshots.list(id).flatMap((summary) => storage.snapshots.get(id, summary.id) ?? []) } : {}),
    };
    const body = await onLiveBoard(id, (room) => buildBoardJsonExport(id, room.doc, history));
    c.header('content-disposition', attachment(`${fileSlug(body.board.meta.title)}.lanewise.json`));
    return c.body(`${JSON.stringify(body, null, 2)}\n`, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  app.get('/:id/export/roadmap.md', async (c) => {
    const id = c.req.param('id');
    const decisions = storage.decisions.list(id, { order: 'asc', limit: Number.MAX_SAFE_INTEGER });
    const roadmap = await onLiveBoard(id, (room) => readRoadmap(room.doc, decisions));
    c.header('content-disposition', attachment(`${fileSlug(roadmap.meta.title)}-roadmap.md`));
    return c.body(roadmapToMarkdown(roadmap), 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.get('/:id/export/roadmap.csv', async (c) => {
    const id = c.req.param('id');
    const decisions = storage.decisions.list(id, { order: 'asc', limit: Number.MAX_SAFE_INTEGER });
    const roadmap = await onLiveBoard(id, (room) => readRoadmap(room.doc, decisions));
    c.header('content-disposition', attachment(`${fileSlug(roadmap.meta.title)}-roadmap.csv`));
    return c.body(roadmapToCsv(roadmap), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  return app;
}

export interface BoardImportDeps {
  readonly limits: ImportLimits;
  /** Stores the new board and returns its id and links (the same as creating a board). */
  readonly createBoard: (input: { title: string; template: string; update: Uint8Array; history: Parameters<BoardStorage['createBoard']>[2] }) => Promise<{ id: string; url: string; links: Record<string, string> }>;
}

/**
 * `POST /api/boards/import`: a JSON board export becomes a new board (like creating one, it needs
 * no token; the answer carries the new board's links). Mount before the `/api/boards/:id` guards.
 */
export function createBoardImportRoute({ limits, createBoard }: BoardImportDeps): Hono {
  const app = new Hono();
  app.post(
    '/import',
    bodyLimit({
      maxSize: limits.maxJsonBytes,
      onError: (c) => errorResponse(c, new ImportError(413, 'file_too_large', `The file is larger than ${mib(limits.maxJsonBytes)}, the most a board import takes (IMPORT_MAX_JSON_BYTES).`)),
    }),
    (c) =>
      withImportErrors(c, async () => {
        const type = (c.req.header('content-type') ?? '').toLowerCase();
        if (!type.startsWith('application/json')) throw new ImportError(415, 'unsupported_media_type', 'Send the board export as JSON (Content-Type: application/json).');
        const text = await c.req.text();
        if (text.trim() === '') throw new ImportError(422, 'empty_file', 'The file is empty.');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (error) {
          const line = jsonErrorLine(text, error);
          throw new ImportError(422, 'invalid_json', `The file is not valid JSON${line === undefined ? '' : ` (line ${line})`}; it may be damaged or not a Lanewise board export.`, line);
        }
        const parsed = parseBoardExport(json);
        if (!parsed.ok) throw new ImportError(422, 'invalid_export', parsed.message);
        const fileName = headerText(c.req.header('x-lanewise-file-name')).slice(0, 200) || 'board.lanewise.json';
        const declared = (c.req.header('x-lanewise-name') ?? '').trim().slice(0, 80);
        const board = boardFromExport(parsed.value, { actor: { name: declared || 'Anonymous', verified: false, via: 'import' }, fileName, maxBoardBytes: limits.maxBoardBytes, now: Date.now(), migrations: parsed.migrations });
        const created = await createBoard({ title: board.title, template: board.template, update: board.update, history: board.history });
        return c.json({ ...created, imported: { ...board.counts, migrations: parsed.migrations } }, 201);
      }),
  );
  return app;
}

/** Answers an ImportError with its status, code, sentence and line; anything else is a server error. */
async function withImportErrors(c: Context, handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof ImportError) return errorResponse(c, error);
    throw error;
  }
}
