/**
 * Facilitation against the real server (retro and planning boards): the facilitator role and
 * its handover, facilitator-only actions refused to every other link over HTTP and through raw
 * Yjs updates (stored bytes unchanged), the shared timer in the server's clock, the board lock,
 * "follow me" leads only from the facilitator, "I'm done" names for the facilitator, and async
 * phase deadlines that close a phase by themselves — also after a restart.
 */
import { CloseCode, metaMap, updateRetroSettings } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { boardFetch, connectProvider, learnTokens, rawSocket, serverDoc, serverState, startServer, tempDataDir, tokenFor, tokenOfLink, updateOnCopy, waitFor, waitForSync, type Role, type RunningServer } from './harness.ts';
import { awarenessMessage, deniedReasons, syncMessage } from './hostileInputs.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer | null = null;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await running?.stop();
  running = null;
  data.remove();
});

async function boot(): Promise<RunningServer> {
  data = tempDataDir();
  running = await startServer(data.dir);
  return running;
}
const server = () => running as RunningServer;

async function newBoard(template: string): Promise<string> {
  const response = await fetch(`${server().http}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Workshop', template }) });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await learnTokens(server().server, id);
  return id;
}

/** A caller: a role link or a personal link's token, with a participant secret and a name. */
type Caller = { role: Role } | { token: string; name: string };
function call(caller: Caller, boardId: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  const name = 'role' in caller ? caller.role : caller.name;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-lanewise-participant': `${name}-0123456789abcdef`, 'x-lanewise-name': name };
  const request = { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) };
  if ('role' in caller) return boardFetch(`${server().http}/api/boards/${boardId}${path}`, request, caller.role);
  return fetch(`${server().http}/api/boards/${boardId}${path}`, { ...request, headers: { ...headers, authorization: `Bearer ${caller.token}` } });
}
const owner: Caller = { role: 'owner' };
const editor: Caller = { role: 'editor' };
const viewer: Caller = { role: 'viewer' };

async function personalLink(boardId: string, name: string, role: Role): Promise<{ token: string; name: string; personId: string }> {
  const response = await call(owner, boardId, '/links/personal', { body: { name, role } });
  expect(response.status).toBe(201);
  const link = (await response.json()) as { id: string; link: string };
  return { token: tokenOfLink(link.link), name, personId: link.id };
}

async function metaOf(boardId: string): Promise<Record<string, unknown>> {
  return metaMap(await serverDoc(server().server, boardId)).toJSON();
}

/** Sends `change` as a raw Yjs client on `token`; resolves with how the server closed it (or null if it stayed open and the change was stored). */
async function sendRaw(boardId: string, token: string, change: (doc: Y.Doc) => void): Promise<{ code: number; reason: string } | null> {
  const update = await updateOnCopy(server().server, boardId, change);
  const { socket, closed } = await rawSocket(server().ws, boardId, token);
  const rowsBefore = (await serverState(server().server, boardId)).stored.length;
  socket.send(syncMessage(2, update));
  const outcome = await Promise.race([closed, waitFor(async () => (await serverState(server().server, boardId)).stored.length > rowsBefore, 'the change to be stored').then(() => null)]);
  socket.close();
  return outcome;
}

async function expectRawRefused(boardId: string, token: string, change: (doc: Y.Doc) => void, reason: RegExp): Promise<void> {
  const before = await serverState(server().server, boardId);
  const outcome = await sendRaw(boardId, token, change);
  expect(outcome?.code, String(reason)).toBe(CloseCode.Forbidden);
  expect(outcome?.reason).toMatch(reason);
  expect(await serverState(server().server, boardId)).toEqual(before);
}

/** Every facilitator-only HTTP action, refused to `caller` with 403 and nothing stored. */
async function expectActionsRefused(boardId: string, caller: Caller, retro: boolean): Promise<void> {
  const before = await serverState(server().server, boardId);
  const actions: Array<[string, unknown]> = [
    ['/facilitation/timer', { action: 'start', minutes: 5 }],
    ['/facilitation/timer', { action: 'extend', minutes: 1 }],
    ['/facilitation/timer', { action: 'stop' }],
    ['/facilitation/lock', { locked: true }],
    ['/facilitation/lock', { locked: false }],
    ...(retro ? ([['/facilitation/deadline', { at: Date.now() + 60_000 }], ['/retro/phase', { phase: 'group' }]] as Array<[string, unknown]>) : []),
  ];
  for (const [path, body] of actions) {
    const response = await call(caller, boardId, path, { body });
    const label = `${JSON.stringify(caller)} ${path} ${JSON.stringify(body)}`;
    if (path.endsWith('/timer') && (body as { action: string }).action === 'extend' && response.status === 409) continue; // no timer to extend
    expect(response.status, label).toBe(403);
    // A viewer link is stopped earlier, by its role (no writes at all).
    expect(((await response.json()) as { error: { code: string } }).error.code, label).toBe('role' in caller && caller.role === 'viewer' ? 'role_insufficient' : 'facilitator_only');
  }
  expect(await serverState(server().server, boardId)).toEqual(before);
}

describe.each(['retro-went-well', 'planning'] as const)('facilitation on a %s board', (template) => {
  const retro = template !== 'planning';

  it('only the facilitator (the owner, until handed over) runs the timer, locks and moves phases; others are refused and nothing is stored', { timeout: 30_000 }, async () => {
    await boot();
    const boardId = await newBoard(template);
    const priya = await personalLink(boardId, 'Priya', 'editor');
    const vic = await personalLink(boardId, 'Vic', 'viewer');
    for (const caller of [editor, viewer, priya]) await expectActionsRefused(boardId, caller, retro);
    expect((await (await call(editor, boardId, '/facilitation')).json()) as object).toMatchObject({ isFacilitator: false, mayHandOver: false, candidates: [] });

    // An editor cannot take the role, nor give it; the owner gives it to a member who can edit.
    expect((await call(editor, boardId, '/facilitation/facilitator', { body: { personId: priya.personId } })).status).toBe(403);
    expect((await call(owner, boardId, '/facilitation/facilitator', { body: { personId: vic.personId } })).status).toBe(400);
    const owners = (await (await call(owner, boardId, '/facilitation')).json()) as { isFacilitator: boolean; candidates: Array<{ name: string }> };
    expect(owners.isFacilitator).toBe(true);
    expect(owners.candidates.map((candidate) => candidate.name)).toEqual(['Priya']);
    expect((await call(owner, boardId, '/facilitation/facilitator', { body: { personId: priya.personId } })).status).toBe(200);
    expect((await metaOf(boardId)).facilitator).toEqual({ personId: priya.personId, name: 'Priya' });

    // Now Priya leads and the owner link is refused like anyone else — but may take the role back.
    await expectActionsRefused(boardId, owner, retro);
    const started = await call(priya, boardId, '/facilitation/timer', { body: { action: 'start', minutes: 5 } });
    expect(started.status).toBe(200);
    const { meta, serverTime } = (await started.json()) as { meta: { timer: { endsAt: number; durationMs: number } }; serverTime: number };
    expect(meta.timer.durationMs).toBe(300_000);
    expect(meta.timer.endsAt - serverTime).toBeGreaterThan(299_000);
    expect(meta.timer.endsAt - serverTime).toBeLessThanOrEqual(300_000);
    const extended = (await (await call(priya, boardId, '/facilitation/timer', { body: { action: 'extend', minutes: 1 } })).json()) as { meta: { timer: { endsAt: number; durationMs: number } } };
    expect(extended.meta.timer).toEqual({ endsAt: meta.timer.endsAt + 60_000, durationMs: 360_000 });
    if (retro) expect((await call(priya, boardId, '/retro/phase', { body: { phase: 'group' } })).status).toBe(200);
    expect((await call(priya, boardId, '/facilitation/facilitator', { body: { personId: null } })).status).toBe(200);
    expect((await metaOf(boardId)).facilitator).toBeUndefined();
    await expectActionsRefused(boardId, priya, retro);
    expect((await call(owner, boardId, '/facilitation/timer', { body: { action: 'stop' } })).status).toBe(200);
    expect((await metaOf(boardId)).timer).toBeUndefined();

    // Bad input: a clear error, nothing changed.
    const before = await serverState(server().server, boardId);
    for (const body of [{ action: 'start', minutes: 0 }, { action: 'start', minutes: 1000 }, { action: 'pause' }, { minutes: 5 }]) {
      const response = await call(owner, boardId, '/facilitation/timer', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/\S/);
    }
    expect(await serverState(server().server, boardId)).toEqual(before);
  });

  it('facilitation fields written into the document by any client are refused; retro settings only from the facilitator', { timeout: 30_000 }, async () => {
    await boot();
    const boardId = await newBoard(template);
    const priya = await personalLink(boardId, 'Priya', 'editor');
    for (const token of [tokenFor(boardId, 'owner'), tokenFor(boardId, 'editor')]) {
      await expectRawRefused(boardId, token, (doc) => metaMap(doc).set('facilitator', { personId: priya.personId, name: 'Priya' }), /facilitator's controls/);
      await expectRawRefused(boardId, token, (doc) => metaMap(doc).set('timer', { endsAt: Date.now() + 1000, durationMs: 1000 }), /facilitator's controls/);
      await expectRawRefused(boardId, token, (doc) => metaMap(doc).set('locked', true), /facilitator's controls/);
    }
    if (!retro) return;
    await expectRawRefused(boardId, tokenFor(boardId, 'editor'), (doc) => updateRetroSettings(doc, { voteBudget: 9 }), /only the facilitator can change the retro's settings/);
    await expectRawRefused(boardId, priya.token, (doc) => updateRetroSettings(doc, { voteBudget: 9 }), /only the facilitator can change the retro's settings/);
    expect((await call(owner, boardId, '/facilitation/facilitator', { body: { personId: priya.personId } })).status).toBe(200);
    expect(await sendRaw(boardId, priya.token, (doc) => updateRetroSettings(doc, { voteBudget: 9, showAuthors: true }))).toBeNull();
    expect(await metaOf(boardId)).toMatchObject({ voteBudget: 9, showAuthors: true });
    await expectRawRefused(boardId, tokenFor(boardId, 'owner'), (doc) => updateRetroSettings(doc, { voteCap: 2 }), /only the facilitator can change the retro's settings/);
  });

  it('a locked board refuses everyone else\'s writes (raw Yjs and HTTP) and stores nothing; the facilitator still writes', { timeout: 30_000 }, async () => {
    await boot();
    const boardId = await newBoard(template);
    const lane = [...(await serverDoc(server().server, boardId)).getMap<Y.Map<unknown>>('lanes').keys()][0] as string;
    expect((await call(owner, boardId, '/facilitation/lock', { body: { locked: true } })).status).toBe(200);
    const rename = (name: string) => (doc: Y.Doc) => (doc.getMap<Y.Map<unknown>>('lanes').get(lane) as Y.Map<unknown>).set('name', name);
    const title = (doc: Y.Doc) => metaMap(doc).set('title', 'Renamed while locked');
    await expectRawRefused(boardId, tokenFor(boardId, 'editor'), title, /locked the board/);
    await expectRawRefused(boardId, tokenFor(boardId, 'editor'), rename('Mine now'), /locked the board/);
    // Nor around the live connection: a CSV import by an editor link is refused before it is read.
    const beforeImport = await serverState(server().server, boardId);
    const imported = await boardFetch(`${server().http}/api/boards/${boardId}/import/csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'Title,Lane\nSneaked in,P0\n' }, 'editor');
    expect(imported.status).toBe(409);
    expect(((await imported.json()) as { error: { code: string } }).error.code).toBe('board_locked');
    expect(await serverState(server().server, boardId)).toEqual(beforeImport);
    if (retro) {
      const before = await serverState(server().server, boardId);
      const draft = await call(editor, boardId, '/retro/drafts', { body: { laneId: lane, text: 'written while locked' } });
      const done = await call(editor, boardId, '/retro/done', { body: { done: true } });
      for (const response of [draft, done]) {
        expect(response.status).toBe(409);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('board_locked');
      }
      expect(await serverState(server().server, boardId)).toEqual(before);
    }
    // The facilitator's own change passes while locked (a planning board's title; a retro's column is the facilitator's anyway).
    expect(await sendRaw(boardId, tokenFor(boardId, 'owner'), retro ? rename('Kept') : title)).toBeNull();
    expect((await call(owner, boardId, '/facilitation/lock', { body: { locked: false } })).status).toBe(200);
    expect(await sendRaw(boardId, tokenFor(boardId, 'editor'), title)).toBeNull();
    expect((await metaOf(boardId)).title).toBe('Renamed while locked');
  });
});

describe('follow me', () => {
  it('a lead in presence is shared only from the facilitator\'s connection', { timeout: 30_000 }, async () => {
    await boot();
    const boardId = await newBoard('planning');
    const watcher = connectProvider(server().ws, boardId, 'Watcher');
    providers.push(watcher);
    await waitForSync(watcher);
    const lead = { scrollX: 0, scrollY: 640, panel: 'decisions' };
    const mallory = await rawSocket(server().ws, boardId, tokenFor(boardId, 'editor'));
    mallory.socket.send(awarenessMessage(9001, 1, { user: { name: 'Mallory' }, lead }));
    await waitFor(() => deniedReasons(mallory.received).length > 0, 'the refusal');
    expect(deniedReasons(mallory.received)).toEqual(['only the facilitator can lead with "follow me": presence not shared']);
    mallory.socket.send(awarenessMessage(9001, 2, { user: { name: 'Mallory' }, lead: null }));
    await waitFor(() => watcher.awareness.getStates().get(9001)?.user?.name === 'Mallory', 'Mallory\'s plain presence');
    expect(watcher.awareness.getStates().get(9001)?.lead).toBeNull();

    const fay = await rawSocket(server().ws, boardId, tokenFor(boardId, 'owner'));
    fay.socket.send(awarenessMessage(9002, 1, { user: { name: 'Fay' }, lead }));
    await waitFor(() => watcher.awareness.getStates().get(9002)?.lead?.scrollY === 640, 'the facilitator\'s lead');
    expect(deniedReasons(fay.received)).toEqual([]);
    mallory.socket.close();
    fay.socket.close();
  });
});

describe('async retro phases', () => {
  it('"I\'m done" names reach only the facilitator; a phase deadline closes reflect by itself, revealing the drafts', { timeout: 30_000 }, async () => {
    await boot();
    const boardId = await newRetro();
    const lane = [...(await serverDoc(server().server, boardId)).getMap<Y.Map<unknown>>('lanes').keys()][1] as string;
    expect((await call(editor, boardId, '/retro/drafts', { body: { laneId: lane, text: 'Async card ASYNC1' } })).status).toBe(201);
    expect((await call(editor, boardId, '/retro/done', { body: { done: true } })).status).toBe(200);
    const seenByOwner = (await (await call(owner, boardId, '/retro')).json()) as { progress: { done: number; doneNames: string[] } };
    expect(seenByOwner.progress).toMatchObject({ done: 1, doneNames: ['editor'] });
    expect(((await (await call(editor, boardId, '/retro')).json()) as { progress: unknown }).progress).toBeNull();

    expect((await call(owner, boardId, '/facilitation/deadline', { body: { at: Date.now() - 1 } })).status).toBe(400);
    const at = Date.now() + 1500;
    expect((await call(owner, boardId, '/facilitation/deadline', { body: { at } })).status).toBe(200);
    expect((await metaOf(boardId)).phaseDeadline).toEqual({ phase: 'reflect', at });
    await waitFor(async () => (await metaOf(boardId)).retroPhase === 'group', 'reflect to close at its deadline', 10_000);
    const meta = await metaOf(boardId);
    expect(meta.phaseDeadline).toBeUndefined();
    expect(JSON.stringify((await serverDoc(server().server, boardId)).getMap('items').toJSON())).toContain('Async card ASYNC1');
  });

  it('a deadline survives a restart: one that passed while the server was down fires when it starts', { timeout: 30_000 }, async () => {
    await boot();
    const boardId = await newRetro();
    const at = Date.now() + 1500;
    expect((await call(owner, boardId, '/facilitation/deadline', { body: { at } })).status).toBe(200);
    await server().stop();
    running = null;
    await waitFor(() => Date.now() > at, 'the deadline to pass while the server is down', 10_000);
    running = await startServer(data.dir);
    await learnTokens(server().server, boardId);
    await waitFor(async () => (await metaOf(boardId)).retroPhase === 'group', 'reflect to close after the restart', 10_000);
  });

  it('a deadline the facilitator overtook does nothing', { timeout: 30_000 }, async () => {
    await boot();
    const boardId = await newRetro();
    const at = Date.now() + 1500;
    expect((await call(owner, boardId, '/facilitation/deadline', { body: { at } })).status).toBe(200);
    expect((await call(owner, boardId, '/retro/phase', { body: { phase: 'group' } })).status).toBe(200);
    expect((await metaOf(boardId)).phaseDeadline).toBeUndefined();
    await waitFor(() => Date.now() > at + 300, 'the old deadline to pass', 10_000);
    expect((await metaOf(boardId)).retroPhase).toBe('group');
  });
});

async function newRetro(): Promise<string> {
  return newBoard('retro-went-well');
}
