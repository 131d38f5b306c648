/**
 * Seeded randomized convergence test in the style of Yjs's `applyRandomTests`: peers apply random
 * board commands while their updates are delivered late, out of order, duplicated, and while peers
 * drop offline and come back. After a final sync every peer must hold the same board.
 *
 *   LANEWISE_SEED=1234 pnpm --filter @lanewise/shared test convergence   # replay one seed
 *   LANEWISE_RUNS=20000 pnpm --filter @lanewise/shared test convergence  # more runs
 */
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  addLane,
  createBoard,
  deleteItem,
  moveItem,
  moveLane,
  removeLane,
  renameLane,
  updateItem,
  updateBoardMeta,
  updateLane,
  swapIntoLane,
  type Placement,
} from '../src/commands.ts';
import { addComment, editComment, readComments } from '../src/conversationCommands.ts';
import { acceptEstimate, publishVote, readEstimation, revealEstimation, startEstimation } from '../src/estimationCommands.ts';
import { addPerson } from '../src/peopleCommands.ts';
import { boardToJSON, itemsMap } from '../src/boardDoc.ts';
import { BoardCommandError } from '../src/errors.ts';
import { readBoard } from '../src/readBoard.ts';
import { describeProblems, validateBoard } from '../src/validate.ts';

interface Peer {
  readonly doc: Y.Doc;
  online: boolean;
  /** Updates waiting to be delivered to this peer, in no particular order. */
  readonly inbox: Uint8Array[];
}

class Network {
  readonly peers: Peer[] = [];

  constructor(
    readonly gen: prng.PRNG,
    size: number,
  ) {
    for (let i = 0; i < size; i++) {
      const doc = new Y.Doc();
      doc.clientID = i + 1; // deterministic per seed
      const peer: Peer = { doc, online: true, inbox: [] };
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === this || !peer.online) return; // offline edits travel with the reconnect sync
        for (const other of this.peers) if (other !== peer) other.inbox.push(update);
      });
      this.peers.push(peer);
    }
  }

  /** Delivers one random pending update to a random online peer, sometimes twice. */
  deliverOne(): boolean {
    const candidates = this.peers.filter((peer) => peer.online && peer.inbox.length > 0);
    if (candidates.length === 0) return false;
    const peer = prng.oneOf(this.gen, candidates);
    const index = prng.uint32(this.gen, 0, peer.inbox.length - 1);
    const update = peer.inbox[index] as Uint8Array;
    if (!prng.bool(this.gen) || prng.int32(this.gen, 0, 9) > 1) peer.inbox.splice(index, 1); // ~10% stay for a duplicate delivery
    Y.applyUpdate(peer.doc, update, this);
    return true;
  }

  /** What y-websocket does on (re)connect: exchange state vectors and send what the other lacks. */
  syncPair(a: Peer, b: Peer): void {
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)), this);
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)), this);
  }

  toggleOnline(peer: Peer): void {
    peer.online = !peer.online;
    if (peer.online) {
      const partner = this.peers.find((other) => other !== peer && other.online);
      if (partner) this.syncPair(peer, partner);
      // The partner relays what it learned to everyone, as the server would.
      if (partner) for (const other of this.peers) if (other !== partner) other.inbox.push(Y.encodeStateAsUpdate(partner.doc));
    }
  }

  finalSync(): void {
    for (const peer of this.peers) peer.online = true;
    while (this.deliverOne());
    for (const a of this.peers) for (const b of this.peers) if (a !== b) this.syncPair(a, b);
  }
}

function randomPlacement(gen: prng.PRNG, siblingIds: readonly string[]): Placement {
  const choice = prng.int32(gen, 0, 3);
  if (siblingIds.length === 0 || choice === 0) return { position: 'top' };
  if (choice === 1) return { position: 'bottom' };
  const anchor = prng.oneOf(gen, [...siblingIds]);
  return choice === 2 ? { before: anchor } : { after: anchor };
}

function randomCommand(gen: prng.PRNG, doc: Y.Doc, hotItem: string): void {
  const board = readBoard(doc);
  if (!board) return;
  const lanes = board.lanes;
  const items = lanes.flatMap((lane) => lane.items);
  const lane = prng.oneOf(gen, [...lanes]);
  const laneItemIds = lane.items.map((item) => item.id);
  const roll = prng.int32(gen, 0, 99);
  const pickItem = () => (items.length > 0 ? prng.oneOf(gen, items).id : undefined);
  const otherLane = () => prng.oneOf(gen, lanes.filter((l) => l.id !== lane.id).length > 0 ? lanes.filter((l) => l.id !== lane.id) : [...lanes]);
  if (roll < 18 || items.length === 0) {
    addItem(doc, { title: prng.word(gen, 1, 8), laneId: lane.id, placement: randomPlacement(gen, laneItemIds) });
  } else if (roll < 52) {
    // Concurrent moves of the same item: peers pick the shared hot item half of the time.
    const itemId = prng.bool(gen) && itemsMap(doc).has(hotItem) ? hotItem : (pickItem() as string);
    const options = prng.bool(gen) ? { rationale: prng.word(gen, 1, 12) } : {};
    moveItem(doc, itemId, { laneId: lane.id, ...randomPlacement(gen, laneItemIds.filter((id) => id !== itemId)) }, undefined, options);
  } else if (roll < 56) {
    editText(gen, doc, itemsMap(doc).has(hotItem) && prng.bool(gen) ? hotItem : (pickItem() as string));
  } else if (roll < 60) {
    updateItem(doc, pickItem() as string, { title: prng.word(gen, 1, 8), estimate: prng.int32(gen, 0, 13), tags: [prng.word(gen, 1, 4)] });
  } else if (roll < 65) {
    deleteItem(doc, pickItem() as string);
  } else if (roll < 69) {
    addLane(doc, { name: prng.word(gen, 1, 6), placement: randomPlacement(gen, lanes.map((l) => l.id)) });
  } else if (roll < 72) {
    renameLane(doc, lane.id, prng.word(gen, 1, 6));
  } else if (roll < 75) {
    updateLane(doc, lane.id, { itemLimit: prng.int32(gen, 1, 5), capacity: prng.int32(gen, 0, 40) });
  } else if (roll < 78) {
    moveLane(doc, lane.id, randomPlacement(gen, lanes.filter((l) => l.id !== lane.id).map((l) => l.id)));
  } else if (roll < 81) {
    removeLane(doc, lane.id);
  } else if (roll < 85) {
    // "To add a P0, demote one."
    const incoming = pickItem() as string;
    const demote = lane.items.find((item) => item.id !== incoming);
    const to = otherLane();
    if (demote && to.id !== lane.id) {
      swapIntoLane(doc, { itemId: incoming, target: { laneId: lane.id, position: 'top' }, demoteItemId: demote.id, demoteTo: { laneId: to.id, position: 'top' } }, undefined, { rationale: 'swap' });
    }
  } else if (roll < 89) {
    const itemId = pickItem() as string;
    const existing = readComments(doc, itemId).filter((comment) => !comment.deleted);
    const author = `peer${doc.clientID}`;
    const mine = existing.find((comment) => comment.author === author);
    if (mine && prng.bool(gen)) editComment(doc, mine.id, prng.word(gen, 1, 20), author);
    else addComment(doc, { itemId, text: prng.word(gen, 1, 20), author, parentId: existing[0]?.id ?? null });
  } else if (roll < 92) {
    addPerson(doc, { name: `${prng.word(gen, 3, 6)}${doc.clientID}`, capacity: prng.int32(gen, 1, 20) });
  } else if (roll < 97) {
    const itemId = pickItem() as string;
    const round = readEstimation(doc, itemId);
    if (!round || round.status === 'closed') startEstimation(doc, { itemId, scale: prng.bool(gen) ? 'fibonacci' : 'tshirt', facilitator: 'peer' });
    else if (round.status === 'voting') revealEstimation(doc, itemId, round.id);
    else if (prng.bool(gen)) publishVote(doc, itemId, round.id, `peer${doc.clientID}`, prng.oneOf(gen, round.cards.filter((card) => card !== '?')));
    else acceptEstimate(doc, itemId, round.id, prng.oneOf(gen, round.cards.filter((card) => card !== '?')));
  } else {
    updateBoardMeta(doc, { limitMode: prng.bool(gen) ? 'hard' : 'soft', techHealthTarget: prng.int32(gen, 0, 10) / 10, planningPeriod: prng.word(gen, 0, 6) });
  }
}

const MARKS = [{}, { strong: {} }, { em: {} }, { code: {} }, { link: { href: 'https://example.com/x' } }];

/**
 * What the editors do: type or delete a few characters at a random place in an item's title, or
 * in a paragraph of its description (with a random mark), or split off a new paragraph.
 */
function editText(gen: prng.PRNG, doc: Y.Doc, itemId: string): void {
  const item = itemsMap(doc).get(itemId);
  if (!item) return;
  doc.transact(() => {
    const title = item.get('title');
    const description = item.get('description');
    if (prng.bool(gen) && title instanceof Y.Text) {
      const at = prng.int32(gen, 0, title.length);
      if (title.length > 3 && prng.int32(gen, 0, 3) === 0) title.delete(Math.min(at, title.length - 2), 2);
      else title.insert(at, prng.word(gen, 1, 4));
    } else if (description instanceof Y.XmlFragment) {
      const paragraphs = description.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
      if (paragraphs.length === 0 || prng.int32(gen, 0, 4) === 0) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(prng.word(gen, 1, 6))]);
        description.insert(prng.int32(gen, 0, description.length), [paragraph]);
        return;
      }
      const paragraph = prng.oneOf(gen, paragraphs);
      const text = paragraph.get(0);
      if (!(text instanceof Y.XmlText)) return;
      const at = prng.int32(gen, 0, text.length);
      if (text.length > 3 && prng.int32(gen, 0, 3) === 0) text.delete(Math.min(at, text.length - 2), 2);
      else text.insert(at, prng.word(gen, 1, 5), prng.oneOf(gen, MARKS));
    }
  });
}

function runSeed(seed: number): void {
  const gen = prng.create(seed);
  const network = new Network(gen, prng.int32(gen, 5, 7));
  const first = network.peers[0] as Peer;
  createBoard(first.doc, { title: 'Convergence', template: prng.bool(gen) ? 'planning' : 'now-next-later', createdAt: 0 });
  const firstLane = readBoard(first.doc)?.lanes[0]?.id as string;
  const hotItem = addItem(first.doc, { title: 'hot', laneId: firstLane, id: 'hot' });
  for (const peer of network.peers) if (peer !== first) network.syncPair(first, peer);
  for (const peer of network.peers) peer.inbox.length = 0;

  const steps = prng.int32(gen, 20, 60);
  for (let step = 0; step < steps; step++) {
    const action = prng.int32(gen, 0, 9);
    const peer = prng.oneOf(gen, network.peers);
    if (action < 5) {
      try {
        randomCommand(gen, peer.doc, hotItem);
      } catch (error) {
        if (!(error instanceof BoardCommandError)) throw error; // refused commands are fine, crashes are not
      }
    } else if (action < 9) {
      for (let n = prng.int32(gen, 1, 4); n > 0; n--) network.deliverOne();
    } else {
      network.toggleOnline(peer);
    }
  }
  network.finalSync();

  const reference = network.peers[0] as Peer;
  const expectedJson = boardToJSON(reference.doc);
  const expectedView = readBoard(reference.doc);
  for (const peer of network.peers) {
    expect(boardToJSON(peer.doc)).toEqual(expectedJson);
    expect(readBoard(peer.doc)).toEqual(expectedView);
    const validation = validateBoard(peer.doc);
    if (!validation.ok) throw new Error(`invalid board: ${describeProblems(validation.problems)}`);
  }
  // Every item sits in exactly one existing lane, in one order.
  const placed = expectedView?.lanes.flatMap((lane) => lane.items.map((item) => item.id)) ?? [];
  expect(new Set(placed).size).toBe(placed.length);
  expect(placed.length).toBe(itemsMap(reference.doc).size);
  for (const lane of expectedView?.lanes ?? []) expect(lane.deleted === false || expectedView?.lanes.length === 1).toBe(true);
}

const fixedSeed = process.env.LANEWISE_SEED;
const runs = Number(process.env.LANEWISE_RUNS ?? 1000);

describe('convergence under random concurrent commands', () => {
  it(fixedSeed ? `converges for seed ${fixedSeed}` : `converges for ${runs} seeded runs`, { timeout: 600_000 }, () => {
    const seeds = fixedSeed ? [Number(fixedSeed)] : Array.from({ length: runs }, (_, i) => 0x5eed0000 + i);
    for (const seed of seeds) {
      try {
        runSeed(seed);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`convergence failed for seed ${seed} (replay: LANEWISE_SEED=${seed}): ${message}`, { cause: error });
      }
    }
  });
});
