import { updateBoardMeta } from '@lanewise/shared';
import { BoardPage } from './src/boardPage.ts';
import { boardApi } from './src/boardApi.ts';
import { launchChromium } from './src/browser.ts';
import { LanewiseServer } from './src/lanewiseServer.ts';
import { connectSeedClient } from './src/seedClient.ts';
const out = '/work/wt/i9a/.tmp/shots/';
const server = await LanewiseServer.start();
const browser = await launchChromium();
try {
  const { links } = await server.links('Q3 planning', { sample: true });
  const seed = await connectSeedClient(server.url, links.owner, 'Seeder');
  updateBoardMeta(seed.doc, { limitMode: 'hard' });
  for (let i = 0; i < 100; i++) { const b = await boardApi<{ board: { meta: { limitMode: string } } }>(server.url, links.owner, ''); if (b.board.meta.limitMode === 'hard') break; await new Promise((r) => setTimeout(r, 100)); }
  seed.destroy();
  for (const [name, viewport] of [['dialog-830', { width: 1280, height: 830 }], ['dialog-phone', { width: 390, height: 844 }]] as const) {
    const ctx = await browser.newContext({ viewport });
    const owner = await BoardPage.open(ctx, links.owner, 'Priya (PM)');
    await owner.keyboardMove('Dark mode', ['ArrowLeft']);
    await owner.page.getByTestId('move-decision-dialog').waitFor();
    await owner.page.waitForTimeout(300);
    await owner.page.screenshot({ path: `${out}${name}.png` });
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
