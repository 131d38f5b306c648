import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Histogram } from 'prom-client';
import type { BoardAccess, Revocation } from '../auth/BoardAccess.ts';
import type { LiveGrants } from '../auth/LiveGrants.ts';
import type { Logger } from '../logger.ts';
import type { BoardRooms, FanoutHook } from '../sync/BoardRooms.ts';
import type { RemoteUpdate } from '../threads/protocol.ts';
import { awarenessRemoval, awarenessClocks } from './awarenessClocks.ts';

/**
 * ioredis, loaded when the first fan-out is built: a single instance (no REDIS_URL) never loads
 * it, which keeps ~6 MB of resident memory out of the process (DECISIONS 130).
 */
let redisClass: typeof Redis | null = null;
const loadRedis = (): typeof Redis => (redisClass ??= (createRequire(import.meta.url)('ioredis') as { Redis: typeof Redis }).Redis);

export interface RedisFanoutOptions {
  /** REDIS_URL. */
  readonly url: string;
  /** REDIS_KEY_PREFIX: every key and channel starts with it. */
  readonly prefix: string;
  readonly instanceId: string;
  readonly logger: Logger;
  readonly rooms: BoardRooms;
  readonly access: BoardAccess;
  readonly liveGrants: LiveGrants;
  /** Seconds from commit on another instance to arrival here. */
  readonly lag?: Histogram;
  /** Entries a board's stream keeps (approximately); a reader further behind backfills from PostgreSQL. */
  readonly streamMaxLen?: number;
  /** A board's stream expires this long after its last entry. */
  readonly streamTtlMs?: number;
  /** How often this instance says it is alive, and how long that holds. */
  readonly heartbeatMs?: number;
  readonly instanceTtlMs?: number;
}

const READ_BLOCK_MS = 5000;
const READ_COUNT = 1000;

/**
 * Several instances, one board (DECISIONS 95): the fan-out between instances, over Redis
 * (ioredis). PostgreSQL stays the board's log; this only carries what it committed.
 *
 * - **Updates**: after an update commits here (the owner thread relays it with its `seq`), it is
 *   `XADD`ed to the board's stream `<prefix>:board:<id>:updates` (fields `s` seq, `i` instance,
 *   `t` commit time, `u` the update). One reader connection `XREAD BLOCK`s every stream of the
 *   boards live here, from where it left off (from the stream's start when a board loads: the
 *   owner drops what it already has by `seq`), and hands other instances' updates to the owner
 *   thread (`RemoteFeed`: applied in `seq` order, exactly once, holes filled from PostgreSQL).
 *   A board loaded or let go interrupts the blocked read (`CLIENT UNBLOCK`).
 * - **Presence** is ephemeral: Redis pub/sub on `<prefix>:board:<id>:presence`; an instance that
 *   loads a board asks (an empty message) and the others answer with their connections' presence. Each instance
 *   sets `<prefix>:instance:<id>` every `heartbeatMs` (expiring after `instanceTtlMs`); when an
 *   instance whose presence is shown here stops, its presence is removed.
 * - **Revocations** go out on `<prefix>:revocations`; every instance closes the sockets of the
 *   revoked link. A message missed while Redis was unreachable is made up for by re-checking
 *   every open connection's grant against PostgreSQL when the connection comes back.
 * - Redis unreachable: writes still commit to PostgreSQL (and reach this instance's clients);
 *   other instances get them when Redis is back (every live board backfills from PostgreSQL
 *   on reconnect). `/readyz` says 503 meanwhile.
 */
export class RedisFanout implements FanoutHook {
  private readonly publisher: Redis;
  private readonly reader: Redis;
  private readonly subscriber: Redis;
  private readonly logger: Logger;
  /** Boards read: the stream id read up to. */
  private readonly streams = new Map<string, string>();
  /** Instances whose presence is shown here: per board, the presence clients each brought and their clocks. */
  private readonly presenceFrom = new Map<string, Map<string, Map<number, number>>>();
  private readerId: number | null = null;
  private blocking = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly loop: Promise<void>;
  private readonly unsubscribeRevocations: () => void;
  private readonly prefix: string;
  private readonly instanceTag: Buffer;
  private published = 0;
  private received = 0;

  constructor(private readonly options: RedisFanoutOptions) {
    this.prefix = options.prefix;
    this.logger = options.logger.child({ component: 'fanout' });
    this.instanceTag = Buffer.from(options.instanceId);
    const common = { lazyConnect: false, connectTimeout: 2000, retryStrategy: (times: number) => Math.min(50 * times, 1000) };
    const Redis = loadRedis();
    // Commands wait (offline queue) while Redis reconnects; a publish that fails is made up for by the readers' backfill.
    this.publisher = new Redis(options.url, { ...common, connectionName: `lanewise:${options.instanceId}:pub`, maxRetriesPerRequest: 3 });
    this.reader = new Redis(options.url, { ...common, connectionName: `lanewise:${options.instanceId}:read`, maxRetriesPerRequest: null });
    this.subscriber = new Redis(options.url, { ...common, connectionName: `lanewise:${options.instanceId}:sub`, maxRetriesPerRequest: null });
    for (const [name, client] of [['publisher', this.publisher], ['reader', this.reader], ['subscriber', this.subscriber]] as const) {
      let wasReady = false;
      let down = false;
      client.on('error', (error: Error) => {
        if (!down) this.logger.warn({ connection: name, err: error.message }, 'Redis connection failed; retrying');
        down = true;
      });
      client.on('ready', () => {
        if (wasReady) this.logger.info({ connection: name }, 'Redis connection back');
        if (name === 'reader') void this.readerReady(wasReady);
        if (name === 'subscriber' && wasReady) void this.recheckGrants();
        wasReady = true;
        down = false;
      });
    }
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message));
    void this.subscriber.subscribe(this.revocationChannel).catch(() => {});
    this.unsubscribeRevocations = options.access.onRevokedHere((revocation) => {
      this.publisher.publish(this.revocationChannel, JSON.stringify({ from: options.instanceId, revocation })).catch((error: unknown) => {
        this.logger.warn({ err: (error as Error).message }, 'could not tell other instances about a revoked link; they re-check when Redis is back');
      });
    });
    const heartbeatMs = options.heartbeatMs ?? 1000;
    const beat = () => void this.publisher.set(this.instanceKey(options.instanceId), '1', 'PX', options.instanceTtlMs ?? 3000).catch(() => {});
    beat();
    this.timers.push(setInterval(beat, heartbeatMs), setInterval(() => void this.checkInstances(), heartbeatMs));
    for (const timer of this.timers) timer.unref();
    this.loop = this.readLoop();
  }

  private get revocationChannel(): string {
    return `${this.prefix}:revocations`;
  }

  private streamKey(boardId: string): string {
    return `${this.prefix}:board:${boardId}:updates`;
  }

  private presenceChannel(boardId: string): string {
    return `${this.prefix}:board:${boardId}:presence`;
  }

  private decisionsChannel(boardId: string): string {
    return `${this.prefix}:board:${boardId}:decisions`;
  }

  private instanceKey(instanceId: string): string {
    return `${this.prefix}:instance:${instanceId}`;
  }

  /** Whether Redis answers now (readiness). */
  async ping(timeoutMs = 1000): Promise<boolean> {
    if (this.publisher.status !== 'ready') return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([this.publisher.ping().then((pong) => pong === 'PONG'), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Counts for tests and logs. */
  get counts(): { published: number; received: number; boards: number } {
    return { published: this.published, received: this.received, boards: this.streams.size };
  }

  // ---- FanoutHook (called by BoardRooms) ---------------------------------------------------------

  boardLoaded(boardId: string): void {
    if (this.stopped) return;
    if (this.streams.has(boardId)) {
      // Loaded again here: a move to a board thread or a replaced thread. The new owner starts without
      // the other instances' presence (and so could not remove it when one of them dies): ask again.
      this.publisher.publish(this.presenceChannel(boardId), this.presenceMessage(new Uint8Array(0))).catch(() => {});
      return;
    }
    // From the stream's start: the owner thread drops what it has by seq (it loaded up to some seq).
    this.streams.set(boardId, '0');
    // Subscribed first, then asked: instances with the board answer with their connections' presence.
    void this.subscriber
      .subscribe(this.presenceChannel(boardId), this.decisionsChannel(boardId))
      .then(() => this.publisher.publish(this.presenceChannel(boardId), this.presenceMessage(new Uint8Array(0))))
      .catch(() => {});
    this.interruptRead();
  }

  boardReleased(boardId: string): void {
    if (!this.streams.delete(boardId)) return;
    void this.subscriber.unsubscribe(this.presenceChannel(boardId), this.decisionsChannel(boardId)).catch(() => {});
    for (const boards of this.presenceFrom.values()) boards.delete(boardId);
    this.interruptRead();
  }

  committed(boardId: string, seq: number, update: Uint8Array): void {
    const key = this.streamKey(boardId);
    this.publisher
      .multi()
      .xadd(key, 'MAXLEN', '~', String(this.options.streamMaxLen ?? 1000), '*', 's', String(seq), 'i', this.options.instanceId, 't', String(Date.now()), 'u', Buffer.from(update.buffer, update.byteOffset, update.byteLength))
      .pexpire(key, this.options.streamTtlMs ?? 3_600_000)
      .exec()
      .then(
        () => void this.published++,
        (error: unknown) => this.logger.warn({ boardId, seq, err: (error as Error).message }, 'could not publish a committed update; other instances backfill it from PostgreSQL'),
      );
  }

  presence(boardId: string, data: Uint8Array): void {
    if (data.length === 0) return;
    this.publisher.publish(this.presenceChannel(boardId), this.presenceMessage(data)).catch(() => {});
  }

  /**
   * Decision entries are stored before they are published; a feed that misses one (Redis down) shows
   * it when it reads the log again, as after any reconnect. Same framing as presence.
   */
  decisions(boardId: string, data: Uint8Array): void {
    this.publisher.publish(this.decisionsChannel(boardId), this.presenceMessage(data)).catch(() => {});
  }

  /** <instance id length><instance id><awareness update>; an empty update asks the others for theirs. */
  private presenceMessage(data: Uint8Array): Buffer {
    return Buffer.concat([Buffer.from([this.instanceTag.length]), this.instanceTag, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
  }

  // ---- reading -------------------------------------------------------------------------------------

  private interruptRead(): void {
    if (this.wake) {
      const wake = this.wake;
      this.wake = null;
      wake();
    }
    if (this.blocking && this.readerId !== null) void this.publisher.client('UNBLOCK', this.readerId).catch(() => {});
  }

  private async readerReady(again: boolean): Promise<void> {
    try {
      this.readerId = Number(await this.reader.client('ID'));
    } catch {
      this.readerId = null;
    }
    if (!again) return;
    // Entries may be gone (Redis restarted, stream trimmed) or never published: every live board asks storage.
    for (const boardId of this.streams.keys()) this.options.rooms.catchUp(boardId);
  }

  private async readLoop(): Promise<void> {
    while (!this.stopped) {
      if (this.streams.size === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      const boards = [...this.streams.keys()];
      let result: Array<[Buffer, Array<[Buffer, Buffer[]]>]> | null;
      try {
        this.blocking = true;
        result = (await this.reader.xreadBuffer(
          'COUNT',
          READ_COUNT,
          'BLOCK',
          READ_BLOCK_MS,
          'STREAMS',
          ...boards.map((boardId) => this.streamKey(boardId)),
          ...boards.map((boardId) => this.streams.get(boardId) ?? '0'),
        )) as Array<[Buffer, Array<[Buffer, Buffer[]]>]> | null;
      } catch (error) {
        this.blocking = false;
        if (this.stopped) return;
        this.logger.debug({ err: (error as Error).message }, 'stream read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      } finally {
        this.blocking = false;
      }
      if (result) this.deliver(boards, result);
    }
  }

  private deliver(boards: readonly string[], result: Array<[Buffer, Array<[Buffer, Buffer[]]>]>): void {
    const byKey = new Map(boards.map((boardId) => [this.streamKey(boardId), boardId]));
    const now = Date.now();
    for (const [keyBuffer, entries] of result) {
      const boardId = byKey.get(keyBuffer.toString());
      if (boardId === undefined || !this.streams.has(boardId)) continue;
      const updates: RemoteUpdate[] = [];
      for (const [id, fields] of entries) {
        this.streams.set(boardId, id.toString());
        const entry = readFields(fields);
        if (!entry || entry.instance === this.options.instanceId) continue;
        updates.push({ seq: entry.seq, data: entry.update });
        this.options.lag?.observe(Math.max(0, now - entry.committedAt) / 1000);
      }
      this.received += updates.length;
      this.options.rooms.remoteUpdates(boardId, updates);
    }
  }

  private onMessage(channel: string, message: Buffer): void {
    if (channel === this.revocationChannel) {
      try {
        const { from, revocation } = JSON.parse(message.toString()) as { from: string; revocation: Revocation };
        if (from !== this.options.instanceId) this.options.access.revokedElsewhere(revocation);
      } catch {
        this.logger.warn('unreadable revocation message ignored');
      }
      return;
    }
    const match = /:board:(.+):(presence|decisions)$/.exec(channel);
    if (!match || message.length < 1) return;
    const boardId = match[1] as string;
    const length = message[0] as number;
    const instance = message.subarray(1, 1 + length).toString();
    if (instance === this.options.instanceId || !this.streams.has(boardId)) return;
    if (match[2] === 'decisions') {
      if (message.length > 1 + length) this.options.rooms.remoteDecisions(boardId, new Uint8Array(message.subarray(1 + length)));
      return;
    }
    if (message.length === 1 + length) return this.options.rooms.announcePresence(boardId);
    let boards = this.presenceFrom.get(instance);
    if (!boards) this.presenceFrom.set(instance, (boards = new Map()));
    let clocks = boards.get(boardId);
    if (!clocks) boards.set(boardId, (clocks = new Map()));
    const update = new Uint8Array(message.subarray(1 + length));
    try {
      for (const [clientId, clock, present] of awarenessClocks(update)) {
        if (present) clocks.set(clientId, clock);
        else clocks.delete(clientId);
      }
    } catch {
      return; // not an awareness update: nothing to apply
    }
    this.options.rooms.remotePresence(boardId, instance, update);
  }

  /** Presence of instances that stopped saying they are alive is removed. */
  private async checkInstances(): Promise<void> {
    const instances = [...this.presenceFrom.keys()];
    if (instances.length === 0 || this.publisher.status !== 'ready') return;
    try {
      const alive = await Promise.all(instances.map((instance) => this.publisher.exists(this.instanceKey(instance))));
      instances.forEach((instance, i) => {
        if (alive[i]) return;
        const boards = this.presenceFrom.get(instance) ?? new Map<string, Map<number, number>>();
        this.presenceFrom.delete(instance);
        this.logger.info({ gone: instance, boards: boards.size }, 'instance stopped answering; its presence is removed');
        for (const [boardId, clocks] of boards) {
          this.options.rooms.instanceGone(boardId, instance);
          // Said to this instance's clients from here too: the board's owner may have changed since the
          // presence arrived (a move to a board thread) and no longer know whose it was.
          if (clocks.size > 0) this.options.rooms.toClients(boardId, awarenessRemoval(clocks));
        }
      });
    } catch {
      // Redis unreachable: nothing can be concluded.
    }
  }

  private async recheckGrants(): Promise<void> {
    const closed = await this.options.liveGrants.recheckAll();
    if (closed > 0) this.logger.info({ closed }, 'connections of links revoked while Redis was unreachable closed');
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.unsubscribeRevocations();
    for (const timer of this.timers) clearInterval(timer);
    this.interruptRead();
    await this.publisher.del(this.instanceKey(this.options.instanceId)).catch(() => {});
    this.reader.disconnect();
    await this.loop.catch(() => {});
    await Promise.all([this.publisher.quit().catch(() => {}), this.subscriber.quit().catch(() => {})]);
  }
}

function readFields(fields: Buffer[]): { seq: number; instance: string; committedAt: number; update: Uint8Array } | null {
  let seq = 0;
  let instance = '';
  let committedAt = 0;
  let update: Uint8Array | null = null;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = (fields[i] as Buffer).toString();
    const value = fields[i + 1] as Buffer;
    if (name === 's') seq = Number(value.toString());
    else if (name === 'i') instance = value.toString();
    else if (name === 't') committedAt = Number(value.toString());
    else if (name === 'u') update = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  return seq > 0 && update ? { seq, instance, committedAt, update } : null;
}
