import { isFacilitator, mayHandOver, metaMap, readMeta, type BoardMeta, type FacilitationActor } from '@lanewise/shared';
import type { BoardCommandResults, CommandOf } from './BoardCommand.ts';
import type { CommandContext } from './CommandContext.ts';

/**
 * POST /api/boards/:id/facilitation/… — writes facilitation meta fields (a value sets, null
 * deletes) as one server change, if `actor` may: `facilitator` (the role itself) by the owner or
 * the current facilitator, everything else by the facilitator only. Checked here, on the board's
 * thread, against the board as stored now, so a handover and an action cannot race.
 */
export async function setFacilitationCommand(room: CommandContext, command: CommandOf<'setFacilitation'>): Promise<BoardCommandResults['setFacilitation']> {
  const meta = readMeta(room.doc());
  const actor: FacilitationActor = command.actor;
  const handover = Object.keys(command.patch).every((key) => key === 'facilitator');
  const allowed = handover ? mayHandOver(meta, actor) : isFacilitator(meta, actor);
  if (!allowed) return { ok: false };
  if (command.when && meta?.retroPhase !== command.when.phase) return { ok: false, stale: true };
  await room.applyServerChange((doc, origin) => {
    doc.transact(() => {
      for (const [key, value] of Object.entries(command.patch)) {
        if (value === null) metaMap(doc).delete(key);
        else metaMap(doc).set(key, value);
      }
    }, origin);
  });
  return { ok: true, meta: readMeta(room.doc()) as BoardMeta };
}
