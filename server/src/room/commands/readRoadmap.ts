import { readRoadmap, type Roadmap } from '../../export/roadmapRows.ts';
import type { CommandContext } from './CommandContext.ts';

/** GET /api/boards/:id/export/roadmap.md|csv — the board in lane order with the reason behind each position. */
export async function readRoadmapCommand(room: CommandContext): Promise<Roadmap> {
  const decisions = await room.storage.decisions.list(room.boardId, { order: 'asc', limit: Number.MAX_SAFE_INTEGER });
  return readRoadmap(room.doc(), decisions);
}
