import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { BoardPage } from '../src/boardPage.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

/** Screenshots of the real app (LANEWISE_SHOTS=<dir> keeps them). */
const shot = (name: string) => join(process.env.LANEWISE_SHOTS ?? tmpdir(), name);

/**
 * Recorded in the page from its first script on: the first lane's top in the first frame it is
 * in the DOM (read in requestAnimationFrame, i.e. the layout that frame paints), and every
 * layout shift the browser reports (PerformanceObserver 'layout-shift').
 */
const RECORDER = `(() => {
  const record = window.__layout = { firstLaneTop: null, shifts: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) record.shifts.push({ value: entry.value, at: entry.startTime });
  }).observe({ type: 'layout-shift', buffered: true });
  const watch = () => {
    const lane = document.querySelector('[data-testid="lane"]');
    if (lane) {
      requestAnimationFrame(() => { record.firstLaneTop = lane.getBoundingClientRect().top; record.firstLaneAt = performance.now(); });
      return;
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
})();`;

interface LayoutRecord {
  firstLaneTop: number | null;
  firstLaneAt: number;
  shifts: Array<{ value: number; at: number }>;
}

const layoutRecord = (page: Page) => page.evaluate(() => (window as unknown as { __layout: LayoutRecord }).__layout);
/** The first lane's top after the next frame has been laid out. */
const laneTopAfterFrame = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve((document.querySelector('[data-testid="lane"]') as HTMLElement).getBoundingClientRect().top))),
      ),
  );

describe('the facilitator bar on load', () => {
  it('the lanes do not move when the facilitation answer arrives: the owner\'s "Facilitator tools" row is in the first paint', async () => {
    const { links } = await suite.server.links('Layout on load');
    // No service worker: every request of the page goes through the route below.
    const context = await suite.newContext({ serviceWorkers: 'block' });
    // The first visit (name asked, link token kept); the load measured is the next one.
    const first = await BoardPage.open(context, links.owner, 'Fay');
    await first.page.getByText('Facilitator tools', { exact: true }).waitFor();
    const boardUrl = first.page.url();
    await first.page.close();

    // GET …/facilitation is held until the board has been painted: the answer comes after the
    // first paint, whatever the machine's speed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldRequests = 0;
    await context.route('**/api/boards/*/facilitation', async (route: Route) => {
      if (route.request().method() !== 'GET') return route.continue();
      heldRequests++;
      await held;
      await route.continue();
    });
    await context.addInitScript(RECORDER);

    const page = await context.newPage();
    await page.goto(boardUrl);
    await page.waitForFunction(() => (window as unknown as { __layout: LayoutRecord }).__layout.firstLaneTop !== null);
    const before = await layoutRecord(page);
    expect(heldRequests, 'the facilitation request is asked and still unanswered at the first paint').toBe(1);
    await page.screenshot({ path: shot('facilitator-bar-first-paint.png') });

    const answered = page.waitForResponse((response) => response.url().endsWith('/facilitation') && response.request().method() === 'GET');
    release();
    expect((await answered).status()).toBe(200);
    await page.getByText('Facilitator: the board owner (you)').waitFor();
    await page.getByText('Facilitator tools', { exact: true }).waitFor();
    const after = await laneTopAfterFrame(page);
    await page.screenshot({ path: shot('facilitator-bar-answered.png') });

    expect(after, `the lanes' top at first paint (${before.firstLaneTop}px) and once the facilitation request answered (${after}px)`).toBe(before.firstLaneTop);
    // And the browser saw no layout shift once the lanes were on screen.
    const shiftsAfterPaint = (await layoutRecord(page)).shifts.filter((shift) => shift.at >= before.firstLaneAt);
    expect(shiftsAfterPaint, 'layout shifts after the lanes were first painted').toEqual([]);
  });
});
