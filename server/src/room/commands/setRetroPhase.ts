import { randomInt } from 'node:crypto';
import { BoardCommandError, BoardErrorCode, itemsMap, metaMap, publishVoteCounts, readRetro, RETRO_PHASES, revealDrafts, setRetroPhase, type RetroPhase } from '@lanewise/shared';
import type { BoardCommandResults, CommandOf } from './BoardCommand.ts';
import type { CommandContext } from './CommandContext.ts';

const order = (phase: RetroPhase) => RETRO_PHASES.indexOf(phase);

/** A uniform number in [0, 1) from the crypto source: the reveal order must not be guessable. */
const cryptoRandom = () => randomInt(0, 2 ** 32) / 2 ** 32;

/**
 * POST /api/boards/:id/retro/phase — the facilitator moves the retro (forward, back one, a skip,
 * closing). In the same server transaction: leaving reflect forward reveals the drafts (shuffled);
 * passing the end of voting writes the vote counts onto the cards; going back to voting or before
 * takes the counts off again (the votes themselves stay stored, so nothing is lost or shown early).
 */
export async function setRetroPhaseCommand(room: CommandContext, command: CommandOf<'setRetroPhase'>): Promise<BoardCommandResults['setRetroPhase']> {
  const retro = readRetro(room.doc());
  if (!retro) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Only retro boards have phases.');
  const from = retro.phase;
  const to = command.phase;
  if (from === to) return { from, to, revealed: [], countsShown: order(from) > order('vote') };
  const reveal = from === 'reflect' && order(to) > order('reflect') ? command.drafts : [];
  const publish = order(from) <= order('vote') && order(to) > order('vote');
  const hide = order(from) > order('vote') && order(to) <= order('vote');
  await room.applyServerChange((doc, origin) => {
    setRetroPhase(doc, to, origin);
    metaMap(doc).delete('phaseDeadline'); // a deadline belongs to the phase it was set for
    if (reveal.length > 0) revealDrafts(doc, reveal, cryptoRandom, origin);
    if (publish) publishVoteCounts(doc, new Map(command.voteTotals), origin);
    if (hide) for (const card of itemsMap(doc).values()) card.delete('votes');
  });
  return { from, to, revealed: reveal.map((draft) => draft.id), countsShown: order(to) > order('vote') };
}
