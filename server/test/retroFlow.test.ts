/**
 * The retro after the reveal, against the real server: grouping (only in the Group phase, only
 * into groups that exist), actions promoted to a planning board (checked against the promoter's
 * link to that board, recorded in both decision logs), the series with its review of open
 * actions, context from the plan, the joint view's participant threshold, and the exports.
 * Refusals are sent by raw Yjs clients and compared with the stored bytes.
 */
import { addItem, addLane, addPerson, CloseCode, readPeople, groupCards, itemsMap, moveItem, readBoard, setActionDetails, setGroupTitle, type Item } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { boardFetch, connectProvider, createBoardOverHttp, learnTokens, rawSocket, serverDoc, serverDocBytes, startServer, tempDataDir, tokenFor, waitFor, waitForSync, type Role, type RunningServer } from './harness.ts';
import { syncMessage } from './hostileInputs.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await running.stop();
  data.remove();
});

async function boot(): Promise<void> {
  data = tempDataDir();
  running = await startServer(data.dir);
}

function call(role: Role, secret = `fay-${role}-0123456789abcdef`) {
  return (boardId: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    boardFetch(
      `${running.http}/api/boards/${boardId}${path}`,
      {
        method: init.method ?? 'GET',
        headers: { 'content-type': 'application/json', 'x-lanewise-participant': secret, 'x-lanewise-name': secret.split('-')[0] as string },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      },
      role,
    );
}
const owner = call('owner');
const editor = call('editor', 'ed-0123456789abcdef');

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function newRetro(title = 'Sprint 12 retro'): Promise<string> {
  const response = await fetch(`${running.http}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title, template: 'retro-went-well' }) });
  const { id } = await json<{ id: string }>(response, 201);
  await learnTokens(running.server, id);
  return id;
}

async function laneId(boardId: string, name: string): Promise<string> {
  const lane = readBoard(await serverDoc(running.server, boardId))?.lanes.find((candidate) => candidate.name === name);
  if (!lane) throw new Error(`no lane ${name}`);
  return lane.id;
}

const setPhase = async (boardId: string, phase: string) => json(await owner(boardId, '/retro/phase', { method: 'POST', body: { phase } }), 200);

/** Writes `texts` as drafts of several participants and reveals them; returns the card ids by text. */
async function revealCards(boardId: string, cards: ReadonlyArray<{ text: string; perspective?: 'product' | 'engineering' | 'both'; writer: string }>): Promise<Map<string, string>> {
  const lane = await laneId(boardId, 'To improve');
  for (const card of cards) await json(await call('editor', `${card.writer}-0123456789abcdef`)(boardId, '/retro/drafts', { method: 'POST', body: { laneId: lane, text: card.text, perspective: card.perspective ?? null } }), 201);
  await setPhase(boardId, 'group');
  const ids = new Map<string, string>();
  for (const [id, map] of itemsMap(await serverDoc(running.server, boardId))) ids.set(String(map.get('title')), id);
  return ids;
}

async function stored(boardId: string): Promise<Uint8Array[]> {
  const board = await running.server.storage.loadBoard(boardId);
  return [await serverDocBytes(running.server, boardId), ...(board?.snapshot ? [board.snapshot.data] : []), ...(board?.updates ?? []).map((update) => update.data)].map((bytes) => new Uint8Array(bytes));
}

async function expectRefused(boardId: string, change: (doc: Y.Doc) => void, reason: RegExp, role: Role = 'editor'): Promise<void> {
  const before = await stored(boardId);
  const copy = await serverDoc(running.server, boardId);
  const vector = Y.encodeStateVector(copy);
  change(copy);
  const { socket, closed } = await rawSocket(running.ws, boardId, tokenFor(boardId, role));
  socket.send(syncMessage(2, Y.encodeStateAsUpdate(copy, vector)));
  const result = await closed;
  expect(result.code, String(reason)).toBe(CloseCode.Forbidden);
  expect(result.reason).toMatch(reason);
  expect(await stored(boardId)).toEqual(before);
}

/** A raw client's update that the server stores (the socket stays open). */
async function expectAccepted(boardId: string, change: (doc: Y.Doc) => void, role: Role = 'editor', name = 'Ed'): Promise<void> {
  const copy = await serverDoc(running.server, boardId);
  const vector = Y.encodeStateVector(copy);
  change(copy);
  const update = Y.encodeStateAsUpdate(copy, vector);
  const socket = new WebSocket(`${running.ws}/sync/${boardId}?token=${tokenFor(boardId, role)}&name=${encodeURIComponent(name)}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(syncMessage(2, update));
  const expected = Y.encodeStateVector(copy);
  await waitFor(async () => Buffer.from(Y.encodeStateVector(await serverDoc(running.server, boardId))).equals(Buffer.from(expected)), 'the update stored');
  socket.close();
}

async function connected(boardId: string, role: Role = 'editor'): Promise<{ provider: WebsocketProvider; doc: Y.Doc }> {
  const doc = new Y.Doc();
  const provider = connectProvider(running.ws, boardId, 'Ed', doc, { token: tokenFor(boardId, role) });
  providers.push(provider);
  await waitForSync(provider);
  return { provider, doc };
}

const itemOnServer = async (boardId: string, itemId: string) => (itemsMap(await serverDoc(running.server, boardId)).get(itemId)?.toJSON() ?? null) as (Item & { title: unknown }) | null;

describe('grouping retro cards', () => {
  it('groups and titles in the Group phase; refuses grouping in another phase, into a group that does not exist, and a title off the group\'s first card', async () => {
    await boot();
    const retroId = await newRetro();
    const ids = await revealCards(retroId, [
      { text: 'Slow CI', writer: 'ana' },
      { text: 'Flaky deploys', writer: 'ben' },
      { text: 'Unclear goals', writer: 'cy' },
    ]);
    const ci = ids.get('Slow CI') as string;
    const deploys = ids.get('Flaky deploys') as string;
    const goals = ids.get('Unclear goals') as string;

    await expectRefused(retroId, (doc) => itemsMap(doc).get(ci)?.set('group', 'no-such-card'), /only join a group that exists/);
    await expectRefused(retroId, (doc) => {
      groupCards(doc, ci, deploys);
      itemsMap(doc).get(ci)?.set('groupTitle', 'Sneaky');
    }, /first card of a group/);

    const { doc } = await connected(retroId);
    groupCards(doc, ci, deploys);
    setGroupTitle(doc, deploys, 'Delivery pain');
    await waitFor(async () => (await itemOnServer(retroId, ci))?.group === deploys && (await itemOnServer(retroId, deploys))?.groupTitle === 'Delivery pain', 'the group stored');

    await expectRefused(retroId, (copy) => itemsMap(copy).get(goals)?.set('due', '2026-12-01'), /due dates are set in the Actions phase/);
    const planningId = await createBoardOverHttp(running.http, 'Q3 plan', 'planning');
    const p1 = readBoard(await serverDoc(running.server, planningId))?.lanes[0]?.id as string;
    const { doc: planning } = await connected(planningId);
    const initiative = addItem(planning, { title: 'SSO', laneId: p1 });
    await waitFor(async () => (await itemOnServer(planningId, initiative)) !== null, 'the initiative stored');
    await expectRefused(planningId, (copy) => itemsMap(copy).get(initiative)?.set('group', initiative), /belong to retro cards/);

    // Actions allow card writes of every kind, but not grouping (and Vote refuses any card write).
    await setPhase(retroId, 'actions');
    await expectRefused(retroId, (copy) => groupCards(copy, goals, deploys), /grouped in the Group phase/);
    await expectRefused(retroId, (copy) => itemsMap(copy).get(ci)?.delete('group'), /grouped in the Group phase/);
  });
});

describe('actions promoted to a planning board', () => {
  it('become a linked initiative in one step, recorded in both decision logs, checked against the promoter\'s link to the target; the next retro reviews them with their live status', async () => {
    await boot();
    const planningId = await createBoardOverHttp(running.http, 'Q3 plan', 'planning');
    const retroId = await newRetro();
    const p1 = await laneId(planningId, 'P1');

    // Linking needs a link that opens the planning board; a made-up token is refused.
    const badLink = await owner(retroId, '/retro/series', { method: 'PUT', body: { planningBoardId: planningId, planningToken: 'not-a-token' } });
    expect((await json<{ error: { code: string } }>(badLink, 403)).error.code).toBe('target_forbidden');
    expect((await json<{ error: { code: string } }>(await editor(retroId, '/retro/series', { method: 'PUT', body: { planningBoardId: planningId, planningToken: tokenFor(planningId, 'viewer') } }), 403)).error.code).toBe('facilitator_only');
    await json(await owner(retroId, '/retro/series', { method: 'PUT', body: { planningBoardId: planningId, planningToken: tokenFor(planningId, 'viewer') } }), 200);

    const ids = await revealCards(retroId, [{ text: 'Slow CI', writer: 'ana' }]);
    const early = await editor(retroId, `/retro/actions/${ids.get('Slow CI') ?? ''}/promote`, { method: 'POST', body: { targetBoardId: planningId, targetToken: tokenFor(planningId, 'editor'), laneId: p1 } });
    expect((await json<{ error: { message: string } }>(early, 409)).error.message).toBe('Actions are promoted in the Actions phase.');
    await setPhase(retroId, 'actions');
    const notAnAction = await editor(retroId, `/retro/actions/${ids.get('Slow CI') ?? ''}/promote`, { method: 'POST', body: { targetBoardId: planningId, targetToken: tokenFor(planningId, 'editor'), laneId: p1 } });
    expect((await json<{ error: { message: string } }>(notAnAction, 400)).error.message).toBe('Only cards in the Actions column can be promoted.');
    const { doc } = await connected(retroId);
    const actionsLane = await laneId(retroId, 'Actions');
    const actionId = addItem(doc, { title: 'Cache the CI dependencies', laneId: actionsLane, createdBy: 'Ed' });
    await waitFor(async () => (await itemOnServer(retroId, actionId)) !== null, 'the action on the server');
    // An owner must be a member of the board: naming someone who is not is refused, nothing stored
    // (also when the same update adds her to the people).
    await expectRefused(retroId, (copy) => setActionDetails(copy, actionId, { owner: 'Mallory' }), /owner must be on this board/);
    await expectRefused(
      retroId,
      (copy) => {
        addPerson(copy, { name: 'Mallory' });
        setActionDetails(copy, actionId, { owner: 'Mallory' });
      },
      /owner must be on this board/,
    );
    // Members: the sender, and the board's people (Ana is added first, as the client does).
    await expectAccepted(retroId, (copy) => setActionDetails(copy, actionId, { owner: 'Ed' }));
    addPerson(doc, { name: 'Ana' });
    await waitFor(async () => readPeople(await serverDoc(running.server, retroId)).some((person) => person.name === 'Ana'), 'Ana on the board');
    setActionDetails(doc, actionId, { owner: 'Ana', due: '2026-12-15' });
    await waitFor(async () => (await itemOnServer(retroId, actionId))?.due === '2026-12-15', 'the action stored');

    // A client cannot write the link itself, on either board.
    await expectRefused(retroId, (copy) => itemsMap(copy).get(actionId)?.set('link', { boardId: planningId, itemId: 'x', boardTitle: 'Q3 plan' }), /made by promoting the action/);

    const promote = (targetToken: string, extra: Record<string, unknown> = {}) =>
      editor(retroId, `/retro/actions/${actionId}/promote`, { method: 'POST', body: { targetBoardId: planningId, targetToken, laneId: p1, estimate: 3, reach: 500, impact: 1, confidence: 0.8, techHealth: 2, risk: 1, ...extra } });
    // A viewer link to the planning board may not add to it: refused, nothing stored on either board.
    const planningBefore = await stored(planningId);
    const retroBefore = await stored(retroId);
    expect((await json<{ error: { code: string; message: string } }>(await promote(tokenFor(planningId, 'viewer')), 403)).error.message).toBe('Your link to that board is a viewer link; add initiatives to it needs an editor link.');
    expect((await json<{ error: { message: string } }>(await promote(tokenFor(planningId, 'editor'), { laneId: 'no-such-lane' }), 400)).error.message).toBe('The lane is not on “Q3 plan”; pick one of its lanes.');
    expect((await json<{ error: { message: string } }>(await promote(tokenFor(planningId, 'editor'), { impact: 9 }), 400)).error.message).toMatch(/^impact/);
    expect(await stored(planningId)).toEqual(planningBefore);
    expect(await stored(retroId)).toEqual(retroBefore);

    const { initiative } = await json<{ initiative: { boardId: string; itemId: string; laneName: string } }>(await promote(tokenFor(planningId, 'editor')), 201);
    expect(initiative).toMatchObject({ boardId: planningId, laneName: 'P1', boardTitle: 'Q3 plan' });
    expect(await itemOnServer(planningId, initiative.itemId)).toMatchObject({ laneId: p1, owner: 'Ana', estimate: 3, reach: 500, impact: 1, confidence: 0.8, techHealth: 2, risk: 1, link: { boardId: retroId, itemId: actionId, boardTitle: 'Sprint 12 retro' } });
    expect((await itemOnServer(retroId, actionId))?.link).toEqual({ boardId: planningId, itemId: initiative.itemId, boardTitle: 'Q3 plan' });
    expect((await json<{ error: { code: string } }>(await promote(tokenFor(planningId, 'editor')), 409)).error.code).toBe('already_promoted');
    // Nor can a client forge or change the link on the planning board's side.
    await expectRefused(planningId, (copy) => itemsMap(copy).get(initiative.itemId)?.set('link', { boardId: retroId, itemId: 'other', boardTitle: 'Forged' }), /made by promoting the action/);

    const reason = 'Action from retro “Sprint 12 retro”, owned by Ana, due 2026-12-15';
    const planningLog = await json<{ entries: Array<{ action: string; rationale?: string; actor: { name: string } }> }>(await boardFetch(`${running.http}/api/boards/${planningId}/decisions`), 200);
    expect(planningLog.entries.find((entry) => entry.action === 'item.created')).toMatchObject({ action: 'item.created', rationale: reason, actor: { name: 'ed' } });
    const retroLog = await json<{ entries: Array<{ action: string; rationale?: string }> }>(await boardFetch(`${running.http}/api/boards/${retroId}/decisions`), 200);
    expect(retroLog.entries.find((entry) => entry.action === 'item.promoted')).toMatchObject({ action: 'item.promoted', rationale: reason });

    // The next retro of the series opens with the open action and where it stands on the plan.
    expect((await json<{ error: { code: string } }>(await editor(retroId, '/retro/next', { method: 'POST', body: {} }), 403)).error.code).toBe('facilitator_only');
    const next = await json<{ id: string; links: Record<Role, string> }>(await owner(retroId, '/retro/next', { method: 'POST', body: {} }), 201);
    await learnTokens(running.server, next.id);
    expect(readBoard(await serverDoc(running.server, next.id))?.meta.title).toBe('Sprint 12 retro (next)');
    const series = await json<{ planningBoard: { id: string }; earlier: Array<{ title: string }> }>(await call('viewer')(next.id, '/retro/series'), 200);
    expect(series).toMatchObject({ planningBoard: { id: planningId }, earlier: [{ title: 'Sprint 12 retro' }] });
    const review = await json<{ open: unknown[]; done: number }>(await call('viewer')(next.id, '/retro/review'), 200);
    expect(review).toEqual({
      open: [{ retro: { id: retroId, title: 'Sprint 12 retro' }, id: actionId, title: 'Cache the CI dependencies', owner: 'Ana', due: '2026-12-15', link: { boardId: planningId, itemId: initiative.itemId, boardTitle: 'Q3 plan' }, status: { laneName: 'P1', done: false } }],
      done: 0,
    });

    // Context from the plan: the initiative added since the last retro, with the retro as its reason.
    const context = await json<{ entries: Array<{ kind: string; rationale: string | null }> }>(await call('viewer')(next.id, '/retro/context'), 200);
    expect(context.entries).toContainEqual(expect.objectContaining({ kind: 'added', rationale: reason }));

    // Done on the planning board: the review counts it as done and no longer lists it.
    const planning = await connected(planningId);
    const doneLane = addLane(planning.doc, { name: 'Done' });
    moveItem(planning.doc, initiative.itemId, { laneId: doneLane, position: 'top' });
    await waitFor(async () => (await itemOnServer(planningId, initiative.itemId))?.laneId === doneLane, 'the initiative done');
    expect(await json(await call('viewer')(next.id, '/retro/review'), 200)).toEqual({ open: [], done: 1 });

    // Exports: top topics with votes, the action with its owner, due date and link.
    const markdown = await (await call('viewer')(retroId, '/retro/export.md')).text();
    expect(markdown).toContain('1. **Slow CI** — 0 votes');
    expect(markdown).toContain(`- [ ] Cache the CI dependencies — Ana, due 2026-12-15 → [Q3 plan](${running.http}/b/${planningId})`);
    const csv = await (await call('viewer')(retroId, '/retro/export.csv')).text();
    expect(csv.split('\r\n')[0]).toBe('type,column,title,topic,votes,perspective,notes,owner,due,planning_board,initiative_id');
    expect(csv).toContain(`action,Actions,Cache the CI dependencies,,,,,Ana,2026-12-15,Q3 plan,${initiative.itemId}`);
  });
});

describe('the joint view', () => {
  it('is shown only when each perspective has at least 3 participants', async () => {
    await boot();
    const retroId = await newRetro();
    const writers = [
      { text: 'P1 card', perspective: 'product', writer: 'pa' },
      { text: 'P2 card', perspective: 'product', writer: 'pb' },
      { text: 'P3 card', perspective: 'product', writer: 'pc' },
      { text: 'E1 card', perspective: 'engineering', writer: 'ea' },
      { text: 'E2 card', perspective: 'engineering', writer: 'eb' },
      { text: 'E3 card', perspective: 'engineering', writer: 'eb' },
    ] as const;
    await revealCards(retroId, writers);
    const hidden = await json<{ shown: boolean; reason: string }>(await call('viewer')(retroId, '/retro/joint'), 200);
    expect(hidden.shown).toBe(false);

    const second = await newRetro('Second');
    await revealCards(second, [...writers.slice(0, 5), { text: 'E3 card', perspective: 'both', writer: 'ec' }]);
    const shown = await json<{ shown: boolean; participants: unknown; columns: Array<{ name: string; product: unknown; engineering: unknown }> }>(await call('viewer')(second, '/retro/joint'), 200);
    expect(shown.shown).toBe(true);
    expect(shown.participants).toEqual({ product: 4, engineering: 3 });
    expect(shown.columns.find((column) => column.name === 'To improve')).toMatchObject({ product: { cards: 4, votes: 0 }, engineering: { cards: 3, votes: 0 } });
  });
});
