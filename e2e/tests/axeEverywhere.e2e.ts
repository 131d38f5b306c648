import { updateBoardMeta } from '@lanewise/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/axe.ts';
import { boardApi } from '../src/boardApi.ts';
import { BoardPage, poll } from '../src/boardPage.ts';
import { connectSeedClient } from '../src/seedClient.ts';
import { lanewiseSuite } from '../src/suite.ts';
import { TradeoffVerbs } from '../src/tradeoffVerbs.ts';

const suite = lanewiseSuite();

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true },
} as const;

/** Runs axe on what the page shows now and files serious/critical findings under `state`. */
async function audit(page: Page, state: string, findings: Record<string, string[]>): Promise<void> {
  const violations = await seriousViolations(page);
  if (violations.length > 0) findings[state] = violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`);
}

describe('axe: no serious or critical findings on any page, panel or dialog', () => {
  for (const [name, options] of Object.entries(VIEWPORTS)) {
    it(`${name}: home, board, history, replay, trade-offs, people, settings, share, item, estimation, hard-limit dialog, viewer`, async () => {
      const findings: Record<string, string[]> = {};
      const { links } = await suite.server.links(`Axe ${name}`, { sample: true });
      const seed = await connectSeedClient(suite.server.url, links.owner, 'Seeder');
      updateBoardMeta(seed.doc, { limitMode: 'hard' });
      await poll(async () => (await boardApi<{ board: { meta: { limitMode: string } } }>(suite.server.url, links.owner, '')).board.meta.limitMode === 'hard', 'hard limits stored');
      seed.destroy();
      // axe is injected as an inline script, which the server's CSP (rightly) forbids.
      const context = await suite.newContext({ ...options, bypassCSP: true });
      const home = await context.newPage();
      await home.goto(suite.server.url);
      await home.getByLabel('Board title').waitFor();
      await audit(home, 'home', findings);
      await home.close();

      const owner = await BoardPage.open(context, links.owner, 'Priya (PM)');
      const page = owner.page;
      await audit(page, 'board', findings);
      const does = new TradeoffVerbs(owner);

      await page.getByRole('button', { name: 'History', exact: true }).click();
      await page.getByTestId('history-sidebar').waitFor();
      await audit(page, 'history: decisions', findings);
      await page.getByRole('tab', { name: 'Snapshots' }).click();
      await page.getByRole('button', { name: /Replay the board’s history/ }).waitFor();
      await audit(page, 'history: snapshots', findings);
      await page.getByRole('button', { name: 'Hide history' }).click();

      await does.showTradeoffs();
      await audit(page, 'trade-offs: benefit vs effort', findings);
      await page.getByRole('button', { name: 'Impact vs health' }).click();
      await audit(page, 'trade-offs: impact vs health', findings);
      await page.getByRole('button', { name: 'Lanes', exact: true }).click();

      await page.getByRole('button', { name: /^People/ }).click();
      await page.getByRole('complementary', { name: 'People' }).waitFor();
      await audit(page, 'people', findings);
      await owner.closePanel();
      await page.getByRole('button', { name: 'Board settings' }).click();
      await page.getByRole('complementary', { name: 'Board settings' }).waitFor();
      await audit(page, 'board settings', findings);
      await owner.closePanel();

      await page.getByRole('button', { name: 'Share', exact: true }).click();
      await page.getByRole('dialog').getByLabel('Editor link').waitFor();
      await audit(page, 'share dialog', findings);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await does.openItem('Dark mode');
      await audit(page, 'item panel', findings);
      await owner.closePanel();
      await does.startEstimation('Dark mode');
      await audit(page, 'estimation round', findings);

      await owner.keyboardMove('Dark mode', ['ArrowLeft']);
      await page.getByTestId('move-decision-dialog').waitFor();
      await audit(page, 'hard-limit dialog', findings);
      await page.getByTestId('move-cancel').click();
      await page.getByTestId('move-decision-dialog').waitFor({ state: 'detached' });

      await owner.keyboardMove('Dark mode', ['ArrowRight']);
      await poll(async () => (await owner.titlesIn('Later')).includes('Dark mode'), 'a decision to replay');
      await page.getByRole('button', { name: 'History', exact: true }).click();
      await page.getByRole('tab', { name: 'Snapshots' }).click();
      await page.getByRole('button', { name: /Replay the board’s history/ }).click();
      await page.getByRole('dialog', { name: 'Board history' }).getByTestId('replay-board').waitFor();
      await audit(page, 'replay', findings);
      await page.getByRole('button', { name: 'Close history' }).click();

      const viewer = await BoardPage.open(await suite.newContext({ ...options, bypassCSP: true }), links.viewer, 'Vera');
      await audit(viewer.page, 'viewer board', findings);
      await viewer.cardByTitle('Dark mode').click();
      await viewer.page.getByTestId('item-details').waitFor();
      await audit(viewer.page, 'viewer item details', findings);

      expect(findings).toEqual({});
    });
  }
});
