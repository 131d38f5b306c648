import { canWrite, CloseCode } from '@lanewise/shared';
import type { BoardRule } from './BoardRule.ts';

/**
 * Read-only links never change a board. Admission already answers a viewer's write with
 * "permission denied" before anything is applied; this rule is the backstop on the write path
 * itself, so no other route to the document can let a viewer's change through.
 */
export const viewersMayNotWrite: BoardRule = {
  name: 'viewers-may-not-write',
  check: ({ sender }) => (canWrite(sender.role) ? null : { code: CloseCode.Forbidden, reason: 'this link is read-only: your change was not saved' }),
};
