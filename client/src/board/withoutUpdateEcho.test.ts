import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { withoutUpdateEcho } from './withoutUpdateEcho.ts';

/** The part of y-websocket's provider this touches: its `update` listener, which sends what the provider did not apply itself. */
function fakeProvider(doc: Y.Doc) {
  const sent: Uint8Array[] = [];
  const provider = {
    _updateHandler: (update: Uint8Array, origin: unknown) => {
      if (origin !== provider) sent.push(update);
    },
  };
  doc.on('update', provider._updateHandler);
  return { provider: provider as unknown as WebsocketProvider, sent };
}

function serverBoard(): Uint8Array {
  const server = new Y.Doc();
  server.getMap('items').set('a', 'Checkout');
  return Y.encodeStateAsUpdate(server);
}

describe('withoutUpdateEcho', () => {
  it('applies what the provider received without sending it back, then sends local changes again', () => {
    const doc = new Y.Doc();
    const { provider, sent } = fakeProvider(doc);
    withoutUpdateEcho(doc, provider, () => Y.applyUpdate(doc, serverBoard(), provider));
    expect(doc.getMap('items').get('a')).toBe('Checkout');
    expect(sent).toEqual([]);
    doc.getMap('items').set('b', 'Search');
    expect(sent).toHaveLength(1);
  });

  it('still sends a change an observer made meanwhile', () => {
    const doc = new Y.Doc();
    const { provider, sent } = fakeProvider(doc);
    doc.getMap('items').observe((event) => {
      if (event.transaction.origin === provider) doc.getMap('seen').set('by', 'observer');
    });
    withoutUpdateEcho(doc, provider, () => Y.applyUpdate(doc, serverBoard(), provider));
    expect(sent).toHaveLength(1);
    const server = new Y.Doc();
    Y.applyUpdate(server, serverBoard());
    Y.applyUpdate(server, sent[0] as Uint8Array);
    expect(server.getMap('seen').get('by')).toBe('observer');
  });

  it('leaves the provider alone when something else listens to updates too (the offline copy)', () => {
    const doc = new Y.Doc();
    const { provider } = fakeProvider(doc);
    const stored: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => stored.push(update));
    withoutUpdateEcho(doc, provider, () => Y.applyUpdate(doc, serverBoard(), provider));
    expect(stored).toHaveLength(1);
  });
});
