import { addItem, createBoard, localOrigin, moveItem } from '@lanewise/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { watchMoveConflicts, type MoveConflict } from './moveConflicts.ts';

function twoPeers(danaId: number, leeId: number) {
  const dana = new Y.Doc();
  dana.clientID = danaId;
  const lee = new Y.Doc();
  lee.clientID = leeId;
  const [, p1, p2, later] = createBoard(dana, { title: 'T', template: 'planning' }) as [string, string, string, string];
  const card = addItem(dana, { title: 'Contested', laneId: p1 });
  Y.applyUpdate(lee, Y.encodeStateAsUpdate(dana));
  const origins = { dana: localOrigin('dana'), lee: localOrigin('lee') };
  const seen: Record<'dana' | 'lee', MoveConflict[]> = { dana: [], lee: [] };
  watchMoveConflicts(dana, { isLocal: (origin) => origin === origins.dana, onConflict: (conflict) => seen.dana.push(conflict) });
  watchMoveConflicts(lee, { isLocal: (origin) => origin === origins.lee, onConflict: (conflict) => seen.lee.push(conflict) });
  const sync = () => {
    const fromDana = Y.encodeStateAsUpdate(dana, Y.encodeStateVector(lee));
    const fromLee = Y.encodeStateAsUpdate(lee, Y.encodeStateVector(dana));
    Y.applyUpdate(lee, fromDana, 'remote');
    Y.applyUpdate(dana, fromLee, 'remote');
  };
  return { dana, lee, origins, seen, sync, card, lanes: { p1, p2, later } };
}

describe('watchMoveConflicts', () => {
  it('tells only the person whose concurrent move of the same card lost, with the winner and where it went', () => {
    for (const [danaId, leeId] of [
      [1, 2],
      [2, 1],
    ] as const) {
      const { dana, lee, origins, seen, sync, card, lanes } = twoPeers(danaId, leeId);
      moveItem(dana, card, { laneId: lanes.later, position: 'top' }, origins.dana);
      moveItem(lee, card, { laneId: lanes.p2, position: 'top' }, origins.lee);
      sync();
      const final = dana.getMap('items').get(card) as Y.Map<unknown>;
      expect((lee.getMap('items').get(card) as Y.Map<unknown>).get('laneId')).toBe(final.get('laneId'));
      const danaWon = final.get('laneId') === lanes.later;
      const loser = danaWon ? seen.lee : seen.dana;
      const winner = danaWon ? seen.dana : seen.lee;
      expect(winner).toEqual([]);
      expect(loser).toHaveLength(1);
      expect(loser[0]).toMatchObject({
        itemId: card,
        title: 'Contested',
        winnerClientId: danaWon ? danaId : leeId,
        laneName: danaWon ? 'Later' : 'P2',
        ourLaneName: danaWon ? 'P2' : 'Later',
      });
    }
  });

  it('a move made after seeing mine is not a conflict, nor are moves of other cards', () => {
    const { dana, lee, origins, seen, sync, card, lanes } = twoPeers(1, 2);
    const other = addItem(dana, { title: 'Other', laneId: lanes.p1 }, origins.dana);
    sync();
    moveItem(dana, card, { laneId: lanes.later, position: 'top' }, origins.dana);
    sync();
    moveItem(lee, card, { laneId: lanes.p2, position: 'top' }, origins.lee);
    moveItem(dana, other, { laneId: lanes.p2, position: 'top' }, origins.dana);
    sync();
    expect(seen).toEqual({ dana: [], lee: [] });
  });
});
