import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { binaryFrame } from './websocketFrame.ts';

describe('binaryFrame', () => {
  it('is read by a real WebSocket client as the same binary message, for every length encoding', async () => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const payloads = [0, 1, 125, 126, 65_535, 65_536, 200_000].map((length) => Uint8Array.from({ length }, (_, i) => (i * 31 + length) % 256));
    wss.on('connection', (socket) => {
      const raw = (socket as unknown as { _socket: Socket })._socket;
      for (const payload of payloads) raw.write(binaryFrame(payload));
    });
    const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
    const received: Buffer[] = [];
    await new Promise<void>((resolve) => {
      client.on('message', (data: Buffer, isBinary) => {
        expect(isBinary).toBe(true);
        received.push(data);
        if (received.length === payloads.length) resolve();
      });
    });
    expect(received.map((data) => [...data])).toEqual(payloads.map((payload) => [...payload]));
    client.close();
    wss.close();
    http.close();
  });
});
