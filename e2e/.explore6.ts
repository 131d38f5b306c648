import { BoardPage } from './src/boardPage.ts';
import { launchChromium } from './src/browser.ts';
import { LanewiseServer } from './src/lanewiseServer.ts';
const server = await LanewiseServer.start();
const browser = await launchChromium();
try {
  const { links } = await server.links('Q3 planning', { sample: true });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const b = await BoardPage.open(ctx, links.owner, 'Priya (PM)');
  console.log(await b.page.evaluate(() => {
    const lane = document.querySelector<HTMLElement>('[data-testid="lane"]')!;
    lane.style.flex = 'none'; lane.style.width = '208px'; lane.style.minWidth = '208px';
    const r = lane.getBoundingClientRect().right;
    return [...lane.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > r + 1).slice(0, 8).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right - r)} ${getComputedStyle(e).whiteSpace}`);
  }));
  console.log(await b.page.evaluate(() => getComputedStyle(document.querySelector('.board-content')!).minWidth));
} finally {
  await browser.close();
  await server.stop();
}
