import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { addItem, createBoard, localOrigin, readEstimation, revealEstimation, startEstimation, cancelEstimation } from '@lanewise/shared';
import { connectCollabAdapter } from '../board/collabAdapter.ts';
import { createCollabStore } from '../board/collabState.ts';
import { createPlanningActions } from '../board/planningActions.ts';
import { PokerClient } from './pokerClient.ts';

const origin = localOrigin('test');
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const doc = new Y.Doc();
  const [p0] = createBoard(doc, { title: 'Q3', template: 'planning' }, origin) as [string];
  const itemId = addItem(doc, { title: 'SSO', laneId: p0 }, origin);
  const collab = createCollabStore();
  connectCollabAdapter(doc, collab);
  const awareness = new Awareness(doc);
  const poker = new PokerClient({ collab, awareness, actions: createPlanningActions(doc, origin, () => 'Dana'), userName: () => 'Dana' });
  poker.connect();
  return { doc, itemId, collab, awareness, poker };
}

describe('poker client', () => {
  it('keeps the pick local (awareness says only "voted") and writes it once the round is revealed', async () => {
    const { doc, itemId, collab, awareness, poker } = setup();
    const roundId = startEstimation(doc, { itemId, scale: 'fibonacci', facilitator: 'Dana' }, origin);
    const round = collab.getState().rounds[itemId];
    if (!round) throw new Error('no round published');
    poker.pick(round, '8');
    poker.pick(round, '5');
    expect(awareness.getLocalState()?.estimation).toEqual([{ itemId, roundId, voted: true }]);
    expect(JSON.stringify(awareness.getLocalState())).not.toMatch(/"5"/);
    expect(readEstimation(doc, itemId)?.votes).toEqual({});

    revealEstimation(doc, itemId, roundId, origin);
    await flush();
    expect(readEstimation(doc, itemId)?.votes).toEqual({ [`Dana#${awareness.clientID}`]: '5' });
    expect(awareness.getLocalState()?.estimation).toEqual([]);
    // Published once: another change to the round does not write again.
    expect(poker.store.getState().picks[roundId]?.published).toBe(true);
  });

  it('picking the same card again takes the vote back; a cancelled round forgets the pick', async () => {
    const { doc, itemId, collab, awareness, poker } = setup();
    const roundId = startEstimation(doc, { itemId, scale: 'tshirt', facilitator: 'Lee' }, origin);
    const round = collab.getState().rounds[itemId];
    if (!round) throw new Error('no round published');
    poker.pick(round, 'M');
    poker.pick(round, 'M');
    expect(awareness.getLocalState()?.estimation).toEqual([]);
    poker.pick(round, 'L');
    cancelEstimation(doc, itemId, origin);
    await flush();
    expect(poker.store.getState().picks[roundId]).toBeUndefined();
    expect(awareness.getLocalState()?.estimation).toEqual([]);
  });
});
