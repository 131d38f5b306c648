/**
 * Rendering benchmark, in headless Chromium against the real server:
 *   - initial render of a 1,000-card board (reference: a 100-card board in the same run),
 *   - frame times while dragging a card across lanes and while remote moves stream in
 *     (reference: frame times of the same board sitting idle).
 * Results go to docs/benchmarks.md with the machine and date. Run: `pnpm bench`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { addItem, moveItem, readBoard } from '@lanewise/shared';
import type { Page } from 'playwright-core';
import * as prng from 'lib0/prng';
import { BoardPage } from '../src/boardPage.ts';
import { launchChromium } from '../src/browser.ts';
import { LanewiseServer } from '../src/lanewiseServer.ts';
import { connectSeedClient } from '../src/seedClient.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE_MS = 3000;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { frames: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0, over33: sorted.filter((ms) => ms > 33.4).length };
}

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

async function seededBoard(server: LanewiseServer, cards: number): Promise<string> {
  const { url } = await server.createBoard(`Bench ${cards}`);
  const seeder = await connectSeedClient(server.url, url, 'Seeder');
  const lanes = readBoard(seeder.doc)?.lanes.map((lane) => lane.id) ?? [];
  const gen = prng.create(42);
  seeder.doc.transact(() => {
    for (let i = 0; i < cards; i++) addItem(seeder.doc, { title: `Initiative ${i}`, laneId: lanes[i % lanes.length] as string, owner: prng.oneOf(gen, ['Priya', 'Marco', 'Ana']), estimate: prng.int32(gen, 1, 13), tags: ['bench'] });
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  seeder.destroy();
  return url;
}

async function initialRender(browser: Awaited<ReturnType<typeof launchChromium>>, url: string, cards: number): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => localStorage.setItem('lanewise:name', 'Bench'));
  const page = await context.newPage();
  await page.goto(url);
  const name = page.getByLabel('Your name');
  if (await name.isVisible().catch(() => false)) {
    await name.fill('Bench');
    await name.press('Enter');
  }
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="card"]').length >= n, cards, { timeout: 60_000, polling: 'raf' });
  const ms = await page.evaluate(() => performance.now());
  await context.close();
  return ms;
}

async function main(): Promise<void> {
  execFileSync('pnpm', ['--filter', '@lanewise/client', 'build'], { cwd: root, stdio: 'inherit' });
  const server = await LanewiseServer.start();
  const browser = await launchChromium();
  try {
    const small = await seededBoard(server, 100);
    const large = await seededBoard(server, 1000);
    const render100 = await initialRender(browser, small, 100);
    const render1000 = await initialRender(browser, large, 1000);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const board = await BoardPage.open(context, large, 'Bench');
    await board.page.waitForFunction(() => document.querySelectorAll('[data-testid="card"]').length >= 1000, undefined, { timeout: 60_000 });
    const idle = await recordFrames(board.page, () => new Promise((resolve) => setTimeout(resolve, SAMPLE_MS)));

    const dragging = await recordFrames(board.page, async () => {
      const card = board.page.locator('[data-testid="card"]').first();
      const from = await card.boundingBox();
      const lanes = board.page.locator('[data-testid="lane"]');
      const to = await lanes.nth(2).boundingBox();
      if (!from || !to) throw new Error('board not laid out');
      await board.page.mouse.move(from.x + 20, from.y + 10);
      await board.page.mouse.down();
      const started = Date.now();
      for (let step = 0; Date.now() - started < SAMPLE_MS; step++) {
        const t = (step % 60) / 60;
        await board.page.mouse.move(from.x + 20 + (to.x - from.x) * t, from.y + 10 + 200 * Math.sin(t * Math.PI));
      }
      await board.page.keyboard.press('Escape');
      await board.page.mouse.up();
    });

    const remote = await connectSeedClient(server.url, large, 'Remote');
    const remoteLanes = readBoard(remote.doc)?.lanes ?? [];
    const gen = prng.create(7);
    let moves = 0;
    const streaming = await recordFrames(board.page, async () => {
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
    await context.close();

    const idleStats = stats(idle);
    const dragStats = stats(dragging);
    const remoteStats = stats(streaming);
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
    const fmt = (s: ReturnType<typeof stats>) => `${s.frames} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} | ${s.over33}`;
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const chromium = execFileSync('/usr/bin/chromium', ['--version']).toString().trim();
    const report = `## Client rendering — ${new Date().toISOString().slice(0, 10)}

Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${chromium} (headless).
Command: \`pnpm bench\` (e2e/bench/render-bench.ts). Viewport 1280×900.

| measurement | value | reference (same run) | ratio |
| --- | --- | --- | --- |
| initial render, 1,000 cards (navigation → all cards in the DOM) | ${render1000.toFixed(0)} ms | 100 cards: ${render100.toFixed(0)} ms | ${ratio(render1000, render100)} × |
| p95 frame time while dragging a card across lanes | ${dragStats.p95.toFixed(1)} ms | idle board: ${idleStats.p95.toFixed(1)} ms | ${ratio(dragStats.p95, idleStats.p95)} × |
| p95 frame time while ${moves} remote moves stream in (20/s) | ${remoteStats.p95.toFixed(1)} ms | idle board: ${idleStats.p95.toFixed(1)} ms | ${ratio(remoteStats.p95, idleStats.p95)} × |

Frame times (ms) over ${SAMPLE_MS / 1000} s each:

| phase | frames | p50 | p95 | max | frames > 33 ms |
| --- | --- | --- | --- | --- | --- |
| idle | ${fmt(idleStats)} |
| dragging | ${fmt(dragStats)} |
| remote moves streaming | ${fmt(remoteStats)} |
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
    const updated = start >= 0 && next >= 0 ? existing.slice(0, start) + block + existing.slice(next + '<!-- /render-bench -->\n'.length) : `${existing}${block}`;
    writeFileSync(docsPath, updated);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
// Stray reconnect timers of the Node clients must not keep the benchmark alive.
process.exit(0);
