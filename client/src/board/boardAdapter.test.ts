import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createBoard, localOrigin, moveItem, removeLane, updateItem, updateLane } from '@lanewise/shared';
import { connectBoardAdapter } from './boardAdapter.ts';
import { createBoardStore } from './boardStore.ts';
import { selectLaneIds, selectLaneItemIds } from './selectors.ts';

const origin = localOrigin('test-session');

/** Two peers: `local` is what the adapter observes, `remote` edits and syncs into it. */
function setup() {
  const remote = new Y.Doc();
  const [p0, p1, p2, later] = createBoard(remote, { title: 'Q3', template: 'planning' }, origin) as [string, string, string, string];
  const ids = {
    sso: addItem(remote, { title: 'SSO', laneId: p0, estimate: 5 }, origin),
    audit: addItem(remote, { title: 'Audit log', laneId: p0, estimate: 3 }, origin),
    search: addItem(remote, { title: 'Search', laneId: p1, estimate: 8 }, origin),
    billing: addItem(remote, { title: 'Billing', laneId: p2 }, origin),
  };
  const local = new Y.Doc();
  Y.applyUpdate(local, Y.encodeStateAsUpdate(remote), 'remote');
  const store = createBoardStore();
  const publications: number[] = [];
  store.subscribe((state) => publications.push(state.change.version));
  const disconnect = connectBoardAdapter(local, store, { isLocalOrigin: (o) => o === origin });
  const sync = () => Y.applyUpdate(local, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(local)), 'remote');
  return { remote, local, store, sync, disconnect, publications, lanes: { p0, p1, p2, later }, ids };
}

describe('board adapter', () => {
  it('publishes lanes and items in rank order', () => {
    const { store, lanes, ids } = setup();
    const state = store.getState();
    expect(state.meta?.title).toBe('Q3');
    expect(selectLaneIds(state)).toEqual([lanes.p0, lanes.p1, lanes.p2, lanes.later]);
    expect(selectLaneItemIds(lanes.p0)(state)).toEqual([ids.sso, ids.audit]);
    expect(state.lanes[lanes.p0]?.estimateSum).toBe(8);
    expect(selectLaneItemIds('missing')(state)).toEqual([]);
  });

  it('orders items with equal ranks by id, like every other peer', () => {
    const { remote, store, sync, lanes } = setup();
    // Two peers inserting at the same spot produce equal ranks.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(remote));
    addItem(remote, { title: 'A', laneId: lanes.later, id: 'zzz' }, origin);
    addItem(other, { title: 'B', laneId: lanes.later, id: 'aaa' }, origin);
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(other));
    sync();
    expect(selectLaneItemIds(lanes.later)(store.getState())).toEqual(['aaa', 'zzz']);
  });

  it('keeps the identity of everything a remote move did not touch', () => {
    const { remote, store, sync, lanes, ids } = setup();
    const before = store.getState();
    moveItem(remote, ids.audit, { laneId: lanes.p1, before: ids.search }, origin);
    sync();
    const after = store.getState();

    expect(after.change.remote).toBe(true);
    expect([...after.change.reorderedLaneIds].sort()).toEqual([lanes.p0, lanes.p1].sort());
    expect(selectLaneItemIds(lanes.p0)(after)).toEqual([ids.sso]);
    expect(selectLaneItemIds(lanes.p1)(after)).toEqual([ids.audit, ids.search]);
    // Untouched lanes and items keep their objects, so memoized components skip them.
    expect(after.lanes[lanes.p2]).toBe(before.lanes[lanes.p2]);
    expect(after.lanes[lanes.later]).toBe(before.lanes[lanes.later]);
    expect(after.laneIds).toBe(before.laneIds);
    expect(after.items[ids.sso]).toBe(before.items[ids.sso]);
    expect(after.items[ids.search]).toBe(before.items[ids.search]);
    expect(after.items[ids.billing]).toBe(before.items[ids.billing]);
    expect(after.items[ids.audit]).not.toBe(before.items[ids.audit]);
    expect(after.meta).toBe(before.meta);
  });

  it('changes only the edited item and its lane totals on a field edit', () => {
    const { remote, store, sync, lanes, ids } = setup();
    const before = store.getState();
    updateItem(remote, ids.sso, { estimate: 13 }, origin);
    sync();
    const after = store.getState();
    expect(after.items[ids.sso]?.estimate).toBe(13);
    expect(after.items[ids.audit]).toBe(before.items[ids.audit]);
    expect(after.lanes[lanes.p0]?.estimateSum).toBe(16);
    // Order did not change: the id list keeps its identity and no lane counts as reordered.
    expect(after.lanes[lanes.p0]?.itemIds).toBe(before.lanes[lanes.p0]?.itemIds);
    expect(after.change.reorderedLaneIds).toEqual([]);
    expect(after.lanes[lanes.p1]).toBe(before.lanes[lanes.p1]);
  });

  it('publishes once per transaction and marks its own origin as local', () => {
    const { local, store, publications, lanes, ids } = setup();
    const count = publications.length;
    local.transact(() => {
      moveItem(local, ids.sso, { laneId: lanes.p2, position: 'top' }, origin);
      moveItem(local, ids.audit, { laneId: lanes.p2, position: 'bottom' }, origin);
    }, origin);
    expect(publications.length).toBe(count + 1);
    expect(store.getState().change.remote).toBe(false);
    expect(selectLaneItemIds(lanes.p2)(store.getState())).toEqual([ids.sso, ids.billing, ids.audit]);
  });

  it('does not publish for a transaction that changes nothing visible', () => {
    const { local, store, publications, ids } = setup();
    const count = publications.length;
    const before = store.getState();
    updateItem(local, ids.sso, { title: 'SSO' }, origin);
    expect(publications.length).toBe(count);
    expect(store.getState()).toBe(before);
  });

  it('moves the items of a removed lane to the next lane and renames lanes in place', () => {
    const { remote, store, sync, lanes, ids } = setup();
    removeLane(remote, lanes.p0, {}, origin);
    updateLane(remote, lanes.p1, { name: 'Must' }, origin);
    sync();
    const state = store.getState();
    expect(state.laneIds).toEqual([lanes.p1, lanes.p2, lanes.later]);
    expect(state.lanes[lanes.p0]).toBeUndefined();
    expect(state.lanes[lanes.p1]?.name).toBe('Must');
    expect(selectLaneItemIds(lanes.p1)(state)).toEqual([ids.search, ids.sso, ids.audit]);
  });

  it('removes deleted items and stops publishing once disconnected', () => {
    const { remote, store, sync, disconnect, lanes, ids } = setup();
    remote.transact(() => remote.getMap('items').delete(ids.sso), origin);
    sync();
    expect(store.getState().items[ids.sso]).toBeUndefined();
    expect(selectLaneItemIds(lanes.p0)(store.getState())).toEqual([ids.audit]);
    disconnect();
    const frozen = store.getState();
    moveItem(remote, ids.audit, { laneId: lanes.p1, position: 'top' }, origin);
    sync();
    expect(store.getState()).toBe(frozen);
  });

  it('starts empty for a document without a board and fills in when it syncs', () => {
    const store = createBoardStore();
    const doc = new Y.Doc();
    connectBoardAdapter(doc, store, { isLocalOrigin: () => false });
    expect(store.getState().meta).toBeNull();
    const server = new Y.Doc();
    createBoard(server, { title: 'Roadmap', template: 'now-next-later' }, origin);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), 'remote');
    expect(store.getState().meta?.title).toBe('Roadmap');
    expect(store.getState().laneIds.map((id) => store.getState().lanes[id]?.name)).toEqual(['Now', 'Next', 'Later']);
  });
});

describe('board adapter: remote changes coalesced per frame', () => {
  function framed() {
    const remote = new Y.Doc();
    const [p0, p1] = createBoard(remote, { title: 'Q3', template: 'planning' }, origin) as [string, string];
    const a = addItem(remote, { title: 'A', laneId: p0 }, origin);
    const b = addItem(remote, { title: 'B', laneId: p0 }, origin);
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(remote), 'remote');
    const store = createBoardStore();
    let publications = 0;
    store.subscribe(() => publications++);
    const frames: Array<() => void> = [];
    connectBoardAdapter(local, store, {
      isLocalOrigin: (o) => o === origin,
      scheduleRemote: (flush) => {
        frames.push(flush);
        return () => frames.splice(frames.indexOf(flush), 1);
      },
    });
    publications = 0; // the initial projection
    const sync = () => Y.applyUpdate(local, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(local)), 'remote');
    return { remote, local, store, sync, frames, count: () => publications, lanes: { p0, p1 }, ids: { a, b } };
  }

  it('publishes many remote moves once, on the next frame, with all of them applied', () => {
    const { remote, store, sync, frames, count, lanes, ids } = framed();
    moveItem(remote, ids.a, { laneId: lanes.p1, position: 'top' }, origin);
    sync();
    moveItem(remote, ids.b, { laneId: lanes.p1, position: 'bottom' }, origin);
    sync();
    expect(count()).toBe(0);
    expect(frames).toHaveLength(1);
    frames[0]?.();
    expect(count()).toBe(1);
    const state = store.getState();
    expect(state.change.remote).toBe(true);
    expect(selectLaneItemIds(lanes.p1)(state)).toEqual([ids.a, ids.b]);
    expect(selectLaneItemIds(lanes.p0)(state)).toEqual([]);
  });

  it('a local change publishes at once, together with the remote ones still waiting', () => {
    const { remote, local, store, sync, frames, count, lanes, ids } = framed();
    moveItem(remote, ids.a, { laneId: lanes.p1, position: 'top' }, origin);
    sync();
    updateItem(local, ids.b, { title: 'B renamed' }, origin);
    expect(count()).toBe(1);
    expect(frames).toHaveLength(0);
    const state = store.getState();
    expect(state.items[ids.b]?.title).toBe('B renamed');
    expect(selectLaneItemIds(lanes.p1)(state)).toEqual([ids.a]);
  });
});
