import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MessageType } from '@lanewise/shared';
import { awarenessClocks, awarenessRemoval } from './awarenessClocks.ts';

/** A client's awareness as a stock y-websocket client keeps it, and what it received applied. */
function receive(into: awarenessProtocol.Awareness, message: Uint8Array): void {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(MessageType.Awareness);
  awarenessProtocol.applyAwarenessUpdate(into, decoding.readVarUint8Array(decoder), 'server');
}

describe('presence carried for another instance', () => {
  it('reads who an update speaks for, and takes exactly those states away from a client that holds them', () => {
    const kit = new awarenessProtocol.Awareness(new Y.Doc());
    const ana = new awarenessProtocol.Awareness(new Y.Doc());
    kit.setLocalStateField('user', { name: 'Kit' });
    kit.setLocalStateField('cursor', { x: 1 });
    ana.setLocalStateField('user', { name: 'Ana' });
    const watcher = new awarenessProtocol.Awareness(new Y.Doc());
    const kitUpdate = awarenessProtocol.encodeAwarenessUpdate(kit, [kit.clientID]);
    awarenessProtocol.applyAwarenessUpdate(watcher, kitUpdate, 'server');
    awarenessProtocol.applyAwarenessUpdate(watcher, awarenessProtocol.encodeAwarenessUpdate(ana, [ana.clientID]), 'server');

    const clocks = awarenessClocks(kitUpdate);
    expect(clocks).toEqual([[kit.clientID, 2, true]]);
    receive(watcher, awarenessRemoval(new Map(clocks.map(([id, clock]) => [id, clock]))));
    expect(watcher.getStates().has(kit.clientID)).toBe(false);
    expect(watcher.getStates().get(ana.clientID)).toEqual({ user: { name: 'Ana' } });

    // A removal reads as one; a newer state than the one removed is kept.
    kit.setLocalStateField('cursor', { x: 2 });
    awarenessProtocol.applyAwarenessUpdate(watcher, awarenessProtocol.encodeAwarenessUpdate(kit, [kit.clientID]), 'server');
    receive(watcher, awarenessRemoval(new Map([[kit.clientID, 2]])));
    expect(watcher.getStates().get(kit.clientID)).toEqual({ user: { name: 'Kit' }, cursor: { x: 2 } });
    kit.setLocalState(null);
    expect(awarenessClocks(awarenessProtocol.encodeAwarenessUpdate(kit, [kit.clientID]))).toEqual([[kit.clientID, 4, false]]);
    expect(() => awarenessClocks(new Uint8Array([5, 1]))).toThrow();
  });
});
