/**
 * Rendering benchmark, in headless Chromium against the real server, on a 100-card and a
 * 1,000-card board:
 *   - initial render: navigation → cards on screen painted, and board data in the client → painted,
 *   - pick-up: the pointer move that starts a drag → the first frame showing the dragged card,
 *   - frame times while dragging a card across lanes, while 20 remote moves/s stream in, and while
 *     50 simulated participants (real websocket clients sending awareness) move their cursors;
 *     reference: frame times of the same board sitting idle.
 * Results go to docs/benchmarks.md with the machine and date. Run: `pnpm bench`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { moveItem, readBoard } from '@lanewise/shared';
import type { Browser, Page } from 'playwright-core';
import * as prng from 'lib0/prng';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { BoardPage } from '../src/boardPage.ts';
import { bundleSize } from '../src/bundleSize.ts';
import { launchChromium } from '../src/browser.ts';
import { LanewiseServer } from '../src/lanewiseServer.ts';
import { connectSeedClient } from '../src/seedClient.ts';
import { initialRender, seededBoard, type RenderTiming } from './boardLoad.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE_MS = 3000;
const RENDER_RUNS = 3;
const PICKUPS = 5;
const PARTICIPANTS = 50;
/** Each simulated participant sends its cursor this often (the client's own cap is ~20/s). */
const CURSOR_INTERVAL_MS = 50;

type Stats = ReturnType<typeof stats>;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { frames: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0, over33: sorted.filter((ms) => ms > 33.4).length };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function recordFrames(page: Page, during: () => Promise<void>): Promise<number[]> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__recording = true;
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await during();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    return w.__frames.slice(1);
  });
}

/** Pointer down on a card, one move past the activation distance; ms from that move to the first frame showing the drag. */
async function pickUp(page: Page, index: number): Promise<number> {
  // The index-th card that is wholly in view (the board's header bars can push later cards below the fold).
  const visible = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="card"]')].flatMap((card, i) => {
      const rect = card.getBoundingClientRect();
      return rect.top >= 0 && rect.bottom <= innerHeight && rect.left >= 0 && rect.right <= innerWidth ? [i] : [];
    }),
  );
  if (visible.length === 0) throw new Error('no card in view');
  const card = page.locator('[data-testid="card"]').nth(visible[index % visible.length] as number);
  const box = await card.boundingBox();
  if (!box) throw new Error('card not laid out');
  await page.evaluate(`(() => {
    window.__pickup = new Promise((resolve) => {
      let start = null;
      const onMove = (event) => { if (start === null && event.buttons === 1) start = performance.now(); };
      addEventListener('pointermove', onMove, true);
      const observer = new MutationObserver(() => {
        if (!document.querySelector('.card.overlay')) return;
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => {
          removeEventListener('pointermove', onMove, true);
          resolve(performance.now() - start);
        }, 0));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  })()`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 12, box.y + box.height / 2 + 12);
  const ms = (await page.evaluate('window.__pickup')) as number;
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await page.waitForFunction(() => !document.querySelector('.card.overlay'));
  return ms;
}

/** A simulated participant: a real websocket client on the board's sync endpoint that only sends awareness (its cursor). */
async function participant(serverUrl: string, boardUrl: string, index: number): Promise<{ move: (t: number) => void; close: () => void }> {
  const url = new URL(boardUrl);
  const boardId = url.pathname.split('/').at(-1) as string;
  const token = new URLSearchParams(url.hash.slice(1)).get('t') ?? '';
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/sync/${boardId}?name=P${index}&token=${encodeURIComponent(token)}`);
  ws.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('message', () => undefined); // the relay of everyone else's cursors: received, not decoded
  const awareness = new Awareness(new Y.Doc());
  const color = `#${(0x204060 + index * 0x030507).toString(16).slice(-6).padStart(6, '0')}`;
  awareness.setLocalState({ user: { name: `Participant ${index}`, color }, cursor: null, dragging: null });
  const cx = 100 + (index % 10) * 110;
  const cy = 150 + Math.floor(index / 10) * 130;
  return {
    move(t: number) {
      const angle = t / 400 + index;
      awareness.setLocalStateField('cursor', { x: Math.round(cx + 60 * Math.cos(angle)), y: Math.round(cy + 50 * Math.sin(angle)) });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1); // messageAwareness
      encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
      if (ws.readyState === WebSocket.OPEN) ws.send(encoding.toUint8Array(encoder));
    },
    close() {
      awareness.destroy();
      ws.close();
    },
  };
}

interface SizeResult {
  readonly cards: number;
  readonly renders: RenderTiming[];
  readonly pickups: number[];
  readonly idle: Stats;
  readonly drag: Stats;
  readonly remote: Stats;
  readonly moves: number;
  readonly cursors: Stats;
  readonly cursorMessages: number;
}

async function measureBoard(browser: Browser, server: LanewiseServer, cards: number): Promise<SizeResult> {
  const progress = (what: string) => console.error(`[bench ${cards}] ${what}`);
  const url = await seededBoard(server, cards);
  progress('seeded');
  const renders: RenderTiming[] = [];
  for (let run = 0; run < RENDER_RUNS; run++) renders.push(await initialRender(browser, url, cards));

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const board = await BoardPage.open(context, url, 'Bench');
  const page = board.page;
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="card"]').length >= n, Math.min(cards, 40), { timeout: 60_000 });
  progress(`initial renders ${renders.map((r) => Math.round(r.total)).join(', ')} ms`);
  const idle = await recordFrames(page, () => new Promise((resolve) => setTimeout(resolve, SAMPLE_MS)));
  progress('idle frames');

  const pickups: number[] = [];
  for (let i = 0; i < PICKUPS; i++) pickups.push(await pickUp(page, i));
  progress(`pick-ups ${pickups.map((ms) => ms.toFixed(1)).join(', ')} ms`);

  const dragging = await recordFrames(page, async () => {
    const card = page.locator('[data-testid="card"]').first();
    const from = await card.boundingBox();
    const to = await page.locator('[data-testid="lane"]').nth(2).boundingBox();
    if (!from || !to) throw new Error('board not laid out');
    await page.mouse.move(from.x + 20, from.y + 10);
    await page.mouse.down();
    const started = Date.now();
    for (let step = 0; Date.now() - started < SAMPLE_MS; step++) {
      const t = (step % 60) / 60;
      await page.mouse.move(from.x + 20 + (to.x - from.x) * t, from.y + 10 + 200 * Math.sin(t * Math.PI));
    }
    await page.keyboard.press('Escape');
    await page.mouse.up();
  });

  progress('drag frames');
  const remote = await connectSeedClient(server.url, url, 'Remote');
  const remoteLanes = readBoard(remote.doc)?.lanes ?? [];
  const gen = prng.create(7);
  let moves = 0;
  const streaming = await recordFrames(page, async () => {
    const started = Date.now();
    while (Date.now() - started < SAMPLE_MS) {
      const lane = prng.oneOf(gen, [...remoteLanes]);
      const items = readBoard(remote.doc)?.lanes.flatMap((l) => l.items) ?? [];
      moveItem(remote.doc, prng.oneOf(gen, items).id, { laneId: lane.id, position: prng.bool(gen) ? 'top' : 'bottom' });
      moves++;
      await new Promise((resolve) => setTimeout(resolve, 50)); // 20 remote moves per second
    }
  });
  remote.destroy();
  progress('remote frames');

  const people = await Promise.all(Array.from({ length: PARTICIPANTS }, (_, i) => participant(server.url, url, i)));
  let cursorMessages = 0;
  const started = Date.now();
  const timers = people.map((person, i) =>
    setTimeout(() => {
      person.move(Date.now() - started);
      cursorMessages++;
      timers[i] = setInterval(() => {
        person.move(Date.now() - started);
        cursorMessages++;
      }, CURSOR_INTERVAL_MS);
    }, (i * CURSOR_INTERVAL_MS) / PARTICIPANTS),
  );
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="remote-cursor"]').length >= n, PARTICIPANTS, { timeout: 30_000 });
  cursorMessages = 0;
  const cursors = await recordFrames(page, () => new Promise((resolve) => setTimeout(resolve, SAMPLE_MS)));
  const sent = cursorMessages;
  for (const timer of timers) clearInterval(timer);
  for (const person of people) person.close();
  await context.close();

  return { cards, renders, pickups, idle: stats(idle), drag: stats(dragging), remote: stats(streaming), moves, cursors: stats(cursors), cursorMessages: sent };
}

async function main(): Promise<void> {
  execFileSync('pnpm', ['--filter', '@lanewise/client', 'build'], { cwd: root, stdio: 'inherit' });
  // The server as users run it (`pnpm start`): compiled, not the sources through tsx.
  execFileSync(process.execPath, ['server/scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const server = await LanewiseServer.start({}, { compiled: true });
  const browser = await launchChromium();
  try {
    // Warm-up: the first page of a fresh browser compiles the bundle; not measured.
    await initialRender(browser, await seededBoard(server, 10), 10);
    const results = [await measureBoard(browser, server, 100), await measureBoard(browser, server, 1000)];

    const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
    const frameRow = (label: string, pick: (r: SizeResult) => Stats) =>
      `| ${label} | ${results.map((r) => `${ms(pick(r).p95)} (${pick(r).frames} frames, max ${ms(pick(r).max)}, idle p95 ${ms(r.idle.p95)}, ${(pick(r).p95 / r.idle.p95).toFixed(2)} ×)`).join(' | ')} |`;
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const chromium = execFileSync('/usr/bin/chromium', ['--version']).toString().trim();
    const [small, large] = results as [SizeResult, SizeResult];
    const bundle = bundleSize(`${root}/client/dist`);
    const report = `## Client rendering — ${new Date().toISOString().slice(0, 10)}

Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${chromium} (headless).
Command: \`pnpm --filter @lanewise/e2e bench\` (e2e/bench/render-bench.ts), under \`flock -x /tmp/lw-cpu.lock\`. Viewport 1280×900.
Initial render: median of ${RENDER_RUNS} page loads (fresh browser context each, after one warm-up load). Pick-up: median and slowest of
${PICKUPS} pick-ups, from the pointer move that starts the drag to the end of the first frame showing it. Frames: ${SAMPLE_MS / 1000} s each;
remote moves are written by a y-websocket client at 20/s; the ${PARTICIPANTS} participants are raw websocket clients each sending its
cursor (awareness) every ${CURSOR_INTERVAL_MS} ms (${small.cursorMessages} and ${large.cursorMessages} messages during the two samples).

| measurement | 100 cards | 1,000 cards | target (100 / 1,000) |
| --- | --- | --- | --- |
| initial render: board data in the client → cards on screen painted | ${ms(median(small.renders.map((r) => r.render)))} | ${ms(median(large.renders.map((r) => r.render)))} | — / ≤ 500 ms |
| initial render: navigation → cards on screen painted (bundle, connect, sync, render) | ${ms(median(small.renders.map((r) => r.total)))} | ${ms(median(large.renders.map((r) => r.total)))} | — / ≤ 500 ms |
| pick-up (median, slowest) | ${ms(median(small.pickups))}, ${ms(Math.max(...small.pickups))} | ${ms(median(large.pickups))}, ${ms(Math.max(...large.pickups))} | ≤ 17 ms / ≤ 100 ms |
${frameRow('p95 frame while dragging a card across lanes', (r) => r.drag)} ≤ 17 ms / ≤ 20 ms |
${frameRow(`p95 frame while remote moves stream in (20/s; ${small.moves} and ${large.moves} moves)`, (r) => r.remote)} ≤ 17 ms / ≤ 20 ms |
${frameRow(`p95 frame while ${PARTICIPANTS} participants move cursors`, (r) => r.cursors)} ≤ 17 ms / ≤ 20 ms |
| idle p95 frame (reference) | ${ms(small.idle.p95)} | ${ms(large.idle.p95)} | — |

JS a board loads (the page's scripts and preloads, service worker included; gzip -9): ${(bundle.initialGzip / 1024).toFixed(1)} kB (target ≤ 250 kB); in lazy chunks, fetched when used or after the board is on screen (the editor, panels, dialogs, history, retro UI, home page): ${(bundle.lazyGzip / 1024).toFixed(1)} kB.
`;
    console.log(report);
    const docsPath = `${root}/docs/benchmarks.md`;
    let existing = '';
    try {
      existing = readFileSync(docsPath, 'utf8');
    } catch {
      existing = '# Benchmarks\n\nEach run appends its results with the machine and date. Shared machines are noisy: compare ratios against the reference measured in the same run, not absolute numbers across runs.\n\n';
    }
    const marker = '<!-- render-bench -->';
    const start = existing.indexOf(marker);
    const next = start >= 0 ? existing.indexOf('<!-- /render-bench -->', start) : -1;
    const block = `${marker}\n${report}<!-- /render-bench -->\n`;
    // The previous round stays above the new one, marked superseded (its heading says so).
    const previous = start >= 0 && next >= 0 ? existing.slice(start + marker.length + 1, next).replace(/^## Client rendering — (\d{4}-\d{2}-\d{2})(?! \()/m, '## Client rendering — $1 (superseded by the round below)') : '';
    const updated = start >= 0 && next >= 0 ? existing.slice(0, start) + previous + '\n' + block + existing.slice(next + '<!-- /render-bench -->\n'.length) : `${existing}${block}`;
    writeFileSync(docsPath, updated);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
// Stray reconnect timers of the Node clients must not keep the benchmark alive.
process.exit(0);
