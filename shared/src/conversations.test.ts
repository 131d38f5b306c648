import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createBoard, deleteItem } from './commands.ts';
import { addComment, countComments, deleteComment, editComment, findMentions, readComments } from './conversationCommands.ts';
import { acceptEstimate, estimationSpread, publishVote, readEstimation, revealEstimation, revoteEstimation, startEstimation } from './estimationCommands.ts';
import { readBoard } from './readBoard.ts';
import { validateBoard } from './validate.ts';

function board() {
  const doc = new Y.Doc();
  const [lane] = createBoard(doc, { title: 'T', template: 'planning' }) as [string];
  const item = addItem(doc, { title: 'SSO', laneId: lane });
  return { doc, item };
}

describe('comments', () => {
  it('threads replies under their parent, counts live comments, and lets only the author edit or delete', () => {
    const { doc, item } = board();
    const first = addComment(doc, { itemId: item, text: 'Do we need SCIM too?', author: 'Dana', createdAt: 1 });
    const second = addComment(doc, { itemId: item, text: 'Later question', author: 'Lee', createdAt: 3 });
    addComment(doc, { itemId: item, text: '@Priya knows', author: 'Lee', parentId: first, createdAt: 2 });
    expect(readComments(doc, item).map((c) => c.text)).toEqual(['Do we need SCIM too?', '@Priya knows', 'Later question']);
    expect(() => editComment(doc, first, 'hijacked', 'Lee')).toThrow(/only change your own/);
    editComment(doc, first, 'Do we need SCIM as well?', 'Dana');
    deleteComment(doc, second, 'Lee');
    expect(countComments(doc).get(item)).toBe(2);
    expect(readComments(doc, item)[0]).toMatchObject({ text: 'Do we need SCIM as well?', editedAt: expect.any(Number) });
    expect(() => addComment(doc, { itemId: item, text: '   ', author: 'Dana' })).toThrow(/Write something/);
    expect(validateBoard(doc).ok).toBe(true);
  });

  it('finds mentions of people on the board, longest name first', () => {
    expect(findMentions('ping @ana and @Anabel, not @bob', ['Ana', 'Anabel'])).toEqual(['Ana', 'Anabel']);
  });

  it('keeps comments of a deleted item valid', () => {
    const { doc, item } = board();
    addComment(doc, { itemId: item, text: 'hi', author: 'Dana' });
    deleteItem(doc, item);
    expect(validateBoard(doc).ok).toBe(true);
  });
});

describe('live estimation', () => {
  it('keeps votes out of the document until the reveal, then accepts an estimate', () => {
    const { doc, item } = board();
    const round = startEstimation(doc, { itemId: item, scale: 'fibonacci', facilitator: 'Dana' });
    expect(readEstimation(doc, item)).toMatchObject({ status: 'voting', votes: {} });
    expect(() => publishVote(doc, item, round, 'dana', '5')).toThrow(/hidden until/);
    revealEstimation(doc, item, round);
    publishVote(doc, item, round, 'dana', '5');
    publishVote(doc, item, round, 'lee', '8');
    publishVote(doc, item, round, 'ana', '5');
    expect(() => publishVote(doc, item, round, 'x', '4')).toThrow(/not a card/);
    const spread = estimationSpread(readEstimation(doc, item)?.votes ?? {});
    expect(spread).toMatchObject({ votes: 3, min: 5, max: 8, median: 5, consensus: false, wide: false });
    acceptEstimate(doc, item, round, '5');
    expect(readBoard(doc)?.lanes[0]?.items[0]?.estimate).toBe(5);
    expect(readEstimation(doc, item)).toMatchObject({ status: 'closed', accepted: '5' });
    expect(() => revealEstimation(doc, item, 'old-round')).toThrow(/has ended/);
    expect(validateBoard(doc).ok).toBe(true);
  });

  it('flags a spread of more than one card as wide, and a re-vote starts a fresh round with the same deck', () => {
    const { doc, item } = board();
    const round = startEstimation(doc, { itemId: item, scale: 'fibonacci', facilitator: 'Dana' });
    const cards = readEstimation(doc, item)?.cards ?? [];
    expect(estimationSpread({ a: '5', b: '8' }, cards).wide).toBe(false);
    expect(estimationSpread({ a: '3', b: '8' }, cards).wide).toBe(true);
    expect(estimationSpread({ a: '2', b: '13' }, cards).wide).toBe(true);
    expect(estimationSpread({ a: '2', b: '?' }, cards).wide).toBe(false);
    expect(() => revoteEstimation(doc, item, round)).toThrow(/after the votes are revealed/);
    revealEstimation(doc, item, round);
    publishVote(doc, item, round, 'dana', '2');
    const again = revoteEstimation(doc, item, round);
    expect(again).not.toBe(round);
    expect(readEstimation(doc, item)).toMatchObject({ id: again, status: 'voting', votes: {}, facilitator: 'Dana', cards });
    // The facilitator may accept any card of the deck, voted for or not.
    revealEstimation(doc, item, again);
    acceptEstimate(doc, item, again, '3');
    expect(readBoard(doc)?.lanes[0]?.items[0]?.estimate).toBe(3);
  });

  it('maps T-shirt sizes to points and refuses "?" as an estimate', () => {
    const { doc, item } = board();
    const round = startEstimation(doc, { itemId: item, scale: 'tshirt', facilitator: 'Dana' });
    expect(() => acceptEstimate(doc, item, round, '?')).toThrow(/not an estimate/);
    acceptEstimate(doc, item, round, 'L');
    expect(readBoard(doc)?.lanes[0]?.items[0]?.estimate).toBe(5);
  });
});
