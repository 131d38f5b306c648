import { readBoard, type BoardView } from '@lanewise/shared';
import type { CommandContext } from './CommandContext.ts';

/** GET /api/boards/:id — the board in display order, read where it lives. */
export async function readBoardCommand(room: CommandContext): Promise<BoardView | null> {
  return readBoard(room.doc()) ?? null;
}
