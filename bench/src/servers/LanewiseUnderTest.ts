import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { startFlags } from '../../../scripts/startFlags.mjs';
import { startProcess, stopProcess } from './childProcess.ts';
import { uploadAndConfirm } from './confirmUpload.ts';
import type { BenchBoard, ServerUnderTest } from './ServerUnderTest.ts';

const serverDir = fileURLToPath(new URL('../../../server/', import.meta.url));

/** Builds the compiled server if a source is newer than it (what `pnpm start` runs). */
export function buildLanewise(): void {
  execFileSync(process.execPath, [join(serverDir, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
}

/** The per-address caps, lifted: connections, requests (handshakes count) and board creations. */
export const PER_ADDRESS_CAPS_OFF = { MAX_CONNECTIONS_PER_ADDRESS: '100000', HTTP_REQUESTS_PER_MINUTE: '0', BOARD_CREATIONS_PER_HOUR: '0' } as const;

/**
 * Lanewise as users run it: `node server/dist/main.js`, durable (SQLite in a fresh data
 * directory), default settings except the connection cap per address (every benchmark client
 * comes from 127.0.0.1).
 */
export class LanewiseUnderTest implements ServerUnderTest {
  readonly name = 'Lanewise' as const;

  private constructor(
    private readonly child: ChildProcess,
    private readonly port: number,
    readonly dataDir: string,
    private readonly tokens: Map<string, string>,
    private readonly ownsDataDir: boolean,
  ) {}

  /** Starts a server; on `dataDir` (a restart: boards and their tokens carry over) or a new one. */
  static async start(previous?: LanewiseUnderTest, env: Record<string, string> = {}, extraNodeArgs: readonly string[] = []): Promise<LanewiseUnderTest> {
    const dataDir = previous?.dataDir ?? mkdtempSync(join(tmpdir(), 'lanewise-bench-'));
    const { child, match } = await startProcess(
      process.execPath,
      // BENCH_LANEWISE_NODE_ARGS: extra node flags for profiling (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
      [...startFlags(), ...(process.env.BENCH_LANEWISE_NODE_ARGS ?? '').split(' ').filter(Boolean), ...extraNodeArgs, join(serverDir, 'dist', 'main.js')],
      // Default settings except the caps per client address: every benchmark client comes from 127.0.0.1.
      { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIST: join(dataDir, 'no-client'), ...PER_ADDRESS_CAPS_OFF, ...env },
      /"port":(\d+).*"msg":"Lanewise is listening"/,
      'Lanewise',
    );
    const server = new LanewiseUnderTest(child, Number(match[1]), dataDir, previous?.tokens ?? new Map(), previous ? previous.ownsDataDir : true);
    return server;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get http(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async createBoard(extend: (doc: Y.Doc) => void): Promise<BenchBoard> {
    const response = await fetch(`${this.http}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Benchmark board', template: 'planning' }),
    });
    if (response.status !== 201) throw new Error(`create board: ${response.status} ${await response.text()}`);
    const { id, links } = (await response.json()) as { id: string; links: { editor: string } };
    this.tokens.set(id, new URLSearchParams(links.editor.split('#')[1] ?? '').get('t') ?? '');
    const board = this.board(id);
    const doc = new Y.Doc();
    await uploadAndConfirm((name) => board.url(name), doc, extend);
    doc.destroy();
    return board;
  }

  board(id: string): BenchBoard {
    const token = this.tokens.get(id);
    if (token === undefined) throw new Error(`no token for board ${id}`);
    return { id, url: (name) => `ws://127.0.0.1:${this.port}/sync/${id}?token=${token}&name=${encodeURIComponent(name)}` };
  }

  /** Stops the process (SIGTERM: it stores every board) and keeps the data for a restart. */
  async stop(): Promise<void> {
    await stopProcess(this.child);
  }

  /** Stops and removes the data directory. */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
