/**
 * Retro boards against the real server: templates, the facilitator's phase control, private
 * drafts that reach nobody before the reveal, vote budgets enforced by the server, and card
 * writes the phase does not allow refused with the stored bytes unchanged.
 */
import { addItem, addPerson, CloseCode, itemsMap, lanesMap, metaMap, readBoard, updateItem } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { boardFetch, connectProvider, learnTokens, rawSocket, serverDoc, serverDocBytes, serverState, startServer, tempDataDir, tokenFor, updateOnCopy, waitFor, waitForSync, type Role, type RunningServer } from './harness.ts';
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

async function createRetro(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${running.http}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function newRetro(template = 'retro-went-well'): Promise<string> {
  const response = await createRetro({ title: 'Sprint 12 retro', template });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await learnTokens(running.server, id);
  return id;
}

/** An HTTP call as one participant: a link role and the browser's participant secret. */
function as(role: Role, secret: string) {
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
const ana = as('editor', 'ana-0123456789abcdef');
const ben = as('editor', 'ben-0123456789abcdef');
const facilitator = as('owner', 'fay-0123456789abcdef');

async function lanesOf(boardId: string): Promise<Array<{ id: string; name: string }>> {
  return readBoard(await serverDoc(running.server, boardId))?.lanes.map(({ id, name }) => ({ id, name })) ?? [];
}

async function setPhase(boardId: string, phase: string): Promise<Response> {
  return facilitator(boardId, '/retro/phase', { method: 'POST', body: { phase } });
}

/** Sends `change` as a raw Yjs client with `role`'s link; expects a refusal that stores nothing. */
async function expectRefused(boardId: string, role: Role, change: (doc: Y.Doc) => void, reason: RegExp): Promise<void> {
  const before = await serverState(running.server, boardId);
  const { socket, closed } = await rawSocket(running.ws, boardId, tokenFor(boardId, role));
  socket.send(syncMessage(2, await updateOnCopy(running.server, boardId, change)));
  const result = await closed;
  expect(result.code, String(reason)).toBe(CloseCode.Forbidden);
  expect(result.reason).toMatch(reason);
  expect(await serverState(running.server, boardId)).toEqual(before);
}

describe('retro boards over HTTP', () => {
  it('are created from the retro templates and custom prompts; bad prompt lists get a clear error', async () => {
    await boot();
    const id = await newRetro('retro-4ls');
    expect((await lanesOf(id)).map((lane) => lane.name)).toEqual(['Liked', 'Learned', 'Lacked', 'Longed for', 'Actions']);
    const custom = await createRetro({ title: 'Custom', template: 'retro-custom', prompts: ['Energy', ' Surprises '] });
    expect(custom.status).toBe(201);
    const { id: customId } = (await custom.json()) as { id: string };
    await learnTokens(running.server, customId);
    expect((await lanesOf(customId)).map((lane) => lane.name)).toEqual(['Energy', 'Surprises', 'Actions']);
    const view = (await (await boardFetch(`${running.http}/api/boards/${customId}`)).json()) as { board: { meta: Record<string, unknown> } };
    expect(view.board.meta).toMatchObject({ kind: 'retro', retroPhase: 'reflect', showAuthors: false, voteBudget: 5, voteCap: 3 });

    const errors = await Promise.all([
      createRetro({ title: 'x', template: 'retro-custom' }),
      createRetro({ title: 'x', template: 'retro-custom', prompts: ['  '] }),
      createRetro({ title: 'x', template: 'retro-custom', prompts: Array.from({ length: 9 }, (_, i) => `P${i}`) }),
      createRetro({ title: 'x', template: 'planning', prompts: ['Energy'] }),
      createRetro({ title: 'x', template: 'retro-4ls', sample: true }),
    ]);
    const messages = await Promise.all(errors.map(async (response) => ({ status: response.status, message: ((await response.json()) as { error: { message: string } }).error.message })));
    expect(messages).toEqual([
      { status: 400, message: 'prompts a custom retro needs at least one prompt' },
      { status: 400, message: 'prompts a custom retro needs at least one prompt' },
      { status: 400, message: 'prompts must be at most 8 prompts' },
      { status: 400, message: 'prompts are only for the retro-custom template' },
      { status: 400, message: 'sample the sample board is a planning board; pick a planning template' },
    ]);
  });
});

describe('reflect: drafts stay private until the reveal', () => {
  it('reach no other participant, no stock client, no export, snapshot or decision log; the reveal shuffles them in without authors', async () => {
    await boot();
    const boardId = await newRetro();
    const [wentWell, toImprove] = await lanesOf(boardId);
    // A stock y-websocket client on the editor link, and a raw socket recording every byte.
    const stock = connectProvider(running.ws, boardId, 'Stock');
    providers.push(stock);
    await waitForSync(stock);
    const wire = await rawSocket(running.ws, boardId, tokenFor(boardId, 'editor'));
    const secrets = ['SECRET-deploy-freeze-hurt', 'SECRET-pairing-was-great', 'SECRET-flaky-ci'];
    const written = [
      await ana(boardId, '/retro/drafts', { method: 'POST', body: { laneId: toImprove?.id, text: secrets[0], perspective: 'engineering' } }),
      await ana(boardId, '/retro/drafts', { method: 'POST', body: { laneId: wentWell?.id, text: secrets[1] } }),
      await ben(boardId, '/retro/drafts', { method: 'POST', body: { laneId: toImprove?.id, text: secrets[2], perspective: 'product' } }),
    ];
    expect(written.map((response) => response.status)).toEqual([201, 201, 201]);

    // The writer sees their own drafts; nobody else does — the facilitator sees numbers only.
    const mine = (await (await ana(boardId, '/retro')).json()) as { mine: { drafts: Array<{ text: string }> } };
    expect(mine.mine.drafts.map((draft) => draft.text)).toEqual([secrets[0], secrets[1]]);
    const bens = (await (await ben(boardId, '/retro')).json()) as { mine: { drafts: Array<{ text: string }> }; progress: unknown };
    expect(bens.mine.drafts.map((draft) => draft.text)).toEqual([secrets[2]]);
    expect(bens.progress).toBeNull();
    const fay = (await (await facilitator(boardId, '/retro')).json()) as { mine: { drafts: unknown[] }; progress: { drafts: number; writers: number } };
    expect(fay.mine.drafts).toEqual([]);
    expect(fay.progress).toMatchObject({ drafts: 3, writers: 2 });
    expect((await ben(boardId, `/retro/drafts/${(mine.mine.drafts[0] as { id?: string }).id ?? ''}`, { method: 'DELETE' })).status).toBe(404);

    // Nothing of them anywhere else.
    expect((await facilitator(boardId, '/snapshots', { method: 'POST', body: { name: 'during reflect' } })).status).toBe(201);
    const readOk = async (path: string) => {
      const response = await facilitator(boardId, path);
      expect(response.status, path).toBe(200);
      return response.text();
    };
    const everywhere = [
      Buffer.concat(wire.received).toString('latin1'),
      Buffer.from(Y.encodeStateAsUpdate(stock.doc)).toString('latin1'),
      JSON.stringify([...stock.awareness.getStates().values()]),
      await readOk(''),
      await readOk('/export.json?include=decisions,snapshots'),
      await readOk('/export/roadmap.md'),
      await readOk('/export/roadmap.csv'),
      await readOk('/decisions?limit=1000'),
      await readOk('/snapshots'),
      Buffer.from(await serverDocBytes(running.server, boardId)).toString('latin1'),
    ];
    for (const secret of secrets) for (const [where, text] of everywhere.entries()) expect(text.includes(secret), `${secret} in source ${where}`).toBe(false);

    // Only the facilitator reveals.
    expect((await ana(boardId, '/retro/phase', { method: 'POST', body: { phase: 'group' } })).status).toBe(403);
    const revealed = await setPhase(boardId, 'group');
    expect(revealed.status).toBe(200);
    expect(((await revealed.json()) as { revealed: string[] }).revealed).toHaveLength(3);
    await waitFor(() => itemsMap(stock.doc).size === 3, 'the stock client to receive the revealed cards');
    const cards = [...itemsMap(stock.doc).values()].map((card) => card.toJSON() as { title: string; createdBy: string; createdAt: number; perspective?: string; laneId: string });
    expect(cards.map((card) => card.title).sort()).toEqual([...secrets].sort());
    expect(cards.every((card) => card.createdBy === '')).toBe(true);
    expect(new Set(cards.map((card) => card.createdAt)).size).toBe(1);
    expect(cards.find((card) => card.title === secrets[2])).toMatchObject({ perspective: 'product', laneId: toImprove?.id });
    expect((await (await ana(boardId, '/retro')).json()) as unknown).toMatchObject({ phase: 'group', mine: { drafts: [] } });
    // Going back to reflect neither loses nor hides what was revealed.
    expect((await setPhase(boardId, 'reflect')).status).toBe(200);
    expect(itemsMap(await serverDoc(running.server, boardId)).size).toBe(3);
    wire.socket.close();
  });
});

describe('vote: the server keeps the budget and the counts', () => {
  async function votingRetro(): Promise<{ boardId: string; cards: string[] }> {
    const boardId = await newRetro();
    const [wentWell] = await lanesOf(boardId);
    for (const text of ['Card A', 'Card B', 'Card C']) await ana(boardId, '/retro/drafts', { method: 'POST', body: { laneId: wentWell?.id, text } });
    await setPhase(boardId, 'vote');
    const doc = await serverDoc(running.server, boardId);
    const byTitle = new Map([...itemsMap(doc).values()].map((card) => [String(card.get('title')), card.get('id') as string]));
    return { boardId, cards: ['Card A', 'Card B', 'Card C'].map((title) => byTitle.get(title) as string) };
  }

  it('refuses votes over the budget, over the per-card cap and in someone else\'s name, storing nothing; counts appear only when voting ends', async () => {
    await boot();
    const { boardId, cards } = await votingRetro();
    const [a, b, c] = cards as [string, string, string];
    const vote = (who: typeof ana, card: string, body: unknown) => who(boardId, `/retro/votes/${card}`, { method: 'PUT', body });
    expect((await vote(ana, a, { votes: 3 })).status).toBe(200);
    expect((await vote(ana, b, { votes: 2 })).status).toBe(200);
    const overBudget = await vote(ana, c, { votes: 1 });
    expect(overBudget.status).toBe(409);
    expect(((await overBudget.json()) as { error: { message: string } }).error.message).toBe('You have 5 votes in all and 0 left for this card.');
    const overCap = await vote(ben, a, { votes: 4 });
    expect(overCap.status).toBe(409);
    expect(((await overCap.json()) as { error: { message: string } }).error.message).toBe('At most 3 votes on one card.');
    const impersonation = await vote(ben, c, { votes: 1, voter: 'ana' });
    expect(impersonation.status).toBe(400);
    expect(((await impersonation.json()) as { error: { message: string } }).error.message).toMatch(/cannot act for someone else/);
    expect((await vote(ben, a, { votes: 2 })).status).toBe(200);
    const anaVotes = (await (await ana(boardId, '/retro')).json()) as { mine: { votes: Record<string, number> } };
    expect(anaVotes.mine.votes).toEqual({ [a]: 3, [b]: 2 });
    const benVotes = (await (await ben(boardId, '/retro')).json()) as { mine: { votes: Record<string, number> } };
    expect(benVotes.mine.votes).toEqual({ [a]: 2 });

    // Hidden while voting: no card carries a count.
    const counts = async () => [...itemsMap(await serverDoc(running.server, boardId)).values()].map((card) => [String(card.get('title')), card.get('votes')]);
    expect((await counts()).every(([, votes]) => votes === undefined)).toBe(true);
    expect((await setPhase(boardId, 'discuss')).status).toBe(200);
    expect(new Map((await counts()) as Array<[string, number]>)).toEqual(new Map([['Card A', 5], ['Card B', 2], ['Card C', 0]]));
    expect((await vote(ana, a, { votes: 0 })).status).toBe(409); // voting is over
    // Back to voting: the counts go off the board again; the votes are kept.
    expect((await setPhase(boardId, 'vote')).status).toBe(200);
    expect((await counts()).every(([, votes]) => votes === undefined)).toBe(true);
    expect(((await (await ana(boardId, '/retro')).json()) as { mine: { votes: Record<string, number> } }).mine.votes).toEqual({ [a]: 3, [b]: 2 });
  });
});

describe('retro rules on the sync path (raw Yjs clients)', () => {
  it('refuse facilitator-only changes from others and card writes the phase does not allow, storing nothing', async () => {
    await boot();
    const boardId = await newRetro();
    const [wentWell] = await lanesOf(boardId);
    await expectRefused(boardId, 'owner', (doc) => metaMap(doc).set('retroPhase', 'vote'), /phase changes only through the facilitator's phase controls/);
    await expectRefused(boardId, 'editor', (doc) => metaMap(doc).set('voteBudget', 50), /only the facilitator can change the retro's settings/);
    await expectRefused(boardId, 'editor', (doc) => metaMap(doc).set('showAuthors', true), /only the facilitator/);
    await expectRefused(boardId, 'editor', (doc) => lanesMap(doc).get(wentWell?.id as string)?.set('name', 'Blame'), /only the facilitator can change a retro's columns/);
    await expectRefused(boardId, 'owner', (doc) => metaMap(doc).set('kind', 'planning'), /kind \(planning or retro\) is fixed/);
    await expectRefused(boardId, 'owner', (doc) => addItem(doc, { title: 'public card in reflect', laneId: wentWell?.id as string }), /Reflect phase: cards are written privately/);

    await ana(boardId, '/retro/drafts', { method: 'POST', body: { laneId: wentWell?.id, text: 'Shared card' } });
    await setPhase(boardId, 'group');
    const cardId = [...itemsMap(await serverDoc(running.server, boardId)).keys()][0] as string;
    await expectRefused(boardId, 'editor', (doc) => addItem(doc, { title: 'late card', laneId: wentWell?.id as string }), /Group phase: cards can be grouped and edited, not added/);
    await expectRefused(boardId, 'editor', (doc) => itemsMap(doc).get(cardId)?.set('votes', 40), /vote counts are written by the server/);
    // An allowed write in the same phase passes (the rules are not blanket refusals).
    const editor = connectProvider(running.ws, boardId, 'Ed');
    providers.push(editor);
    await waitForSync(editor);
    updateItem(editor.doc, cardId, { title: 'Shared card (clarified)' });
    await waitFor(async () => String(itemsMap(await serverDoc(running.server, boardId)).get(cardId)?.get('title')) === 'Shared card (clarified)', 'the edit to be stored');

    await setPhase(boardId, 'closed');
    await expectRefused(boardId, 'owner', (doc) => updateItem(doc, cardId, { title: 'rewritten history' }), /Closed phase: cards cannot be changed/);
    await setPhase(boardId, 'actions');
    const owner = connectProvider(running.ws, boardId, 'Fay', new Y.Doc(), { token: tokenFor(boardId, 'owner') });
    providers.push(owner);
    await waitForSync(owner);
    const actions = readBoard(owner.doc)?.lanes.find((lane) => lane.name === 'Actions')?.id as string;
    addPerson(owner.doc, { name: 'Ben' }); // an action's owner is one of the board's people (retro-action-owners)
    addItem(owner.doc, { title: 'Fix the flaky CI job', laneId: actions, owner: 'Ben' });
    await waitFor(async () => [...itemsMap(await serverDoc(running.server, boardId)).values()].some((card) => String(card.get('title')) === 'Fix the flaky CI job'), 'the action to be stored');
  });
});
