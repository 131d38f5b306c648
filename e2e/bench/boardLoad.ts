/**
 * What the render benchmark and the initial-load A/B share: a seeded board of N cards, and one cold
 * page load measured from navigation to the cards on screen painted.
 */
import { addItem, readBoard } from '@lanewise/shared';
import type { Browser } from 'playwright-core';
import * as prng from 'lib0/prng';
import type { LanewiseServer } from '../src/lanewiseServer.ts';
import { connectSeedClient } from '../src/seedClient.ts';

export async function seededBoard(server: LanewiseServer, cards: number): Promise<string> {
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

export interface RenderTiming {
  /** Navigation start → the cards on screen painted (bundle, connection, sync and render). */
  readonly total: number;
  /** Board data in the client (the client's `lanewise:board-data` mark) → the cards on screen painted. */
  readonly render: number;
}

export async function initialRender(browser: Browser, url: string, cards: number): Promise<RenderTiming> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => localStorage.setItem('lanewise:name', 'Bench'));
  // Each frame, until enough cards are in the DOM; then the time after that frame (its paint included).
  await context.addInitScript(`(() => {
    const want = ${Math.min(cards, 40)};
    const check = () => {
      if (document.querySelectorAll('[data-testid="card"]').length >= want) {
        setTimeout(() => { window.__painted = performance.now(); }, 0);
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })()`);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as unknown as { __painted?: number }).__painted === 'number', undefined, { timeout: 60_000 });
  const timing = await page.evaluate(() => {
    const painted = (window as unknown as { __painted: number }).__painted;
    const data = performance.getEntriesByName('lanewise:board-data')[0]?.startTime ?? Number.NaN;
    return { total: painted, render: painted - data };
  });
  await context.close();
  return timing;
}
