import { addItem, BoardCommandError, BoardErrorCode, commentsMap, itemsMap, readBoard, readItem, type Comment, type Item, type Lane } from '@lanewise/shared';
import type { BoardCommandResults, CommandOf } from './BoardCommand.ts';
import type { CommandContext } from './CommandContext.ts';

/**
 * A retro as its review, export and joint view read it: columns, cards (plain data) and the
 * notes written on each topic (the comments of the topic's first card), in writing order.
 */
export async function readRetroRecordCommand(room: CommandContext): Promise<BoardCommandResults['readRetroRecord']> {
  const board = readBoard(room.doc());
  if (!board) return null;
  const notes: Record<string, Array<Pick<Comment, 'author' | 'text' | 'createdAt'>>> = {};
  const comments = [...commentsMap(room.doc()).values()].map((map) => map.toJSON() as Comment).filter((comment) => !comment.deleted).sort((a, b) => a.createdAt - b.createdAt);
  for (const comment of comments) (notes[comment.itemId] ??= []).push({ author: comment.author, text: comment.text, createdAt: comment.createdAt });
  const lanes: Lane[] = board.lanes.map(({ items: _items, ...lane }) => lane);
  const items: Item[] = board.lanes.flatMap((lane) => lane.items);
  return { meta: board.meta, lanes, items, notes };
}

/**
 * The planning board's half of promoting a retro action: the action becomes an initiative in
 * `laneId` with its estimate and both lenses, linked to the action; the move's reason (the
 * retro) rides along as the item's rationale, so the decision log's `item.created` says why.
 */
export async function promoteActionCommand(room: CommandContext, command: CommandOf<'promoteAction'>): Promise<BoardCommandResults['promoteAction']> {
  const board = readBoard(room.doc());
  if (!board) throw new BoardCommandError(BoardErrorCode.NotFound, 'That planning board has no content yet.');
  if (board.meta.kind === 'retro') throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Actions are promoted to a planning board, not to another retro.');
  const lane = board.lanes.find((candidate) => candidate.id === command.laneId);
  if (!lane) throw new BoardCommandError(BoardErrorCode.InvalidInput, `The lane is not on “${board.meta.title}”; pick one of its lanes.`);
  let itemId = '';
  await room.applyServerChange(
    (doc, origin) => {
      itemId = addItem(
        doc,
        {
          title: command.title,
          laneId: lane.id,
          owner: command.owner,
          estimate: command.estimate,
          reach: command.reach,
          impact: command.impact,
          confidence: command.confidence,
          techHealth: command.techHealth,
          risk: command.risk,
          createdBy: command.actor.name,
        },
        origin,
        { rationale: command.reason },
      );
      itemsMap(doc).get(itemId)?.set('link', command.link);
    },
    { actor: command.actor },
  );
  return { itemId, laneName: lane.name, boardTitle: board.meta.title };
}

/** The retro's half: the action card links to the initiative, recorded as `item.promoted`. */
export async function linkPromotedActionCommand(room: CommandContext, command: CommandOf<'linkPromotedAction'>): Promise<BoardCommandResults['linkPromotedAction']> {
  const item = readItem(room.doc(), command.itemId);
  if (!item) throw new BoardCommandError(BoardErrorCode.NotFound, 'That action is no longer on the retro.');
  await room.applyServerChange((doc) => itemsMap(doc).get(command.itemId)?.set('link', command.link), {
    kind: 'promote',
    actor: command.actor,
    draft: { at: Date.now(), actor: command.actor, action: 'item.promoted', item: { id: item.id, title: item.title }, rationale: command.reason, details: { boardId: command.link.boardId, itemId: command.link.itemId, boardTitle: command.link.boardTitle, laneName: command.laneName } },
  });
  return { linked: true };
}
