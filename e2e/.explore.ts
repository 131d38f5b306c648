import { BoardPage } from './src/boardPage.ts';
import { launchChromium } from './src/browser.ts';
import { LanewiseServer } from './src/lanewiseServer.ts';
const out = '/work/wt/i9a/.tmp/shots/';
const server = await LanewiseServer.start();
const browser = await launchChromium();
try {
  const created = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Q3 planning', template: 'planning', sample: true }) });
  const { links } = (await created.json()) as { links: Record<string, string> };
  const home = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await home.goto(server.url);
  await home.getByLabel('Board title').waitFor();
  await home.waitForTimeout(500);
  await home.screenshot({ path: `${out}home.png` });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 830 } });
  const owner = await BoardPage.open(ctx, `${server.url}${links.owner}`, 'Priya (PM)');
  await owner.page.waitForTimeout(800);
  await owner.page.screenshot({ path: `${out}owner.png` });
  const vctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const viewer = await BoardPage.open(vctx, `${server.url}${links.viewer}`, 'Ana');
  await viewer.page.waitForTimeout(800);
  await viewer.page.screenshot({ path: `${out}phone-viewer.png` });
  await viewer.cardByTitle('Dark mode').click();
  await viewer.page.waitForTimeout(500);
  await viewer.page.screenshot({ path: `${out}phone-viewer-item.png` });
  console.log('scrollWidth', await viewer.page.evaluate(() => document.documentElement.scrollWidth));
  // hard limit dialog
  await owner.page.getByRole('button', { name: 'Board settings' }).click();
  await owner.page.getByLabel(/Hard/).check();
  await owner.page.getByRole('button', { name: 'Save' }).click();
  owner.topLaneReason = 'ask';
  await owner.dragCard('Dark mode', { lane: 'P1' });
  await owner.page.waitForTimeout(500);
  await owner.page.screenshot({ path: `${out}hard-limit.png` });
  await owner.page.keyboard.press('Escape');
  await owner.page.getByRole('button', { name: 'People' }).click();
  await owner.page.waitForTimeout(300);
  await owner.page.screenshot({ path: `${out}people.png` });
  await owner.page.getByRole('button', { name: 'Trade-offs', exact: true }).click();
  await owner.page.waitForTimeout(500);
  await owner.page.screenshot({ path: `${out}tradeoffs.png` });
  await owner.page.getByRole('button', { name: 'Impact vs health' }).click();
  await owner.page.waitForTimeout(300);
  await owner.page.screenshot({ path: `${out}impact-health.png` });
} finally {
  await browser.close();
  await server.stop();
}
