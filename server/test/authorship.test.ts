/**
 * Authorship against the real server, through a raw Yjs client (not the UI): a comment is edited
 * or deleted only by the identity that wrote it or an owner, and a vote is cast only by the
 * identity it names. Every refusal closes the sender with 4403 and stores nothing.
 */
import { addComment, CloseCode, itemsMap, readBoard, revealEstimation, startEstimation, addItem } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectProvider, createBoardOverHttp, serverDoc, startServer, storedRows, tempDataDir, tokenFor, updateOnCopy, waitFor, waitForSync, type RunningServer } from './harness.ts';
import { syncMessage } from './hostileInputs.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await running.stop();
  data.remove();
});

async function boot(): Promise<string> {
  data = tempDataDir();
  running = await startServer(data.dir);
  return createBoardOverHttp(running.http);
}

function join(boardId: string, name: string, role: 'owner' | 'editor' = 'editor'): WebsocketProvider {
  const provider = connectProvider(running.ws, boardId, name, new Y.Doc(), { token: tokenFor(boardId, role) });
  providers.push(provider);
  return provider;
}

/** Sends one update from a raw connection declaring `name` on a shared link; resolves with how it ended. */
async function sendAs(boardId: string, name: string, role: 'owner' | 'editor', update: Uint8Array): Promise<{ code: number; reason: string } | 'stored'> {
  const socket = new WebSocket(`${running.ws}/sync/${boardId}?token=${tokenFor(boardId, role)}&name=${encodeURIComponent(name)}`);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const seqBefore = (await running.server.storage.loadBoard(boardId))?.lastSeq ?? 0;
  socket.send(syncMessage(2, update));
  const outcome = await Promise.race([
    closed,
    waitFor(async () => ((await running.server.storage.loadBoard(boardId))?.lastSeq ?? 0) > seqBefore, 'the update to be stored', 10_000).then(() => 'stored' as const),
  ]);
  socket.close();
  await closed;
  return outcome;
}

const comment = (doc: Y.Doc, id: string) => doc.getMap('comments').get(id) as Y.Map<unknown>;

describe('comments', () => {
  it('only their author or an owner edits or deletes them; nobody writes under another name', { timeout: 60_000 }, async () => {
    const boardId = await boot();
    const dana = join(boardId, 'Dana');
    await waitForSync(dana);
    const itemId = addItem(dana.doc, { title: 'Commented', laneId: readBoard(dana.doc)?.lanes[0]?.id as string });
    let commentId = '';
    dana.doc.transact(() => (commentId = addComment(dana.doc, { itemId, author: 'Dana', text: 'Ship it in Q3' })));
    await waitFor(async () => (await serverDoc(running.server, boardId)).getMap('comments').has(commentId), 'Dana\'s comment to be stored');

    const refused: Array<[string, (doc: Y.Doc) => void, RegExp]> = [
      ['edit another\'s comment', (doc) => comment(doc, commentId).set('text', 'Ship it never'), /only its author or an owner/],
      ['delete another\'s comment', (doc) => doc.transact(() => { comment(doc, commentId).set('text', ''); comment(doc, commentId).set('deleted', true); }), /only its author or an owner/],
      ['remove another\'s comment from the map', (doc) => doc.getMap('comments').delete(commentId), /only its author or an owner/],
      ['claim another\'s comment', (doc) => doc.transact(() => { comment(doc, commentId).set('author', 'Lee'); comment(doc, commentId).set('text', 'mine now'); }), /author of a comment cannot be changed/],
      ['write a comment under another name', (doc) => addComment(doc, { itemId, author: 'Dana', text: 'Dana agrees' }), /under your own name/],
    ];
    for (const [what, change, reason] of refused) {
      const before = await storedRows(running.server, boardId);
      const outcome = await sendAs(boardId, 'Lee', 'editor', await updateOnCopy(running.server, boardId, change));
      expect(outcome, what).toEqual({ code: CloseCode.Forbidden, reason: expect.stringMatching(reason) });
      expect(await storedRows(running.server, boardId), what).toEqual(before); // nothing stored
    }
    expect(comment(dana.doc, commentId).toJSON()).toMatchObject({ author: 'Dana', text: 'Ship it in Q3', deleted: false });

    // Lee's own comment, and Dana's edits of hers, pass (the rule is not a blanket refusal).
    expect(await sendAs(boardId, 'Lee', 'editor', await updateOnCopy(running.server, boardId, (doc) => addComment(doc, { itemId, author: 'Lee', text: 'Needs SSO first' })))).toBe('stored');
    expect(await sendAs(boardId, 'Dana', 'editor', await updateOnCopy(running.server, boardId, (doc) => comment(doc, commentId).set('text', 'Ship it in Q4')))).toBe('stored');
    // An owner may moderate (delete) anyone's comment, but not re-attribute it.
    const before = await storedRows(running.server, boardId);
    expect(await sendAs(boardId, 'Olga', 'owner', await updateOnCopy(running.server, boardId, (doc) => comment(doc, commentId).set('author', 'Olga')))).toMatchObject({ code: CloseCode.Forbidden });
    expect(await storedRows(running.server, boardId)).toEqual(before);
    expect(await sendAs(boardId, 'Olga', 'owner', await updateOnCopy(running.server, boardId, (doc) => doc.transact(() => { comment(doc, commentId).set('text', ''); comment(doc, commentId).set('deleted', true); })))).toBe('stored');
    await waitFor(() => comment(dana.doc, commentId).get('deleted') === true, 'Dana to see the moderation');
  });
});

describe('estimation votes', () => {
  it('are cast only by the identity they name', { timeout: 60_000 }, async () => {
    const boardId = await boot();
    const dana = join(boardId, 'Dana');
    await waitForSync(dana);
    const itemId = addItem(dana.doc, { title: 'Estimated', laneId: readBoard(dana.doc)?.lanes[0]?.id as string });
    const roundId = startEstimation(dana.doc, { itemId, scale: 'fibonacci', facilitator: 'Dana' });
    revealEstimation(dana.doc, itemId, roundId);
    dana.doc.transact(() => ((dana.doc.getMap('poker').get(itemId) as Y.Map<unknown>).get('votes') as Y.Map<string>).set('Dana#11', '5'));
    await waitFor(async () => ((await serverDoc(running.server, boardId)).getMap('poker').get(itemId) as Y.Map<unknown> | undefined)?.toJSON().votes?.['Dana#11'] === '5', 'Dana\'s vote to be stored');
    const votes = (doc: Y.Doc) => (doc.getMap('poker').get(itemId) as Y.Map<unknown>).get('votes') as Y.Map<string>;

    const refused: Array<[string, (doc: Y.Doc) => void]> = [
      ['vote in another\'s name', (doc) => votes(doc).set('Dana#12', '13')],
      ['change another\'s vote', (doc) => votes(doc).set('Dana#11', '1')],
      ['remove another\'s vote', (doc) => votes(doc).delete('Dana#11')],
      ['vote under a key naming nobody', (doc) => votes(doc).set('Lee', '3')],
    ];
    for (const [what, change] of refused) {
      const before = await storedRows(running.server, boardId);
      const outcome = await sendAs(boardId, 'Lee', 'editor', await updateOnCopy(running.server, boardId, change));
      expect(outcome, what).toEqual({ code: CloseCode.Forbidden, reason: 'a vote can only be cast in your own name' });
      expect(await storedRows(running.server, boardId), what).toEqual(before);
    }
    expect(await sendAs(boardId, 'Lee', 'editor', await updateOnCopy(running.server, boardId, (doc) => votes(doc).set('Lee#21', '8')))).toBe('stored');
    await waitFor(() => votes(dana.doc).toJSON()['Lee#21'] === '8', 'Dana to see Lee\'s vote');
    expect(votes(dana.doc).toJSON()).toEqual({ 'Dana#11': '5', 'Lee#21': '8' });
    expect(itemsMap(dana.doc).has(itemId)).toBe(true);
  });
});
