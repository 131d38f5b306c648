/**
 * Interleaved A/B of a cold navigation to a 1,000-card board: two compiled servers, one serving
 * a reference client build (`AB_REFERENCE_DIST`, e.g. main's `client/dist`), one this checkout's,
 * loads alternating so that load from outside hits both alike. Prints medians; no file written.
 * Run: `AB_REFERENCE_DIST=/path/to/dist flock -x /tmp/lw-cpu.lock pnpm exec tsx bench/initial-load-ab.ts`
 * (build this checkout's client and the server first).
 */
import { fileURLToPath } from 'node:url';
import { addItem, readBoard } from '@lanewise/shared';
import type { Browser } from 'playwright-core';
import * as prng from 'lib0/prng';
import { launchChromium } from '../src/browser.ts';
import { LanewiseServer } from '../src/lanewiseServer.ts';
import { connectSeedClient } from '../src/seedClient.ts';

const CARDS = 1000;
const LOADS = Number(process.env.AB_LOADS ?? 6);
const reference = process.env.AB_REFERENCE_DIST;
if (!reference) throw new Error('Set AB_REFERENCE_DIST to the reference client build.');

async function seeded(server: LanewiseServer): Promise<string> {
  const { url } = await server.createBoard('A/B');
  const seeder = await connectSeedClient(server.url, url, 'Seeder');
  const lanes = readBoard(seeder.doc)?.lanes.map((lane) => lane.id) ?? [];
  const gen = prng.create(42);
  seeder.doc.transact(() => {
    for (let i = 0; i < CARDS; i++) addItem(seeder.doc, { title: `Initiative ${i}`, laneId: lanes[i % lanes.length] as string, owner: prng.oneOf(gen, ['Priya', 'Marco', 'Ana']), estimate: prng.int32(gen, 1, 13), tags: ['bench'] });
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  seeder.destroy();
  return url;
}

/** Navigation start → 40 cards in the DOM and the frame after painted (as the render benchmark measures). */
async function load(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => localStorage.setItem('lanewise:name', 'Bench'));
  await context.addInitScript(`(() => {
    const check = () => {
      if (document.querySelectorAll('[data-testid="card"]').length >= 40) { setTimeout(() => { window.__painted = performance.now(); }, 0); return; }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })()`);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as unknown as { __painted?: number }).__painted === 'number', undefined, { timeout: 60_000 });
  const painted = (await page.evaluate('window.__painted')) as number;
  await context.close();
  return painted;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const ref = await LanewiseServer.start({ CLIENT_DIST: reference }, { compiled: true });
const mine = await LanewiseServer.start({ CLIENT_DIST: fileURLToPath(new URL('../../client/dist', import.meta.url)) }, { compiled: true });
const browser = await launchChromium();
try {
  const urls = { reference: await seeded(ref), branch: await seeded(mine) };
  await load(browser, urls.reference);
  await load(browser, urls.branch);
  const times: Record<'reference' | 'branch', number[]> = { reference: [], branch: [] };
  for (let i = 0; i < LOADS; i++) {
    for (const which of (i % 2 === 0 ? ['reference', 'branch'] : ['branch', 'reference']) as Array<'reference' | 'branch'>) times[which].push(await load(browser, urls[which]));
  }
  const show = (values: number[]) => `median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(', ')})`;
  console.log(`navigation → painted, ${CARDS} cards, ${LOADS} interleaved loads each`);
  console.log(`reference: ${show(times.reference)}`);
  console.log(`branch:    ${show(times.branch)}`);
  console.log(`ratio branch / reference: ${(median(times.branch) / median(times.reference)).toFixed(2)}`);
} finally {
  await browser.close();
  await ref.stop();
  await mine.stop();
}
process.exit(0);
