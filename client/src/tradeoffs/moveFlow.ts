import type { ItemTarget } from '@lanewise/shared';
import type { BoardSession } from '../board/boardSession.ts';
import type { MoveOutcome } from '../board/dragController.ts';
import { planMove } from './moveDecision.ts';
import { useTradeoffUi } from './tradeoffUiStore.ts';

/**
 * Every drop (mouse, touch, keyboard) comes here instead of writing straight away: a plain move is
 * written at once; a full hard lane or the top lane first asks the user (MoveDecisionDialog).
 * Returns what happened, so the drop's announcement does not claim a move that is still a question.
 */
export function requestMove(session: BoardSession, itemId: string, target: ItemTarget): MoveOutcome {
  const ui = useTradeoffUi.getState();
  // A view-only session is refused by the action itself; asking it why first would be noise.
  const plan = session.session.getState().readOnly ? ({ kind: 'write', warning: null } as const) : planMove(session.board.getState(), itemId, target);
  if (plan.kind === 'ask') {
    ui.ask(plan.pending, plan.warning);
    return 'asked';
  }
  const result = session.actions.moveItem(itemId, target);
  if (!result.ok) {
    ui.notify(result.message, 'error');
    return 'refused';
  }
  if (plan.warning) ui.notify(plan.warning.after, 'warning');
  return 'written';
}
