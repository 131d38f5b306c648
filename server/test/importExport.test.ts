import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { itemsMap, moveItem, readBoard, removeLane, type DecisionEntry } from '@lanewise/shared';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { importPreviewSchema, importResultSchema } from '../src/import/importPreviewSchema.ts';
import { boardFetch, connectProvider, createBoardOverHttp, serverDoc, startServer, tempDataDir, tokenFor, tokenOfLink, waitFor, waitForSync, type RunningServer } from './harness.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  data = tempDataDir();
  // Many boards from one address: the board-creation budget is tested on its own below.
  running = await startServer(data.dir, { IMPORT_MAX_ROWS: '5000', BOARD_CREATIONS_PER_HOUR: '0' });
});
afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await running.stop();
  data.remove();
});

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/import/${name}`, import.meta.url)));

function upload(bytes: Uint8Array | string, fileName: string, options?: object): FormData {
  const form = new FormData();
  form.set('file', new Blob([bytes]), fileName);
  if (options) form.set('options', JSON.stringify(options));
  return form;
}

async function post(boardId: string, path: string, body: FormData, role: 'owner' | 'editor' | 'viewer' = 'editor', name = 'Dana') {
  const response = await boardFetch(`${running.http}/api/boards/${boardId}${path}`, { method: 'POST', body, headers: { 'x-lanewise-name': name } }, role);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string; line?: number } } };
}

/**
 * The board as storage holds it — its content (canonically encoded, so compacting the log when the
 * idle board unloads changes nothing here), the last stored update's number — and its decision log.
 */
async function stored(boardId: string, server: RunningServer = running) {
  const board = await server.server.storage.loadBoard(boardId);
  const doc = new Y.Doc();
  for (const bytes of [...(board?.snapshot ? [board.snapshot.data] : []), ...(board?.updates ?? []).map((update) => update.data)]) Y.applyUpdate(doc, bytes);
  const content = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
  doc.destroy();
  return { content, lastSeq: board?.lastSeq, decisions: (await server.server.storage.decisions.list(boardId, { order: 'asc', limit: 10_000 })).length };
}

function watch(boardId: string, name: string): WebsocketProvider {
  const provider = connectProvider(running.ws, boardId, name);
  providers.push(provider);
  return provider;
}

const titles = (provider: WebsocketProvider) => readBoard(provider.doc)?.lanes.map((lane) => [lane.name, lane.items.map((item) => item.title)]);

describe('CSV import over HTTP', () => {
  it('previews without writing, then imports everything in one step that clients see live and the log records once', async () => {
    const boardId = await createBoardOverHttp(running.http, 'Q3 planning');
    const watcher = watch(boardId, 'Watcher');
    await waitForSync(watcher);
    const before = await stored(boardId);

    const preview = await post(boardId, '/import/csv/preview', upload(fixture('jira-company-managed.csv'), 'PLAT export.csv'));
    expect(preview.status).toBe(200);
    const shown = preview.body.preview as { counts: object; lanes: Array<{ id: string; name: string }>; options: { lanes: Record<string, string> } };
    expect(shown.counts).toEqual({ create: 11, update: 0, unchanged: 0, skip: 1 });
    expect(await stored(boardId)).toEqual(before);
    expect(itemsMap(watcher.doc).size).toBe(0);

    // The user changes one mapping: "Medium" goes to P1 instead of P2.
    const p1 = shown.lanes.find((lane) => lane.name === 'P1')?.id as string;
    const imported = await post(boardId, '/import/csv', upload(fixture('jira-company-managed.csv'), 'PLAT export.csv', { ...shown.options, lanes: { ...shown.options.lanes, Medium: p1 } }));
    expect(imported.status).toBe(200);
    expect(imported.body.imported).toMatchObject({ create: 11, update: 0, skip: 1, written: true });
    // The answers are what the OpenAPI description says they are.
    expect(importPreviewSchema.strict().safeParse(preview.body.preview).error).toBeUndefined();
    expect(importResultSchema.strict().safeParse(imported.body).error).toBeUndefined();
    await waitFor(() => itemsMap(watcher.doc).size === 11, 'the watching client to see the 11 new cards');
    expect(titles(watcher)).toEqual([
      ['P0', ['SSO with SAML for enterprise tier', 'Payment webhook retries drop events under load']],
      ['P1', ['Checkout revamp', 'Saved cards for returning buyers', 'Migrate search to OpenSearch 2.x', 'Reduce cold start of the mobile app', 'Rate-limit the public API per token', 'Onboarding checklist, "Invite your team" step']],
      ['P2', []],
      ['Later', ['Audit log export for admins', 'Spike: usage-based pricing model', 'Remove the legacy v1 reports endpoint']],
    ]);

    const entries = await running.server.storage.decisions.list(boardId, { order: 'asc', limit: 100 });
    expect(entries).toHaveLength(before.decisions + 1);
    expect(entries.at(-1)).toMatchObject({
      action: 'board.imported',
      actor: { name: 'Dana', verified: false, via: 'editor-link' },
      details: { fileName: 'PLAT export.csv', format: 'jira', formatLabel: 'Jira (company-managed)', created: 11, updated: 0, skipped: 1 },
    });
    expect((await running.server.storage.decisions.verify(boardId)).ok).toBe(true);
  });

  it('re-importing the same file changes nothing; an edited file updates the items it created, never duplicates', async () => {
    const boardId = await createBoardOverHttp(running.http, 'Mobile');
    await post(boardId, '/import/csv', upload(fixture('jira-team-managed.csv'), 'mobile.csv'));
    const afterFirst = await stored(boardId);

    const again = await post(boardId, '/import/csv', upload(fixture('jira-team-managed.csv'), 'mobile.csv'));
    expect(again.body.imported).toMatchObject({ create: 0, update: 0, unchanged: 5, written: false });
    expect(await stored(boardId)).toEqual(afterFirst);

    const edited = new TextDecoder().decode(fixture('jira-team-managed.csv')).replace('Upgrade React Native to 0.76', 'Upgrade React Native to 0.77');
    const updated = await post(boardId, '/import/csv', upload(edited, 'mobile.csv'));
    expect(updated.body.imported).toMatchObject({ create: 0, update: 1, unchanged: 4, written: true });
    const view = (await (await boardFetch(`${running.http}/api/boards/${boardId}`)).json()) as { board: { lanes: Array<{ items: Array<{ title: string; source?: { key: string } }> }> } };
    const items = view.board.lanes.flatMap((lane) => lane.items);
    expect(items).toHaveLength(5);
    expect(items.find((item) => item.source?.key === 'MOB-4')?.title).toBe('Upgrade React Native to 0.77');
    expect((await running.server.storage.decisions.list(boardId, { order: 'asc', limit: 100 })).filter((entry) => entry.action === 'board.imported')).toHaveLength(2);
  });

  it('imports a Linear export sent as a raw text/csv body', async () => {
    const boardId = await createBoardOverHttp(running.http, 'Billing', 'now-next-later');
    const response = await boardFetch(`${running.http}/api/boards/${boardId}/import/csv?fileName=linear.csv`, { method: 'POST', body: fixture('linear.csv'), headers: { 'content-type': 'text/csv' } }, 'editor');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { imported: object }).imported).toMatchObject({ create: 6, skip: 1 });
  });

  it('lets viewers export but not preview or import', async () => {
    const boardId = await createBoardOverHttp(running.http, 'Read only');
    const before = await stored(boardId);
    for (const path of ['/import/csv/preview', '/import/csv']) {
      const refused = await post(boardId, path, upload(fixture('linear.csv'), 'linear.csv'), 'viewer');
      expect(refused.status).toBe(403);
    }
    expect(await stored(boardId)).toEqual(before);
    for (const path of ['/export.json', '/export/roadmap.md', '/export/roadmap.csv']) {
      expect((await boardFetch(`${running.http}/api/boards/${boardId}${path}`, {}, 'viewer')).status).toBe(200);
    }
  });

  it('refuses bad files with a clear message and the line, writing nothing', async () => {
    const boardId = await createBoardOverHttp(running.http, 'Bad input');
    const before = await stored(boardId);
    const twentyThousand = `Summary,Issue key,Priority\r\n${Array.from({ length: 20_000 }, (_, index) => `Issue ${index},BIG-${index},Medium`).join('\r\n')}\r\n`;
    const cases: Array<[string, FormData, number, string, RegExp, number?]> = [
      ['an empty file', upload(new Uint8Array(), 'empty.csv'), 422, 'empty_file', /^The file is empty\.$/],
      ['a PNG', upload(fixture('screenshot.png'), 'screenshot.png'), 415, 'not_csv', /^This is a PNG image, not a CSV file\. Export a CSV from Jira/],
      ['a PDF', upload(fixture('roadmap.pdf'), 'roadmap.pdf'), 415, 'not_csv', /^This is a PDF document, not a CSV file/],
      ['20,000 rows', upload(twentyThousand, 'everything.csv'), 413, 'too_many_rows', /^The file has 20,000 rows; one import takes at most 5,000 \(row 5,001 starts on line 5,002\)/, 5002],
      ['broken quoting', upload(fixture('broken-quoting.csv'), 'broken.csv'), 422, 'broken_quoting', /^Line 3: a quoted cell that starts in this row is never closed/, 3],
      ['unknown columns', upload(fixture('unknown-columns.csv'), 'notes.csv'), 422, 'unknown_format', /^Line 1: the columns \(“Name”, “Owner”, “When”\) are not those of a Jira export/, 1],
      ['a mapping to a column the file lacks', upload(fixture('linear.csv'), 'linear.csv', { columns: { title: ['Headline'] } }), 422, 'unknown_column', /column “Headline” that the file does not have/, 1],
      ['options that are not JSON', (() => { const form = upload(fixture('linear.csv'), 'linear.csv'); form.set('options', '{nope'); return form; })(), 400, 'invalid_options', /not valid JSON/],
      ['no file', (() => { const form = new FormData(); form.set('options', '{}'); return form; })(), 400, 'no_file', /form field "file"/],
    ];
    for (const [what, body, status, code, message, line] of cases) {
      for (const path of ['/import/csv/preview', '/import/csv']) {
        const refused = await post(boardId, path, body);
        expect(refused.status, `${what} ${path}`).toBe(status);
        expect(refused.body.error?.code, what).toBe(code);
        expect(refused.body.error?.message, what).toMatch(message);
        expect(refused.body.error?.line, what).toBe(line);
      }
      expect(await stored(boardId), what).toEqual(before);
    }
  });

  it('refuses a 50 MB upload from its Content-Length, before reading the body', async () => {
    const boardId = await createBoardOverHttp(running.http, 'Huge');
    const before = await stored(boardId);
    const declared = 50 * 1024 * 1024;
    const answer = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      const outgoing = request(`${running.http}/api/boards/${boardId}/import/csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokenFor(boardId, 'editor')}`, 'content-type': 'text/csv', 'content-length': String(declared) },
      });
      let sent = 0;
      outgoing.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body, sent });
          outgoing.destroy();
        });
      });
      outgoing.on('error', (error) => (sent > 0 ? undefined : reject(error)));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      outgoing.write(chunk); // the first 64 KiB of 50 MiB, then we wait for the answer
      sent += chunk.length;
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'file_too_large', message: expect.stringMatching(/^The file is larger than 5 MiB, the most one import takes/) } });
    expect(answer.sent).toBeLessThan(declared / 100);
    expect(await stored(boardId)).toEqual(before);
  });

  it('refuses an import that would grow the board past MAX_BOARD_BYTES, writing nothing', async () => {
    const small = tempDataDir();
    const tight = await startServer(small.dir, { MAX_BOARD_BYTES: String(64 * 1024) });
    try {
      const boardId = await createBoardOverHttp(tight.http, 'Tight');
      const before = await stored(boardId, tight);
      const rows = Array.from({ length: 40 }, (_, index) => `Issue ${index},TIGHT-${index},High,"${'long description '.repeat(120)}"`).join('\n');
      const form = upload(`Summary,Issue key,Priority,Description\n${rows}\n`, 'tight.csv');
      const response = await fetch(`${tight.http}/api/boards/${boardId}/import/csv`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tokenFor(boardId, 'editor')}` } });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'board_too_large', message: expect.stringMatching(/MAX_BOARD_BYTES/) });
      expect(await stored(boardId, tight)).toEqual(before);
      expect(before.decisions).toBe(0);
    } finally {
      await tight.stop();
      small.remove();
    }
  });

  it('refuses a mapping to a lane that was removed after the preview', async () => {
    const boardId = await createBoardOverHttp(running.http, 'Moving target');
    const preview = await post(boardId, '/import/csv/preview', upload(fixture('linear.csv'), 'linear.csv'));
    const options = (preview.body.preview as { options: { lanes: Record<string, string> } }).options;
    const editor = watch(boardId, 'Lee');
    await waitForSync(editor);
    removeLane(editor.doc, options.lanes.Urgent as string);
    await waitFor(async () => readBoard(await serverDoc(running.server, boardId))?.lanes.length === 3, 'the server to apply the removal');
    const before = await stored(boardId);
    const refused = await post(boardId, '/import/csv', upload(fixture('linear.csv'), 'linear.csv', options));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'unknown_lane', message: expect.stringMatching(/not on this board any more; preview the file again/) });
    expect(await stored(boardId)).toEqual(before);
  });

  it('when storing the import fails: answers 500, relays and stores nothing, clients resync; a retry then imports', async () => {
    const boardId = await createBoardOverHttp(running.http, 'Failing disk');
    const watcher = watch(boardId, 'Watcher');
    await waitForSync(watcher);
    const closes: number[] = [];
    watcher.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? 0));
    const before = await stored(boardId);
    // A real failing write: another connection to the database file makes SQLite abort this board's update inserts.
    const db = new Database(join(data.dir, 'lanewise.db'));
    db.exec(`CREATE TRIGGER refuse_board_updates BEFORE INSERT ON board_updates WHEN NEW.board_id = '${boardId}' BEGIN SELECT RAISE(ABORT, 'disk failure (test)'); END`);
    try {
      const failed = await post(boardId, '/import/csv', upload(fixture('linear.csv'), 'linear.csv'));
      expect(failed.status).toBe(500);
      expect(failed.body.error?.code).toBe('internal_error');
      await waitFor(() => closes.length > 0, 'the watcher to be closed so that it resyncs from storage');
      // Messages arrive in order: a relay sent before the close would be in the watcher's document.
      expect(itemsMap(watcher.doc).size).toBe(0);
    } finally {
      db.exec('DROP TRIGGER refuse_board_updates');
      db.close();
    }
    expect(await stored(boardId)).toEqual(before);

    const retried = await post(boardId, '/import/csv', upload(fixture('linear.csv'), 'linear.csv'));
    expect(retried.status).toBe(200);
    const created = (retried.body.imported as { create: number }).create;
    expect(created).toBeGreaterThan(0);
    await waitFor(() => itemsMap(watcher.doc).size === created, 'the reconnected watcher to see the imported cards');
    expect((await stored(boardId)).decisions).toBe(before.decisions + 1);
  });
});

describe('exports', () => {
  async function plannedBoard() {
    const boardId = await createBoardOverHttp(running.http, 'Q3 — Product & Engineering');
    await post(boardId, '/import/csv', upload(fixture('jira-company-managed.csv'), 'jira.csv'));
    const dana = watch(boardId, 'Dana');
    await waitForSync(dana);
    const board = readBoard(dana.doc);
    const sso = board?.lanes[0]?.items.find((item) => item.title.startsWith('SSO'));
    moveItem(dana.doc, sso?.id as string, { laneId: board?.lanes[0]?.id as string, position: 'bottom' }, undefined, { rationale: 'Acme renewal | blocks *everything*' });
    await waitFor(async () => (await running.server.storage.decisions.list(boardId, { limit: 1, order: 'desc' }))[0]?.action === 'item.reranked', 'the re-rank to be logged');
    return boardId;
  }

  it('writes a Markdown roadmap: lanes as sections, owner, estimate, scores, key and the reason for the position', async () => {
    const boardId = await plannedBoard();
    const response = await boardFetch(`${running.http}/api/boards/${boardId}/export/roadmap.md`, {}, 'viewer');
    expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="q3-product-engineering-roadmap.md"');
    const markdown = await response.text();
    expect(markdown).toMatch(/^# Q3 — Product & Engineering\n/);
    expect(markdown).toContain('## P0 — 2 of 3 items · 11 points\n\n1. **Payment webhook retries drop events under load** — Zoë Fischer · 3 points · value — · health — · PLAT-103');
    expect(markdown).toMatch(/2\. \*\*SSO with SAML for enterprise tier\*\* — Priya Raman · 8 points · value — · health — · PLAT-101\n {3}\*Why here:\* Acme renewal \| blocks \\\*everything\\\* \(Dana, \d{4}-\d{2}-\d{2}\)/);
    expect(markdown).toContain('## P2 — 3 items · 24 points');
  });

  it('writes a roadmap CSV that imports back: into a new board the same cards in the same lanes; into the same board, nothing changes', async () => {
    const boardId = await plannedBoard();
    const csv = new Uint8Array(await (await boardFetch(`${running.http}/api/boards/${boardId}/export/roadmap.csv`)).arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv);
    expect(text.startsWith('\ufeffLane,Position,Title,Description,Owner,Estimate,Kind,Tags,')).toBe(true);
    expect(text).toContain('\r\nP0,2,SSO with SAML for enterprise tier,"As an admin');

    const same = await post(boardId, '/import/csv', upload(csv, 'roadmap.csv'));
    expect(same.body).toMatchObject({ format: 'lanewise', imported: { create: 0, update: 0, unchanged: 11, written: false } });

    const copyId = await createBoardOverHttp(running.http, 'Copy');
    const copied = await post(copyId, '/import/csv', upload(csv, 'roadmap.csv'));
    expect(copied.body.imported).toMatchObject({ create: 11, skip: 0 });
    const view = async (id: string) => ((await (await boardFetch(`${running.http}/api/boards/${id}`)).json()) as { board: { lanes: Array<{ name: string; items: Array<Record<string, unknown>> }> } }).board;
    const pick = (board: Awaited<ReturnType<typeof view>>) =>
      board.lanes.map((lane) => [lane.name, lane.items.map(({ title, description, owner, estimate, tags, kind, source }) => ({ title, description, owner, estimate, tags, kind, source }))]);
    expect(pick(await view(copyId))).toEqual(pick(await view(boardId)));
    // And a later Jira re-import into the copy updates those cards (their Jira keys came along).
    const jiraAgain = await post(copyId, '/import/csv', upload(fixture('jira-company-managed.csv'), 'jira.csv'));
    expect(jiraAgain.body.imported).toMatchObject({ create: 0, unchanged: 11 });
  });

  it('exports the board as JSON that imports into a new board and exports again identically', async () => {
    const boardId = await plannedBoard();
    const response = await boardFetch(`${running.http}/api/boards/${boardId}/export.json?include=decisions,snapshots`);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="q3-product-engineering.lanewise.json"');
    const exported = (await response.json()) as { format: string; version: number; boardId: string; exportedAt: string; board: unknown; decisions: DecisionEntry[]; snapshots: unknown[] };
    expect(exported).toMatchObject({ format: 'lanewise.board', version: 1, boardId });
    expect(exported.decisions.map((entry) => entry.action)).toEqual(['board.imported', 'item.reranked']);

    const created = await fetch(`${running.http}/api/boards/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lanewise-name': 'Priya', 'x-lanewise-file-name': 'q3.lanewise.json' },
      body: JSON.stringify(exported),
    });
    expect(created.status).toBe(201);
    const { id, links, imported } = (await created.json()) as { id: string; links: Record<'owner' | 'editor' | 'viewer', string>; imported: object };
    expect(imported).toEqual({ lanes: 4, items: 11, decisions: 2, snapshots: 0, migrations: [] });
    expect(id).not.toBe(boardId);

    const again = (await (await fetch(`${running.http}/api/boards/${id}/export.json?include=decisions`, { headers: { authorization: `Bearer ${tokenOfLink(links.owner)}` } })).json()) as typeof exported;
    expect(again.board).toEqual(exported.board);
    expect(JSON.stringify(again.board)).toBe(JSON.stringify(exported.board));
    // History came along, marked as carried over; the import itself is the new last entry.
    expect(again.decisions.map((entry) => [entry.action, entry.actor])).toEqual([
      ['board.imported', { name: 'Dana', verified: false, via: 'import' }],
      ['item.reranked', { name: 'Dana', verified: false, via: 'import' }],
      ['board.imported', { name: 'Priya', verified: false, via: 'import' }],
    ]);
    expect(again.decisions[1]?.rationale).toBe('Acme renewal | blocks *everything*');
    expect(again.decisions[2]?.details).toMatchObject({ fileName: 'q3.lanewise.json', fromBoard: boardId, created: 11 });
    expect((await running.server.storage.decisions.verify(id)).ok).toBe(true);
  });

  it('refuses JSON it cannot import, naming the problem, and creates no board', async () => {
    const boards = (await running.server.storage.listBoards()).length;
    const good = (await (await boardFetch(`${running.http}/api/boards/${await createBoardOverHttp(running.http, 'Source')}/export.json`)).json()) as { board: { items: unknown[]; lanes: Array<{ id: string }> } };
    const send = (body: string, type = 'application/json') => fetch(`${running.http}/api/boards/import`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases: Array<[string, Response, number, string, RegExp]> = [
      ['not JSON', await send('{"format": "lanewise.board",\n "version": 1,\n oops }'), 422, 'invalid_json', /^The file is not valid JSON \(line 3\)/],
      ['a CSV file', await send('Summary,Issue key\n', 'text/csv'), 415, 'unsupported_media_type', /JSON/],
      ['another kind of JSON', await send('{"name": "my-package"}'), 422, 'invalid_export', /not a Lanewise board export: "format" is missing/],
      ['a newer export', await send(JSON.stringify({ ...good, version: 2 })), 422, 'invalid_export', /newer Lanewise \(export version 2/],
      ['an item in a lane that is not there', await send(JSON.stringify({ ...good, board: { ...good.board, items: [{ id: 'x', title: 'X', description: '', laneId: 'nowhere', rank: 'a0', owner: '', estimate: null, tags: [], kind: 'feature', reach: null, impact: null, confidence: null, techHealth: null, risk: null, createdBy: '', createdAt: 0 }] } })), 422, 'invalid_export', /^board\.items\[0\]\.laneId: refers to a lane that is not in the file/],
      ['an empty body', await send(''), 422, 'empty_file', /empty/],
    ];
    for (const [what, response, status, code, message] of cases) {
      expect(response.status, what).toBe(status);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code, what).toBe(code);
      expect(error.message, what).toMatch(message);
    }
    expect((await running.server.storage.listBoards()).length).toBe(boards + 1); // only the source board
  });

  it('counts importing a board against the board-creation budget', async () => {
    const own = tempDataDir();
    const limited = await startServer(own.dir, { BOARD_CREATIONS_PER_HOUR: '1' });
    try {
      const file = readFileSync(new URL('../../shared/test/fixtures/board-export-schema-v1.json', import.meta.url), 'utf8');
      const send = () => fetch(`${limited.http}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: file });
      expect((await send()).status).toBe(201);
      const refused = await send();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await limited.server.storage.listBoards()).toHaveLength(1);
    } finally {
      await limited.stop();
      own.remove();
    }
  });

  it('migrates an export of an older board schema on import', async () => {
    const file = readFileSync(new URL('../../shared/test/fixtures/board-export-schema-v1.json', import.meta.url), 'utf8');
    const created = await fetch(`${running.http}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: file });
    expect(created.status).toBe(201);
    const { id, links, imported } = (await created.json()) as { id: string; links: Record<string, string>; imported: { items: number; migrations: string[] } };
    expect(imported).toMatchObject({ items: 22, migrations: ['v2-budgets-people-conversations', 'v3-collaborative-text', 'v4-retro-boards'] });
    const view = (await (await fetch(`${running.http}/api/boards/${id}`, { headers: { authorization: `Bearer ${tokenOfLink(links.viewer as string)}` } })).json()) as { board: { meta: { schemaVersion: number; limitMode: string } } };
    expect(view.board.meta).toMatchObject({ schemaVersion: 4, limitMode: 'soft', kind: 'planning' });
  });
});
