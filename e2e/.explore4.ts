import { BoardPage } from './src/boardPage.ts';
import { launchChromium } from './src/browser.ts';
import { LanewiseServer } from './src/lanewiseServer.ts';
const out = '/work/wt/i9a/.tmp/shots/';
const server = await LanewiseServer.start();
const browser = await launchChromium();
try {
  const { links } = await server.links('Q3 planning — Product & Engineering', { sample: true });
  for (const role of ['viewer', 'editor'] as const) {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const b = await BoardPage.open(ctx, links[role], 'Priya (PM)');
    await b.page.waitForTimeout(500);
    await b.page.screenshot({ path: `${out}phone-${role}.png` });
    const wide = await b.page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.board-scroller')).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 10));
    console.log(role, 'scrollWidth', await b.page.evaluate(() => document.documentElement.scrollWidth), wide);
    await b.cardByTitle('SSO with SAML for enterprise tier').click();
    await b.page.waitForTimeout(400);
    await b.page.screenshot({ path: `${out}phone-${role}-item.png` });
    await b.page.getByRole('button', { name: 'Close panel' }).click();
    await b.page.getByRole('button', { name: 'History', exact: true }).click();
    await b.page.waitForTimeout(600);
    await b.page.screenshot({ path: `${out}phone-${role}-history.png` });
    await ctx.close();
  }
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const v = await BoardPage.open(ctx, links.viewer, 'Vera');
  await v.cardByTitle('Dark mode').click();
  await v.page.waitForTimeout(400);
  await v.page.screenshot({ path: `${out}viewer-desktop-item.png` });
} finally {
  await browser.close();
  await server.stop();
}
