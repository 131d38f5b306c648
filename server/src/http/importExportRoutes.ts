import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { roadmapToCsv } from '../export/roadmapCsv.ts';
import { roadmapToMarkdown } from '../export/roadmapMarkdown.ts';
import type { CsvUpload } from '../import/csvUpload.ts';
import { ImportError } from '../import/ImportError.ts';
import type { BoardFileImport, ImportedBoard } from '../import/importBoardFile.ts';
import { importOptionsSchema, type ImportOptions } from '../import/importOptions.ts';
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

/**
 * Import and export of one board, under /api/boards/:id (mount after requireBoardAccess):
 *   POST /:id/import/csv/preview   what an import would do; writes nothing
 *   POST /:id/import/csv           the import itself: everything or nothing, one decision entry
 *   GET  /:id/export.json          the whole board (`?include=decisions,snapshots` adds history)
 *   GET  /:id/export/roadmap.md    roadmap to paste into documents
 *   GET  /:id/export/roadmap.csv   roadmap as a spreadsheet; imports back into Lanewise
 * This thread only receives the upload and checks its size and options; decoding and parsing the
 * file, planning, applying and reading the board are commands on the board's owner thread.
 */
export function createImportExportRoutes({ rooms, limits }: ImportExportDeps): Hono {
  const app = new Hono();

  const csvBodyLimit = bodyLimit({
    // Multipart framing and the options part ride on top of the file itself.
    maxSize: limits.maxCsvBytes + 256 * 1024,
    onError: (c) =>
      errorResponse(c, new ImportError(413, 'file_too_large', `The file is larger than ${mib(limits.maxCsvBytes)}, the most one import takes. Export fewer issues (filter the search in Jira or the view in Linear) and import them in parts.`)),
  });

  /** Refuses a file over the size limit here; reading and parsing it is the owner thread's work. */
  const checkSize = (upload: CsvUpload): CsvUpload => {
    if (upload.bytes.byteLength > limits.maxCsvBytes) {
      throw new ImportError(413, 'file_too_large', `The file is ${mib(upload.bytes.byteLength)}; one import takes at most ${mib(limits.maxCsvBytes)}.`);
    }
    return upload;
  };

  app.post('/:id/import/csv/preview', csvBodyLimit, (c) =>
    withImportErrors(c, async () => {
      const upload = checkSize(await readCsvUpload(c));
      const preview = await rooms.run(c.req.param('id'), { type: 'previewImport', upload, maxRows: limits.maxRows, importer: requestActor(c).name });
      return c.json({ preview });
    }),
  );

  app.post('/:id/import/csv', csvBodyLimit, (c) =>
    withImportErrors(c, async () => {
      // The preview is not trusted: the file is read and planned again against the board as it is now.
      const upload = checkSize(await readCsvUpload(c));
      const { preview, written } = await rooms.run(c.req.param('id'), { type: 'applyImport', upload, maxRows: limits.maxRows, actor: requestActor(c) });
      return c.json({
        imported: { ...preview.counts, peopleAdded: preview.peopleAdded, written },
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
    const body = await rooms.run(c.req.param('id'), { type: 'exportBoard', decisions: include.has('decisions'), snapshots: include.has('snapshots') });
    c.header('content-disposition', attachment(`${fileSlug(body.board.meta.title)}.lanewise.json`));
    return c.body(`${JSON.stringify(body, null, 2)}\n`, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  app.get('/:id/export/roadmap.md', async (c) => {
    const roadmap = await rooms.run(c.req.param('id'), { type: 'readRoadmap' });
    c.header('content-disposition', attachment(`${fileSlug(roadmap.meta.title)}-roadmap.md`));
    return c.body(roadmapToMarkdown(roadmap), 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.get('/:id/export/roadmap.csv', async (c) => {
    const roadmap = await rooms.run(c.req.param('id'), { type: 'readRoadmap' });
    c.header('content-disposition', attachment(`${fileSlug(roadmap.meta.title)}-roadmap.csv`));
    return c.body(roadmapToCsv(roadmap), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  return app;
}

export interface BoardImportDeps {
  readonly limits: ImportLimits;
  /** Reads the file and stores the new board on a board thread; returns its id and links (the same as creating a board). */
  readonly importBoard: (input: BoardFileImport) => Promise<ImportedBoard & { id: string; url: string; links: Record<string, string> }>;
}

/**
 * `POST /api/boards/import`: a JSON board export becomes a new board (like creating one, it needs
 * no token; the answer carries the new board's links). Mount before the `/api/boards/:id` guards.
 * The file is read, checked and built into a board on a board thread (`importBoardFile`).
 */
export function createBoardImportRoute({ limits, importBoard }: BoardImportDeps): Hono {
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
        const fileName = headerText(c.req.header('x-lanewise-file-name')).slice(0, 200) || 'board.lanewise.json';
        const declared = (c.req.header('x-lanewise-name') ?? '').trim().slice(0, 80);
        const { title: _title, ...created } = await importBoard({ text, fileName, actor: { name: declared || 'Anonymous', verified: false, via: 'import' } });
        return c.json(created, 201);
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
