import { BoardPage } from './src/boardPage.ts';
import { launchChromium } from './src/browser.ts';
import { LanewiseServer } from './src/lanewiseServer.ts';
const out = '/work/wt/i9a/.tmp/shots/';
const server = await LanewiseServer.start();
const browser = await launchChromium();
try {
  const { links } = await server.links('Q3 planning', { sample: true });
  for (const width of [1440, 1280]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    const b = await BoardPage.open(ctx, links.owner, 'Priya (PM)');
    await b.page.getByRole('button', { name: 'History', exact: true }).click();
    await b.page.waitForTimeout(500);
    await b.page.screenshot({ path: `${out}history-${width}.png` });
    console.log(width, await b.page.evaluate(() => [...document.querySelectorAll('[data-testid="lane"], [data-testid="history-sidebar"], .add-lane, .board-content, .lanes')].map((e) => `${(e as HTMLElement).dataset.laneName ?? e.className} ${Math.round(e.getBoundingClientRect().left)}-${Math.round(e.getBoundingClientRect().right)}`)));
    await b.cardByTitle('Dark mode').click();
    await b.page.waitForTimeout(400);
    await b.page.screenshot({ path: `${out}item-${width}.png` });
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
