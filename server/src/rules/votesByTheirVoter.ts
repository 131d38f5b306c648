import { CloseCode, pokerMap } from '@lanewise/shared';
import * as Y from 'yjs';
import type { BoardRule } from './BoardRule.ts';

/**
 * An estimation vote is cast only by the identity it names. A voter key is "<name>#<client id>"
 * (the name cut to fit 120 characters); every vote an update adds, changes or removes must carry
 * the sender's name. Starting, re-starting or ending a round (which clears its votes) is not a vote.
 */
export const votesByTheirVoter: BoardRule = {
  name: 'votes-by-their-voter',
  check: ({ sender, doc, changes }) => {
    for (const itemId of changes.touched.get('poker') ?? []) {
      const round = pokerMap(doc).get(itemId);
      if (!(round instanceof Y.Map)) continue; // the round was removed
      const votesNow = round.get('votes');
      const after = votesNow instanceof Y.Map ? (votesNow.toJSON() as Record<string, unknown>) : {};
      const sameRound = changes.existedBefore('poker', itemId) && changes.fieldBefore('poker', itemId, 'id') === round.get('id');
      const before = sameRound ? asRecord(changes.fieldBefore('poker', itemId, 'votes')) : {};
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (before[key] === after[key]) continue;
        if (!namesSender(key, sender.name)) return { code: CloseCode.Forbidden, reason: 'a vote can only be cast in your own name' };
      }
    }
    return null;
  },
};

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Whether voter key `key` ("<name>#<digits>", the name cut to fit 120 characters) names `name`. */
function namesSender(key: string, name: string): boolean {
  const match = /^(.*)#\d+$/s.exec(key);
  if (!match) return false;
  const prefix = match[1] as string;
  return prefix === name.slice(0, 120 - (key.length - prefix.length));
}
