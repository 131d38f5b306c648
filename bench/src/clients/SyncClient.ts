import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';

const SYNC = 0;
const AWARENESS = 1;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;

/** Transaction origin of updates that came from the server (not re-sent). */
const REMOTE = Symbol('remote');

export interface MarkerListener {
  /** The bytes every marker of this run starts with. */
  readonly prefix: Buffer;
  onMarker(writer: number, seq: number, at: number): void;
}

export interface SyncClientOptions {
  readonly url: string;
  /** Writers (and uploaders) hold a document; receivers do not pay for one. */
  readonly doc?: Y.Doc;
  /** Receivers report the markers they find in relayed updates. */
  readonly markers?: MarkerListener;
  /** Announce presence like a browser client does (a small awareness state). */
  readonly presence?: string;
  /**
   * Called for each part of the server's answer to the client's sync step 1 (arrival time, bytes):
   * every sync step 2, and updates that come before the first one (Lanewise sends a board's log
   * tail ahead of its compacted state, so that the sync step 2 completes the board).
   */
  readonly onSyncAnswer?: (at: number, update: Uint8Array) => void;
}

function frame(type: number, kind: number | null, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  if (kind !== null) encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

function awarenessUpdate(clientId: number, name: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarString(encoder, JSON.stringify({ user: { name, color: '#3366cc' }, cursor: null }));
  return encoding.toUint8Array(encoder);
}

/** `ws` hands out Buffer, ArrayBuffer or fragments depending on settings; normalise to one Buffer. */
function asBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * A load-generator client speaking the y-websocket protocol over a raw socket: sync step 1 on
 * open, step 2 in answer to the server's step 1, awareness once; relayed updates are applied
 * only by clients that hold a document, and scanned for markers by those that listen for them.
 */
export class SyncClient {
  readonly socket: WebSocket;
  /** Resolves when the server's sync step 2 arrived. */
  readonly synced: Promise<void>;
  /** How it closed, once it did (code 0: still open). */
  closeCode = 0;
  closeReason = '';
  private markSynced: () => void = () => {};
  private isSynced = false;
  private readonly clientId = Math.floor(Math.random() * 2 ** 31);

  constructor(private readonly options: SyncClientOptions) {
    this.socket = new WebSocket(options.url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    this.socket.binaryType = 'nodebuffer';
    this.synced = new Promise((resolve, reject) => {
      this.markSynced = resolve;
      this.socket.once('error', reject);
      this.socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
      this.socket.once('close', (code, reason) => reject(new Error(`closed before syncing: ${code} ${reason.toString()}`)));
    });
    this.synced.catch(() => {});
    this.socket.on('open', () => {
      const vector = this.options.doc ? Y.encodeStateVector(this.options.doc) : Uint8Array.of(0);
      this.socket.send(frame(SYNC, STEP1, vector));
      if (this.options.presence) this.socket.send(frame(AWARENESS, null, awarenessUpdate(this.clientId, this.options.presence)));
    });
    this.socket.on('message', (data) => this.receive(asBuffer(data)));
    this.socket.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
    this.socket.on('error', () => {});
    options.doc?.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE && this.socket.readyState === WebSocket.OPEN) this.socket.send(frame(SYNC, UPDATE, update));
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a raw protocol frame (for hostile updates in the isolation scenario). */
  sendRaw(bytes: Uint8Array): void {
    if (this.open) this.socket.send(bytes);
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private receive(data: Buffer): void {
    const at = performance.now();
    if (data[0] !== SYNC) return; // awareness, auth, decisions: not measured
    const kind = data[1];
    if (kind === UPDATE) {
      if (!this.isSynced) this.options.onSyncAnswer?.(at, this.payload(data));
      const markers = this.options.markers;
      if (markers) this.scan(data, markers, at);
      if (this.options.doc) Y.applyUpdate(this.options.doc, this.payload(data), REMOTE);
    } else if (kind === STEP2) {
      const update = this.payload(data);
      this.options.onSyncAnswer?.(at, update);
      if (this.options.doc) Y.applyUpdate(this.options.doc, update, REMOTE);
      if (!this.isSynced) {
        this.isSynced = true;
        this.markSynced();
      }
    } else if (kind === STEP1) {
      const vector = this.payload(data);
      const answer = this.options.doc ? Y.encodeStateAsUpdate(this.options.doc, vector) : Uint8Array.of(0, 0);
      this.socket.send(frame(SYNC, STEP2, answer));
    }
  }

  private payload(data: Buffer): Uint8Array {
    const decoder = decoding.createDecoder(data);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    return decoding.readVarUint8Array(decoder);
  }

  /** Finds "‹prefix›‹writer›:‹seq›;" in the bytes: no Yjs decoding, exact. */
  private scan(data: Buffer, markers: MarkerListener, at: number): void {
    let from = data.indexOf(markers.prefix);
    while (from !== -1) {
      let i = from + markers.prefix.length;
      let writer = 0;
      while (data[i] !== 0x3a /* : */ && i < data.length) writer = writer * 10 + ((data[i++] as number) - 0x30);
      i++;
      let seq = 0;
      while (data[i] !== 0x3b /* ; */ && i < data.length) seq = seq * 10 + ((data[i++] as number) - 0x30);
      markers.onMarker(writer, seq, at);
      from = data.indexOf(markers.prefix, i);
    }
  }
}
