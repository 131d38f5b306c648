import {
  BOARD_ROLES,
  boardContentSchema,
  boardMetaSchema,
  DECISION_ACTIONS,
  exportedDecisionSchema,
  exportedSnapshotSchema,
  itemSchema,
  laneSchema,
} from '@lanewise/shared';
import { z } from 'zod';
import { personalBody, rotateBody } from '../auth/httpAccess.ts';
import { importOptionsSchema } from '../import/importOptions.ts';
import { importPreviewSchema, importResultSchema } from '../import/importPreviewSchema.ts';
import { SNAPSHOT_KINDS } from '../snapshots/SqliteSnapshotStore.ts';
import { createBoardBody } from './app.ts';
import { decisionQuery, snapshotBody } from './historyRoutes.ts';
import { deadlineBody, facilitatorBody, lockBody, timerBody } from './facilitationRoutes.ts';
import { doneBody, draftBody, phaseBody, voteBody } from './retroRoutes.ts';
import { nextBody, promoteBody, seriesBody } from './retroFlowRoutes.ts';
import { csvImportQuery, exportQuery } from './importExportRoutes.ts';

/**
 * The OpenAPI 3.1 description of the HTTP API, served at /api/openapi.json. Request schemas are
 * the zod schemas the routes validate with; response schemas are built from the shared board
 * schemas. JSON Schema comes from zod 4 (`z.toJSONSchema`, draft 2020-12, as OpenAPI 3.1 uses).
 */

const error = z
  .object({ error: z.object({ code: z.string(), message: z.string().describe('A sentence the user can act on.'), line: z.number().int().optional().describe('Line of an uploaded file.') }) })
  .describe('Every refusal: a code and a sentence.');
const links = z.object({ owner: z.string(), editor: z.string(), viewer: z.string() }).describe('Share links, `/b/<id>#t=<token>` (the token sits in the fragment).');
const boardSummary = z.object({ id: z.string(), title: z.string(), template: z.string(), createdAt: z.number().int(), updatedAt: z.number().int() });
const createdBoard = z.object({ id: z.string(), url: z.string(), links });
const place = z.object({ laneId: z.string(), laneName: z.string(), position: z.number().int() });
const decisionEntry = exportedDecisionSchema.required({ boardId: true, prevHash: true, hash: true });
const actor = z.object({ name: z.string(), verified: z.boolean(), via: z.string().optional() });
const snapshotSummary = z.object({ id: z.string(), boardId: z.string(), name: z.string(), kind: z.enum(SNAPSHOT_KINDS), createdAt: z.number().int(), createdBy: actor, decisionSeq: z.number().int() });
const boardView = z.object({ meta: boardMetaSchema, lanes: laneSchema.extend({ items: itemSchema.array() }).array() });
const itemRef = z.object({ id: z.string(), title: z.string() });
const fieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
const boardDiff = z.object({
  added: z.object({ item: itemRef, to: place }).array(),
  removed: z.object({ item: itemRef, from: place }).array(),
  moved: z.object({ item: itemRef, from: place, to: place }).array(),
  reranked: z.object({ item: itemRef, from: place, to: place }).array(),
  changed: z.object({ item: itemRef, fields: fieldChange.array() }).array(),
  lanes: z.object({ added: z.string().array(), removed: z.string().array(), changed: z.object({ id: z.string(), name: z.string(), fields: fieldChange.array() }).array() }),
});
const boardExport = z
  .object({
    format: z.literal('lanewise.board'),
    version: z.number().int().describe('Layout of this file; 1 today.'),
    exportedAt: z.string(),
    boardId: z.string(),
    board: boardContentSchema,
    decisions: exportedDecisionSchema.array().optional(),
    snapshots: exportedSnapshotSchema.extend({ board: boardContentSchema }).array().optional(),
  })
  .describe('A whole board. Files of older board schemas are migrated on import.');
const importedBoard = createdBoard.extend({ imported: z.object({ lanes: z.number().int(), items: z.number().int(), decisions: z.number().int(), snapshots: z.number().int(), migrations: z.string().array() }) });
const csvUpload = z.object({
  file: z.string().describe('The CSV file (Jira, Linear or a Lanewise roadmap CSV).'),
  options: z.string().optional().describe('ImportOptions as JSON.'),
});

/** Named schemas, built on first use (the route modules they come from import this one). */
const componentSchemas = () => ({
  Error: error,
  BoardSummary: boardSummary,
  CreatedBoard: createdBoard,
  Links: links,
  CreateBoard: createBoardBody,
  BoardView: boardView,
  Item: itemSchema,
  Lane: laneSchema,
  BoardMeta: boardMetaSchema,
  DecisionEntry: decisionEntry,
  SnapshotSummary: snapshotSummary,
  BoardDiff: boardDiff,
  TakeSnapshot: snapshotBody,
  RetroDraft: draftBody,
  RetroVotes: voteBody,
  RetroDone: doneBody,
  RetroPhase: phaseBody,
  FacilitationTimer: timerBody,
  FacilitationLock: lockBody,
  FacilitationFacilitator: facilitatorBody,
  FacilitationDeadline: deadlineBody,
  RetroSeries: seriesBody,
  RetroNext: nextBody,
  RetroPromote: promoteBody,
  RotateLink: rotateBody,
  PersonalLinkRequest: personalBody,
  BoardExport: boardExport,
  BoardContent: boardContentSchema,
  ImportedBoard: importedBoard,
  ImportOptions: importOptionsSchema,
  ImportPreview: importPreviewSchema,
  ImportResult: importResultSchema,
  CsvUpload: csvUpload,
});

type Name = keyof ReturnType<typeof componentSchemas>;
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const ref = (name: Name) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (name: Name, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const errorResponse = (description: string) => jsonBody('Error', description);
const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({ type: 'object', properties, required });
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } });

/** Query parameters from a zod object schema. */
function query(schema: z.ZodObject): Array<Record<string, unknown>> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    ...(property.description ? { description: property.description } : {}),
    schema: property,
  }));
}

const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } });
const boardId = pathParam('id', 'The board id.');
/** A facilitation change: the board's meta after it and the server clock. */
const facilitationDone = { description: 'Changed: `{ meta, serverTime }`. 403 `facilitator_only` when the caller is not the facilitator.', content: { 'application/json': { schema: { type: 'object' } } } };
const denied = {
  '401': errorResponse('No token, or a bad, expired or revoked one.'),
  '403': errorResponse('A token for another board, or a role too low.'),
  '404': errorResponse('No such board.'),
  '429': errorResponse('Too many requests from this address (HTTP_REQUESTS_PER_MINUTE); see Retry-After.'),
  '503': errorResponse('`storage_unavailable`: the database did not answer (PostgreSQL down, or the connection was cut); the change may not have been saved. Try again.'),
};
const editorWrite = { ...denied, '400': errorResponse('Invalid input; the message names the field.') };

function operation(summary: string, details: Record<string, unknown>, auth: 'none' | 'viewer' | 'editor' | 'owner' | 'admin-or-board') {
  const security = auth === 'none' ? [] : [{ boardToken: [] }];
  const roles = { none: 'No token needed.', viewer: 'Any link of the board.', editor: 'An editor or owner link.', owner: 'The owner link.', 'admin-or-board': 'The admin token lists every board; a board token lists that board.' };
  return { summary, description: [details.description, `**Access:** ${roles[auth]}`].filter(Boolean).join('\n\n'), security, ...Object.fromEntries(Object.entries(details).filter(([key]) => key !== 'description')) };
}

let cached: Record<string, unknown> | null = null;

/** The OpenAPI document (built once). */
export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(componentSchemas())) registry.add(schema as z.ZodType, { id });
  const generated = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' }) as { schemas: Record<string, Record<string, unknown>> };
  const schemas = Object.fromEntries(Object.entries(generated.schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]));
  const B = '/api/boards/{id}';
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Lanewise API',
      version: '1',
      description:
        'A real-time planning board. Board endpoints take the board link\'s token as `Authorization: Bearer <token>`. Refusals are `{ "error": { "code", "message" } }` with a 4xx status. The live board is a Yjs document at the websocket `/sync/{id}` (standard y-websocket protocol).',
    },
    servers: [{ url: '/' }],
    components: {
      schemas,
      securitySchemes: { boardToken: { type: 'http', scheme: 'bearer', description: 'The token of a board link (`#t=` in the link), or the admin token.' } },
    },
    paths: {
      '/metrics': { get: operation('Prometheus metrics of this instance (connections, live boards, updates, persist and relay latency, decision entries, closes by code, cross-instance lag)', { responses: { '200': { description: 'Prometheus text format.', content: { 'text/plain': { schema: { type: 'string' } } } } } }, 'none') },
      '/readyz': { get: operation('Readiness: can this instance serve (database and fan-out reachable)?', { responses: { '200': { description: 'Ready.', content: { 'application/json': { schema: object({ status: { const: 'ready' }, checks: { type: 'object' } }) } } }, '503': { description: 'Not ready; `checks` says what does not answer.', content: { 'application/json': { schema: object({ status: { const: 'not ready' }, checks: { type: 'object' } }) } } } } }, 'none') },
      '/healthz': { get: operation('Liveness, with the number of live boards and connections', { responses: { '200': { description: 'Up.', content: { 'application/json': { schema: object({ status: { const: 'ok' }, rooms: { type: 'integer' }, connections: { type: 'integer' } }) } } } } }, 'none') },
      '/api/openapi.json': { get: operation('This description', { responses: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } } } }, 'none') },
      '/api/boards': {
        get: operation('Boards the token may see', { responses: { '200': { description: 'Boards.', content: { 'application/json': { schema: object({ boards: { type: 'array', items: ref('BoardSummary') } }) } } }, '401': errorResponse('No token.') } }, 'admin-or-board'),
        post: operation('Create a board', { requestBody: { required: true, content: { 'application/json': { schema: ref('CreateBoard') } } }, responses: { '201': jsonBody('CreatedBoard', 'The board and its three links.'), '400': errorResponse('Invalid input.'), '415': errorResponse('Not JSON.') } }, 'none'),
      },
      '/api/boards/import': {
        post: operation(
          'Import a JSON board export as a new board',
          {
            description: 'The whole board (and, when the file has them, its decision log and snapshots, marked as carried over). Older board schemas are migrated. Headers: `x-lanewise-name` (who imports), `x-lanewise-file-name`.',
            requestBody: { required: true, content: { 'application/json': { schema: ref('BoardExport') } } },
            responses: {
              '201': jsonBody('ImportedBoard', 'The new board, its links and what was imported.'),
              '413': errorResponse('Larger than IMPORT_MAX_JSON_BYTES, or the board would exceed MAX_BOARD_BYTES.'),
              '415': errorResponse('Not JSON.'),
              '422': errorResponse('Not valid JSON, not a board export, a newer version, or a schema violation (the message names the place).'),
            },
          },
          'none',
        ),
      },
      [B]: { get: operation('The board: lanes in order, items in rank order, and the caller\'s access', { parameters: [boardId], responses: { '200': { description: 'The board.', content: { 'application/json': { schema: object({ id: { type: 'string' }, board: ref('BoardView'), access: object({ role: { enum: [...BOARD_ROLES] }, via: { type: 'string' }, person: { type: 'string' } }, ['role', 'via']) }) } } }, ...denied } }, 'viewer') },
      [`${B}/decisions`]: { get: operation('The decision log', { parameters: [boardId, ...query(decisionQuery)], responses: { '200': { description: `Entries (actions: ${DECISION_ACTIONS.join(', ')}).`, content: { 'application/json': { schema: object({ entries: { type: 'array', items: ref('DecisionEntry') }, next: { type: ['integer', 'null'] } }) } } }, ...denied } }, 'viewer') },
      [`${B}/decisions/verify`]: {
        get: operation(
          'Check the decision log\'s hash chain and signed anchors',
          {
            description: 'Incremental: costs what was appended since the last check. `?full=1` (owners) re-hashes the whole log.',
            parameters: [boardId, { name: 'full', in: 'query', required: false, schema: { enum: ['1', 'true'] }, description: 'Owners: re-check every entry.' }],
            responses: { '200': { description: 'Where it breaks, if it does.', content: { 'application/json': { schema: object({ ok: { type: 'boolean' }, checked: { type: 'integer' }, brokenAt: { type: 'integer' }, problem: { type: 'string' }, headHash: { type: 'string' }, anchor: { type: ['object', 'null'] } }, ['ok', 'checked']) } } }, ...denied },
          },
          'viewer',
        ),
      },
      [`${B}/sync-ticket`]: {
        post: operation(
          'Trade the link token for a single-use websocket ticket',
          {
            description: 'Open the websocket as `/sync/{id}?ticket=…` with it, so the link token never appears in a URL. Any role, viewers included.',
            parameters: [boardId],
            responses: { '201': { description: 'The ticket.', content: { 'application/json': { schema: object({ ticket: { type: 'string' }, expiresAt: { type: 'integer' } }) } } }, ...denied },
          },
          'viewer',
        ),
      },
      [`${B}/decisions/export.csv`]: { get: operation('The decision log as CSV', { parameters: [boardId], responses: { '200': text('text/csv', 'One row per entry.'), ...denied } }, 'viewer') },
      [`${B}/decisions/export.md`]: { get: operation('The decision log as a Markdown decision record', { parameters: [boardId], responses: { '200': text('text/markdown', 'Grouped by day.'), ...denied } }, 'viewer') },
      [`${B}/retro`]: { get: operation('A retro\'s phase and the caller\'s own drafts, votes and "done" (header `x-lanewise-participant` on shared links); the facilitator also gets counts, never contents', { parameters: [boardId], responses: { '200': { description: 'The retro as the caller may see it.', content: { 'application/json': { schema: { type: 'object' } } } }, ...denied } }, 'viewer') },
      [`${B}/retro/drafts`]: { post: operation('Write a private card during Reflect: nobody else sees it until the facilitator reveals', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('RetroDraft') } } }, responses: { '201': { description: 'The draft.', content: { 'application/json': { schema: { type: 'object' } } } }, '409': errorResponse('Not the Reflect phase.'), ...denied } }, 'editor') },
      [`${B}/retro/drafts/{draftId}`]: { delete: operation('Delete one of your own drafts', { parameters: [boardId, pathParam('draftId', 'The draft id.')], responses: { '204': { description: 'Deleted.' }, ...denied } }, 'editor') },
      [`${B}/retro/votes/{itemId}`]: { put: operation('Set your votes on a card (server-enforced budget and per-card cap; counts hidden until voting ends)', { parameters: [boardId, pathParam('itemId', 'The card id.')], requestBody: { required: true, content: { 'application/json': { schema: ref('RetroVotes') } } }, responses: { '200': { description: 'Your votes.', content: { 'application/json': { schema: { type: 'object' } } } }, '409': errorResponse('Over budget or cap, or not the Vote phase.'), ...denied } }, 'editor') },
      [`${B}/retro/done`]: { post: operation('Say you are done with this phase (the facilitator sees the count)', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('RetroDone') } } }, responses: { '200': { description: 'Recorded.', content: { 'application/json': { schema: { type: 'object' } } } }, ...denied } }, 'viewer') },
      [`${B}/retro/phase`]: { post: operation('Move the retro to a phase (facilitator only: the owner, or whom the role was handed to): leaving Reflect reveals the drafts shuffled, ending Vote publishes the counts', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('RetroPhase') } } }, responses: { '200': { description: 'The phase change.', content: { 'application/json': { schema: { type: 'object' } } } }, ...denied } }, 'owner') },
      [`${B}/facilitation`]: { get: operation('The server clock (`serverTime`, for the shared timer), whether the caller is the facilitator or may hand the role over, and the members it can go to', { parameters: [boardId], responses: { '200': { description: 'Facilitation as the caller may see it.', content: { 'application/json': { schema: { type: 'object' } } } }, ...denied } }, 'viewer') },
      [`${B}/facilitation/facilitator`]: { post: operation('Hand the facilitator role to a member with a personal link that can edit (`personId`), or back to the owner (`null`); by the owner or the current facilitator', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('FacilitationFacilitator') } } }, responses: { '200': facilitationDone, ...denied } }, 'editor') },
      [`${B}/facilitation/timer`]: { post: operation('Start, extend or stop the shared timer (facilitator only); it ends at a server-clock time', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('FacilitationTimer') } } }, responses: { '200': facilitationDone, '409': errorResponse('No timer to extend.'), ...denied } }, 'editor') },
      [`${B}/facilitation/lock`]: { post: operation('Lock or unlock the board (facilitator only): while locked, everyone else\'s writes are refused', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('FacilitationLock') } } }, responses: { '200': facilitationDone, ...denied } }, 'editor') },
      [`${B}/facilitation/deadline`]: { post: operation('Set (`at`, server clock ms) or clear (`null`) the deadline at which the current retro phase closes by itself (facilitator only)', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('FacilitationDeadline') } } }, responses: { '200': facilitationDone, '409': errorResponse('The retro is closed or moved on meanwhile.'), ...denied } }, 'editor') },
      [`${B}/retro/series`]: {
        get: operation('The retro\'s series: the planning board it is linked to (with its lanes) and the earlier retros', { parameters: [boardId], responses: { '200': json('The series.'), ...denied } }, 'viewer'),
        put: operation('Link the retro to a planning board (facilitator only; `planningToken` must open that board)', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('RetroSeries') } } }, responses: { '200': json('Linked.'), ...denied } }, 'owner'),
      },
      [`${B}/retro/next`]: { post: operation('Start the next retro of the series (facilitator only): same columns, same planning board; returns its links', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('RetroNext') } } }, responses: { '201': json('The new retro.'), ...denied } }, 'owner') },
      [`${B}/retro/actions/{itemId}/promote`]: { post: operation('Promote an action to a planning board in one step: an initiative (lane, estimate, both lenses) linked both ways, recorded in both decision logs; `targetToken` must be an editor link of the target', { parameters: [boardId, pathParam('itemId', 'The action card id.')], requestBody: { required: true, content: { 'application/json': { schema: ref('RetroPromote') } } }, responses: { '201': json('The initiative.'), '409': errorResponse('Not the Actions phase, or already promoted.'), ...denied } }, 'editor') },
      [`${B}/retro/review`]: { get: operation('Open actions of the earlier retros of the series, with their live status on the planning board', { parameters: [boardId], responses: { '200': json('Open actions.'), ...denied } }, 'viewer') },
      [`${B}/retro/context`]: { get: operation('What happened on the linked planning board since the last retro (reprioritizations, limit overrides with reasons, initiatives added), from its decision log', { parameters: [boardId], responses: { '200': json('Decision entries.'), ...denied } }, 'viewer') },
      [`${B}/retro/joint`]: { get: operation('Product- vs engineering-tagged cards and votes per column, shown only when each perspective has at least 3 participants', { parameters: [boardId], responses: { '200': json('The joint view.'), ...denied } }, 'viewer') },
      [`${B}/retro/export.md`]: { get: operation('The retro as Markdown: top topics with votes and notes, actions with owners, due dates and links', { parameters: [boardId], responses: { '200': { description: 'Markdown.', content: { 'text/markdown': { schema: { type: 'string' } } } }, ...denied } }, 'viewer') },
      [`${B}/retro/export.csv`]: { get: operation('The retro as CSV: every card and action', { parameters: [boardId], responses: { '200': { description: 'CSV.', content: { 'text/csv': { schema: { type: 'string' } } } }, ...denied } }, 'viewer') },
      [`${B}/snapshots`]: {
        get: operation('Snapshots', { parameters: [boardId], responses: { '200': { description: 'Oldest first.', content: { 'application/json': { schema: object({ snapshots: { type: 'array', items: ref('SnapshotSummary') } }) } } }, ...denied } }, 'viewer'),
        post: operation('Take a named snapshot', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('TakeSnapshot') } } }, responses: { '201': { description: 'Taken.', content: { 'application/json': { schema: object({ snapshot: ref('SnapshotSummary') }) } } }, ...editorWrite } }, 'editor'),
      },
      [`${B}/snapshots/{snapshotId}`]: { get: operation('One snapshot with its board', { parameters: [boardId, pathParam('snapshotId', 'The snapshot id.')], responses: { '200': { description: 'The snapshot.', content: { 'application/json': { schema: object({ snapshot: ref('SnapshotSummary'), board: ref('BoardView') }) } } }, ...denied } }, 'viewer') },
      [`${B}/snapshots/{snapshotId}/diff`]: { get: operation('What changed between a snapshot and another one, or now', { parameters: [boardId, pathParam('snapshotId', 'The snapshot id.'), { name: 'to', in: 'query', required: false, schema: { type: 'string', default: 'now' }, description: '`now` or another snapshot id.' }], responses: { '200': { description: 'The diff.', content: { 'application/json': { schema: object({ from: { type: 'string' }, to: { type: 'string' }, diff: ref('BoardDiff') }) } } }, ...denied } }, 'viewer') },
      [`${B}/snapshots/{snapshotId}/restore`]: { post: operation('Restore a snapshot as a forward change everyone sees', { parameters: [boardId, pathParam('snapshotId', 'The snapshot id.')], responses: { '200': { description: 'Restored; `undo` restores the state before.', content: { 'application/json': { schema: object({ restored: ref('SnapshotSummary'), undo: ref('SnapshotSummary') }) } } }, ...denied } }, 'owner') },
      [`${B}/links`]: { get: operation('The current owner, editor and viewer links', { parameters: [boardId], responses: { '200': { description: 'Links.', content: { 'application/json': { schema: object({ links: ref('Links') }) } } }, ...denied } }, 'owner') },
      [`${B}/links/rotate`]: { post: operation('A new link for a role; older links of that role stop working', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('RotateLink') } } }, responses: { '200': { description: 'The new link.', content: { 'application/json': { schema: object({ role: { enum: [...BOARD_ROLES] }, link: { type: 'string' } }) } } }, ...editorWrite } }, 'owner') },
      [`${B}/links/personal`]: {
        get: operation('Personal links (without tokens)', { parameters: [boardId], responses: { '200': { description: 'Links, revoked ones included.', content: { 'application/json': { schema: object({ links: { type: 'array', items: { type: 'object' } } }) } } }, ...denied } }, 'owner'),
        post: operation('A link for one named person', { parameters: [boardId], requestBody: { required: true, content: { 'application/json': { schema: ref('PersonalLinkRequest') } } }, responses: { '201': { description: 'The link.', content: { 'application/json': { schema: { type: 'object' } } } }, ...editorWrite } }, 'owner'),
      },
      [`${B}/links/personal/{pid}`]: { delete: operation('Revoke a personal link', { parameters: [boardId, pathParam('pid', 'The personal link id.')], responses: { '200': { description: 'Revoked.', content: { 'application/json': { schema: { type: 'object' } } } }, ...denied } }, 'owner') },
      [`${B}/import/csv/preview`]: {
        post: operation(
          'Preview a CSV import (Jira, Linear, Lanewise roadmap CSV); writes nothing',
          {
            description: 'Detected format, the column mapping and lane mapping with every default filled in (edit them and send them back), what will be created or updated, and the rows that will be skipped with their line. Multipart (`file`, optional `options` as JSON), or a raw `text/csv` body with `?fileName=&options=`.',
            parameters: [boardId, ...query(csvImportQuery)],
            requestBody: { required: true, content: { 'multipart/form-data': { schema: ref('CsvUpload'), encoding: { file: { contentType: 'text/csv' } } }, 'text/csv': { schema: { type: 'string' } } } },
            responses: {
              '200': { description: 'The preview.', content: { 'application/json': { schema: object({ preview: ref('ImportPreview') }) } } },
              '413': errorResponse('File larger than IMPORT_MAX_CSV_BYTES (refused before it is read) or more rows than IMPORT_MAX_ROWS.'),
              '415': errorResponse('Not a CSV file (an image, a PDF, a spreadsheet, JSON …) or the wrong content type.'),
              '422': errorResponse('Empty, broken quoting, unknown columns, a mapping to a column or lane that is not there; `line` says where.'),
              ...editorWrite,
            },
          },
          'editor',
        ),
      },
      [`${B}/import/csv`]: {
        post: operation(
          'Import a CSV: everything or nothing, one decision entry',
          {
            description: 'The same body as the preview. The file is parsed and planned again against the board as it is (the preview is not trusted). Re-importing updates the items it created (matched by issue key) and never moves them; empty cells never clear values.',
            parameters: [boardId, ...query(csvImportQuery)],
            requestBody: { required: true, content: { 'multipart/form-data': { schema: ref('CsvUpload') }, 'text/csv': { schema: { type: 'string' } } } },
            responses: {
              '200': jsonBody('ImportResult', 'What was imported.'),
              '409': errorResponse('The board changed so that the plan no longer fits; preview again.'),
              '413': errorResponse('Too large a file, too many rows, or the board would exceed MAX_BOARD_BYTES.'),
              '415': errorResponse('Not a CSV file.'),
              '422': errorResponse('As for the preview.'),
              ...editorWrite,
            },
          },
          'editor',
        ),
      },
      [`${B}/export.json`]: { get: operation('The whole board as JSON (imports into a new board)', { parameters: [boardId, ...query(exportQuery)], responses: { '200': jsonBody('BoardExport', 'The export, as a download.'), ...denied } }, 'viewer') },
      [`${B}/export/roadmap.md`]: { get: operation('The roadmap in Markdown: lanes as sections, owner, estimate, value and health scores, the reason for each position', { parameters: [boardId], responses: { '200': text('text/markdown', 'The roadmap.'), ...denied } }, 'viewer') },
      [`${B}/export/roadmap.csv`]: { get: operation('The roadmap as CSV (UTF-8 with BOM); imports back into Lanewise', { parameters: [boardId], responses: { '200': text('text/csv', 'One row per initiative.'), ...denied } }, 'viewer') },
    },
  };
  return cached;
}
