import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import * as Y from 'yjs';
import { startProcess, stopProcess } from './childProcess.ts';
import { uploadAndConfirm } from './confirmUpload.ts';
import type { BenchBoard, ServerUnderTest } from './ServerUnderTest.ts';

/** The reference's server script, from the installed `@y/websocket-server` 0.1.1 package. */
function referenceScript(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@y/websocket-server/package.json')), 'src', 'server.js');
}

/** A free loopback port (the reference cannot listen on port 0 and say which it got). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let boards = 0;

/** `@y/websocket-server` 0.1.1 as published (`y-websocket-server`), in memory: no persistence at all. */
export class ReferenceUnderTest implements ServerUnderTest {
  readonly name = 'reference' as const;

  private constructor(
    private readonly child: ChildProcess,
    private readonly port: number,
  ) {}

  static async start(): Promise<ReferenceUnderTest> {
    const port = await freePort();
    // BENCH_REFERENCE_NODE_ARGS: extra node flags for profiling the reference (see CONTEXT.md).
    const { child } = await startProcess(process.execPath, [...(process.env.BENCH_REFERENCE_NODE_ARGS ?? '').split(' ').filter(Boolean), referenceScript()], { ...process.env, HOST: '127.0.0.1', PORT: String(port) }, /running at/, 'reference');
    return new ReferenceUnderTest(child, port);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** The reference creates a document when the first client names it; the uploader brings the content. */
  async createBoard(extend: (doc: Y.Doc) => void): Promise<BenchBoard> {
    const board = this.board(`bench-${process.pid}-${++boards}`);
    const doc = new Y.Doc();
    extend(doc);
    await uploadAndConfirm((name) => board.url(name), doc);
    doc.destroy();
    return board;
  }

  board(id: string): BenchBoard {
    return { id, url: () => `ws://127.0.0.1:${this.port}/${id}` };
  }

  async stop(): Promise<void> {
    await stopProcess(this.child);
  }
}
