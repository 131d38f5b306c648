import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';

/** A stock y-websocket client in Node, for seeding boards and streaming remote edits. */
export async function connectSeedClient(serverUrl: string, boardUrl: string, name: string): Promise<WebsocketProvider> {
  const url = new URL(boardUrl);
  const boardId = url.pathname.split('/').at(-1) as string;
  const token = new URLSearchParams(url.hash.slice(1)).get('t');
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/sync`, boardId, new Y.Doc(), {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { name, ...(token ? { token } : {}) },
    disableBc: true,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('seed client did not sync within 10 s')), 10_000);
    provider.once('sync', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return provider;
}
