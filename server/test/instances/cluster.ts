/**
 * Real processes for the several-instances tests: compiled server instances on one PostgreSQL
 * schema and one Redis (key prefix of their own; or none, for test/sharedDatabase.test.ts), a TCP
 * proxy (to cut PostgreSQL, or to stand in for a load balancer), and a Redis server of the test's
 * own (to restart it).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { itemsMap } from '@lanewise/shared';
import { PgStorage } from '../../src/storage/pg/PgStorage.ts';
import { testDatabaseUrl } from '../backend.ts';
import { tempDataDir } from '../harness.ts';

const serverEntry = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
let built = false;

/** Builds the compiled server if it is stale (once per file). */
export function buildServer(): void {
  if (built) return;
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' });
  built = true;
}

export const SHARED_REDIS_URL = process.env.LANEWISE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Instance {
  readonly id: string;
  readonly process: ChildProcess;
  readonly port: number;
  readonly http: string;
  readonly ws: string;
  /** Log lines (parsed JSON) this instance wrote. */
  readonly logs: Array<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
}

export interface ClusterSettings {
  /** PostgreSQL schema (h14_…) shared by the instances. */
  readonly schema: string;
  /** Redis key prefix (h14_…). */
  readonly prefix: string;
  /** Redis for the fan-out (default: the machine's); null: none, each board served by one instance at a time. */
  readonly redisUrl?: string | null;
  readonly databaseUrl?: string;
  readonly env?: Record<string, string>;
}

/** A fresh schema and Redis prefix for one test. */
export function freshCluster(): { schema: string; prefix: string } {
  const tag = randomBytes(4).toString('hex');
  return { schema: `h14_${tag}`, prefix: `h14_${tag}` };
}

export class Cluster {
  readonly instances: Instance[] = [];
  private readonly cleanups: Array<() => unknown> = [];

  constructor(readonly settings: ClusterSettings) {}

  start(id: string, env: Record<string, string> = {}): Promise<Instance> {
    const data = tempDataDir();
    this.cleanups.push(data.remove);
    const child = spawn(process.execPath, [serverEntry], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: data.dir,
        CLIENT_DIST: `${data.dir}/none`,
        LOG_LEVEL: 'info',
        INSTANCE_ID: id,
        LANEWISE_SECRET: 'one-secret-shared-by-every-instance-of-this-test',
        DATABASE_URL: this.settings.databaseUrl ?? testDatabaseUrl(),
        DATABASE_SCHEMA: this.settings.schema,
        ...(this.settings.redisUrl === null ? {} : { REDIS_URL: this.settings.redisUrl ?? SHARED_REDIS_URL, REDIS_KEY_PREFIX: this.settings.prefix }),
        MESSAGES_PER_SECOND: '2000',
        MESSAGE_BURST: '4000',
        BOARD_THREADS: '1',
        ROOM_UNLOAD_DELAY_MS: '60000',
        ...this.settings.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    this.cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    });
    const logs: Array<Record<string, unknown>> = [];
    return new Promise((resolve, reject) => {
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return;
        }
        logs.push(entry);
        if (entry.msg === 'Lanewise is listening' && typeof entry.port === 'number') {
          const instance: Instance = { id, process: child, port: entry.port, http: `http://127.0.0.1:${entry.port}`, ws: `ws://127.0.0.1:${entry.port}`, logs, exited };
          this.instances.push(instance);
          resolve(instance);
        }
      });
      void exited.then((code) => reject(new Error(`instance ${id} exited early with ${code}`)));
    });
  }

  /** Registers something to undo when the test ends. */
  onStop(cleanup: () => unknown): void {
    this.cleanups.push(cleanup);
  }

  async stop(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
  }

  /** A storage on the cluster's schema, for reading what PostgreSQL holds. */
  storage(): PgStorage {
    return new PgStorage({ url: this.settings.databaseUrl ?? testDatabaseUrl(), schema: this.settings.schema, maxConnections: 1 });
  }
}

/** The item ids of the board as PostgreSQL holds it (compacted state plus the log after it). */
export async function storedItemIds(storage: PgStorage, boardId: string): Promise<Set<string>> {
  const stored = await storage.loadBoard(boardId);
  if (!stored) throw new Error(`board ${boardId} is not in PostgreSQL`);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.data);
  for (const update of stored.updates) Y.applyUpdate(doc, update.data);
  const ids = new Set(itemsMap(doc).keys());
  doc.destroy();
  return ids;
}

/**
 * A TCP proxy on a port of its own. `backends` are tried in order for each new connection (the
 * first that accepts gets it: a load balancer's health check, at its simplest). `cut()` drops
 * every open connection and refuses new ones until `restore()`. `stallOn(text)` holds back the
 * first chunk a client sends that contains `text` (a statement to PostgreSQL, say) and everything
 * after it on that connection, and resolves once it did: the statement is in flight, unanswered,
 * until the connection is cut.
 */
export async function tcpProxy(backends: () => number[]): Promise<{ port: number; cut(): void; restore(): void; stallOn(text: string): Promise<void>; close(): Promise<void> }> {
  const open = new Set<Socket>();
  let refusing = false;
  const stalls: Array<{ text: Buffer; seen: () => void }> = [];
  const gate = () =>
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        const index = stalls.findIndex((stall) => chunk.includes(stall.text));
        if (index === -1) return done(null, chunk);
        stalls.splice(index, 1)[0]?.seen(); // `done` is never called: nothing more passes on this connection
      },
    });
  const dial = (ports: number[], client: Socket): void => {
    const [port, ...rest] = ports;
    if (port === undefined) return void client.destroy();
    const upstream = connect({ port, host: '127.0.0.1' });
    let connected = false;
    upstream.once('error', () => {
      if (!connected) dial(rest, client);
      else client.destroy();
    });
    upstream.once('connect', () => {
      connected = true;
      open.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.pipe(gate()).pipe(upstream).pipe(client);
      upstream.once('close', () => (open.delete(upstream), client.destroy()));
      client.once('close', () => upstream.destroy());
    });
  };
  const server: Server = createServer((client) => {
    client.pause();
    if (refusing) return void client.destroy();
    open.add(client);
    client.once('close', () => open.delete(client));
    dial(backends(), client); // pipe() resumes the client once the upstream accepted
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cut() {
      refusing = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore() {
      refusing = false;
    },
    stallOn: (text) => new Promise<void>((seen) => void stalls.push({ text: Buffer.from(text), seen })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A redis-server of the test's own (no persistence: a restart loses every stream), on a free port. */
export async function ownRedis(): Promise<{ url: string; port: number; restart(): Promise<void>; kill(): Promise<void>; start(): Promise<void> }> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitForPort(port);
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await gone;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, kill, restart: async () => (await kill(), await start()) };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}
