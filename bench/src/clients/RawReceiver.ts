import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { MarkerListener } from './SyncClient.ts';

/**
 * The cheapest client that still speaks y-websocket: a bare TCP socket with a hand-written
 * WebSocket handshake and frame reader, for the many receivers that only watch for markers (S2
 * has 180 of them). `ws` costs a few event emissions per message; this reads every frame of a
 * TCP chunk in one loop, so the load generator does not become the bottleneck it measures.
 * It sends what a client with an empty document sends: sync step 1 (empty state vector), its
 * presence once, and an empty sync step 2 in answer to the server's step 1.
 */
export class RawReceiver {
  readonly synced: Promise<void>;
  closeCode = 0;
  private readonly socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private upgraded = false;
  private markSynced: () => void = () => {};
  private failSync: (error: Error) => void = () => {};
  private isSynced = false;
  private closed = false;
  private readonly presence: string;

  constructor(
    url: string,
    private readonly markers: MarkerListener,
    presence: string,
  ) {
    const parsed = new URL(url);
    this.synced = new Promise((resolve, reject) => {
      this.markSynced = resolve;
      this.failSync = reject;
    });
    this.synced.catch(() => {});
    this.socket = connect(Number(parsed.port), parsed.hostname);
    this.socket.setNoDelay(true);
    this.socket.on('connect', () => {
      this.socket.write(
        `GET ${parsed.pathname}${parsed.search} HTTP/1.1\r\nHost: ${parsed.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    this.presence = presence;
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (error) => this.failSync(error));
    this.socket.on('close', () => {
      this.closed = true;
      if (!this.isSynced) this.failSync(new Error(`closed before syncing (${this.closeCode})`));
    });
  }

  get open(): boolean {
    return !this.closed && this.closeCode === 0;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.writeFrame(0x88, Uint8Array.of(0x03, 0xe8)); // close 1000
      this.socket.end();
    });
  }

  /** A client frame: masked (with a zero mask, which leaves the payload as is). */
  private send(payload: Uint8Array): void {
    this.writeFrame(0x82, payload);
  }

  private writeFrame(first: number, payload: Uint8Array): void {
    const length = payload.length;
    const header = length < 126 ? 6 : length < 65_536 ? 8 : 14;
    const frame = Buffer.alloc(header + length);
    frame[0] = first;
    if (length < 126) frame[1] = 0x80 | length;
    else if (length < 65_536) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(length, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
      frame.writeUInt32BE(length >>> 0, 6);
    }
    frame.set(payload, header); // mask bytes stay 0
    this.socket.write(frame);
  }

  private receive(chunk: Buffer): void {
    const at = performance.now();
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (!this.upgraded) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const status = this.buffer.subarray(0, this.buffer.indexOf('\r\n')).toString();
      if (!status.includes(' 101 ')) {
        this.failSync(new Error(`upgrade refused: ${status}`));
        this.socket.destroy();
        return;
      }
      this.upgraded = true;
      this.buffer = this.buffer.subarray(end + 4);
      // Only now may the client speak (a server refuses bytes sent before its 101).
      this.send(Uint8Array.of(0, 0, 1, 0)); // sync step 1: "I have nothing"
      this.send(awareness(this.presence));
    }
    let offset = 0;
    const data = this.buffer;
    while (data.length - offset >= 2) {
      const opcode = (data[offset] as number) & 0x0f;
      let length = (data[offset + 1] as number) & 0x7f;
      let header = 2;
      if (length === 126) {
        if (data.length - offset < 4) break;
        length = data.readUInt16BE(offset + 2);
        header = 4;
      } else if (length === 127) {
        if (data.length - offset < 10) break;
        length = data.readUInt32BE(offset + 2) * 2 ** 32 + data.readUInt32BE(offset + 6);
        header = 10;
      }
      if (data.length - offset < header + length) break;
      const payload = data.subarray(offset + header, offset + header + length);
      offset += header + length;
      if (opcode === 0x2) this.message(payload, at);
      else if (opcode === 0x9) this.writeFrame(0x8a, payload); // pong
      else if (opcode === 0x8) this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
    }
    this.buffer = offset === data.length ? Buffer.alloc(0) : data.subarray(offset);
  }

  private message(payload: Buffer, at: number): void {
    if (payload[0] !== 0) return; // awareness and the rest: not measured
    const kind = payload[1];
    if (kind === 2) this.scan(payload, at);
    else if (kind === 0) this.send(Uint8Array.of(0, 1, 2, 0, 0)); // answer step 1: an empty update
    else if (kind === 1 && !this.isSynced) {
      this.isSynced = true;
      this.markSynced();
    }
  }

  private scan(data: Buffer, at: number): void {
    const { prefix } = this.markers;
    let from = data.indexOf(prefix);
    while (from !== -1) {
      let i = from + prefix.length;
      let writer = 0;
      while (data[i] !== 0x3a && i < data.length) writer = writer * 10 + ((data[i++] as number) - 0x30);
      i++;
      let seq = 0;
      while (data[i] !== 0x3b && i < data.length) seq = seq * 10 + ((data[i++] as number) - 0x30);
      this.markers.onMarker(writer, seq, at);
      from = data.indexOf(prefix, i);
    }
  }
}

function awareness(name: string): Uint8Array {
  const state = Buffer.from(JSON.stringify({ user: { name, color: '#3366cc' }, cursor: null }));
  const clientId = Math.floor(Math.random() * 2 ** 28);
  const inner = [1, ...varUint(clientId), 1, ...varUint(state.length), ...state];
  return Uint8Array.from([1, ...varUint(inner.length), ...inner]);
}

function varUint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}
