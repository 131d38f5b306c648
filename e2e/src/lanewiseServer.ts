import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startFlags } from '../../scripts/startFlags.mjs';

const serverEntry = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));
/** The compiled server (`node server/scripts/build.mjs`), as `pnpm start` runs it. */
const compiledEntry = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));

export interface ServerOptions {
  /**
   * Run the compiled server the way `pnpm start` does (`node <the start script's flags>
   * server/dist/main.js`) instead of the sources through tsx; the caller builds it first.
   * The rendering benchmark uses this: it measures what users get.
   */
  readonly compiled?: boolean;
}
const clientDist = fileURLToPath(new URL('../../client/dist', import.meta.url));

/** The real Lanewise server as a child process on a free loopback port, with its own data dir. */
export class LanewiseServer {
  private child: ChildProcess | null = null;
  port = 0;
  readonly dataDir: string;

  private constructor(
    private readonly env: Record<string, string>,
    private readonly options: ServerOptions = {},
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'lanewise-e2e-'));
  }

  static async start(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<LanewiseServer> {
    const server = new LanewiseServer(env, options);
    await server.spawn();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Restarts on the same port and data directory (kill -9 with `hard`, else SIGTERM). */
  async restart(options: { hard?: boolean; downMs?: number } = {}): Promise<void> {
    await this.stopProcess(options.hard ? 'SIGKILL' : 'SIGTERM');
    if (options.downMs) await new Promise((resolve) => setTimeout(resolve, options.downMs));
    await this.spawn(this.port);
  }

  async stop(): Promise<void> {
    await this.stopProcess('SIGTERM');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Creates a board over the API; returns its id and the URL a user opens (with an owner link if issued). */
  async createBoard(title: string, template: 'planning' | 'now-next-later' = 'planning'): Promise<{ id: string; url: string }> {
    const response = await fetch(`${this.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, template }),
    });
    if (response.status !== 201) throw new Error(`create board: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { id: string; url: string; links?: Record<string, string> };
    return { id: body.id, url: `${this.url}${body.links?.owner ?? body.url}` };
  }

  /** Creates a board (empty planning lanes, or the sample Q3 plan) and returns absolute owner/editor/viewer links. */
  async links(title: string, options: { sample?: boolean; template?: string } = {}): Promise<{ id: string; links: Record<'owner' | 'editor' | 'viewer', string> }> {
    const response = await fetch(`${this.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, template: options.template ?? 'planning', ...(options.sample ? { sample: true } : {}) }),
    });
    const body = (await response.json()) as { id: string; url: string; links?: Record<string, string> };
    const links = Object.fromEntries(Object.entries(body.links ?? {}).map(([role, link]) => [role, `${this.url}${link}`]));
    return { id: body.id, links: links as Record<'owner' | 'editor' | 'viewer', string> };
  }

  private spawn(port = 0): Promise<void> {
    const args = this.options.compiled ? [...startFlags(), compiledEntry] : ['--import', 'tsx', serverEntry];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: this.dataDir, CLIENT_DIST: clientDist, LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === 'Lanewise is listening' && entry.port) {
            this.port = entry.port;
            resolve();
          }
        } catch {
          // not a log line
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    });
  }

  private async stopProcess(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.child = null;
  }
}
