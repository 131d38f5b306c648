import { BoardPage } from './src/boardPage.ts';
import { launchChromium } from './src/browser.ts';
import { LanewiseServer } from './src/lanewiseServer.ts';
const out = '/work/wt/i9a/.tmp/shots/';
const server = await LanewiseServer.start();
const browser = await launchChromium();
try {
  const { links } = await server.links('Q3 planning', { sample: true });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const owner = await BoardPage.open(ctx, links.owner, 'Priya (PM)');
  await owner.page.getByRole('button', { name: 'Trade-offs', exact: true }).click();
  await owner.page.waitForTimeout(400);
  await owner.page.screenshot({ path: `${out}benefit.png` });
  await owner.page.getByRole('button', { name: 'Impact vs health' }).click();
  await owner.page.waitForTimeout(400);
  await owner.page.screenshot({ path: `${out}impact.png` });
  await owner.page.getByRole('button', { name: /^People/ }).click();
  await owner.page.waitForTimeout(400);
  await owner.page.screenshot({ path: `${out}people.png` });
  await owner.page.getByRole('button', { name: 'Board settings' }).click();
  await owner.page.waitForTimeout(400);
  await owner.page.screenshot({ path: `${out}settings.png` });
} finally {
  await browser.close();
  await server.stop();
}
