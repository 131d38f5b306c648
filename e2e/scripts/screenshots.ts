/**
 * Regenerates the README's screenshots from a real server and browser:
 *   pnpm --filter @lanewise/e2e screenshots
 * (after `pnpm --filter @lanewise/client build`). Writes docs/screenshots/*.png.
 */
import { updateBoardMeta } from '@lanewise/shared';
import { fileURLToPath } from 'node:url';
import { boardApi } from '../src/boardApi.ts';
import { BoardPage, poll } from '../src/boardPage.ts';
import { launchChromium } from '../src/browser.ts';
import { LanewiseServer } from '../src/lanewiseServer.ts';
import { connectSeedClient } from '../src/seedClient.ts';

const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const server = await LanewiseServer.start();
const browser = await launchChromium();
try {
  const { links } = await server.links('Q3 planning — Product & Engineering', { sample: true });

  const home = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await home.goto(server.url);
  await home.getByLabel('Board title').waitFor();
  await home.screenshot({ path: `${out}home.png` });
  await home.close();

  const danaContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const leeContext = await browser.newContext({ viewport: { width: 1280, height: 830 } });
  const dana = await BoardPage.open(danaContext, links.owner, 'Dana');
  const lee = await BoardPage.open(leeContext, links.editor, 'Lee');
  await dana.waitForLayout((layout) => (layout.P0?.length ?? 0) > 0, 'the sample board');

  // A few decisions with reasons, made by Lee: into P0 (asks why), then under hard limits into the full P0.
  lee.topLaneReason = 'ask';
  await lee.dragCard('Public API rate limits', { lane: 'P0' });
  const dialog = lee.page.getByTestId('move-decision-dialog');
  await dialog.getByLabel('Reason', { exact: true }).fill('Abuse from one tenant took the API down twice this month');
  await dialog.getByRole('button', { name: 'Move with reason' }).click();
  lee.topLaneReason = 'skip';
  const seed = await connectSeedClient(server.url, links.owner, 'Dana');
  updateBoardMeta(seed.doc, { limitMode: 'hard' });
  await poll(async () => (await boardApi<{ board: { meta: { limitMode: string } } }>(server.url, links.owner, '')).board.meta.limitMode === 'hard', 'hard limits');
  seed.destroy();
  await lee.keyboardMove('Dark mode', ['ArrowLeft', 'ArrowLeft']);
  await dialog.waitFor();
  await lee.page.waitForTimeout(300); // let the dialog's opening settle for the picture
  await lee.page.screenshot({ path: `${out}hard-limit.png` });
  await dialog.getByRole('button', { name: /^Demote/ }).click();

  // Lee's cursor over the board, as Dana sees it, with the decision feed open beside it.
  const box = await lee.lane('P1').boundingBox();
  if (box) await lee.page.mouse.move(box.x + box.width / 2, box.y + 220, { steps: 5 });
  await dana.page.getByRole('button', { name: 'History', exact: true }).click();
  await dana.page.getByText('Log intact').waitFor();
  await dana.page.waitForTimeout(500);
  await dana.page.screenshot({ path: `${out}board.png` });
  await dana.page.getByRole('button', { name: 'Hide history' }).click();

  await dana.page.getByRole('button', { name: 'Trade-offs', exact: true }).click();
  await dana.page.getByTestId('tradeoff-view').waitFor();
  await dana.page.waitForTimeout(300);
  await dana.page.screenshot({ path: `${out}tradeoffs.png` });
  await dana.page.getByRole('button', { name: 'Lanes', exact: true }).click();
  await dana.page.getByRole('button', { name: /^People/ }).click();
  await dana.page.getByRole('complementary', { name: 'People' }).waitFor();
  await dana.page.waitForTimeout(300);
  await dana.page.screenshot({ path: `${out}people.png` });

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const onPhone = await BoardPage.open(phone, links.viewer, 'Ana');
  await onPhone.waitForLayout((layout) => (layout.P0?.length ?? 0) > 0, 'the board on a phone');
  await onPhone.page.waitForTimeout(500);
  await onPhone.page.screenshot({ path: `${out}phone-viewer.png` });

  // The CSV import preview, on a fresh board, with a realistic Jira export.
  const fresh = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Q4 planning', template: 'planning' }) });
  const freshLinks = ((await fresh.json()) as { links: Record<string, string> }).links;
  const importer = await BoardPage.open(await browser.newContext({ viewport: { width: 1280, height: 900 } }), `${server.url}${freshLinks.owner}`, 'Dana');
  await importer.page.getByRole('button', { name: 'Import / Export' }).click();
  await importer.page.getByRole('button', { name: /^Import CSV…/ }).click();
  await importer.page.getByLabel('CSV file').setInputFiles(fileURLToPath(new URL('../../server/test/fixtures/import/jira-company-managed.csv', import.meta.url)));
  await importer.page.getByTestId('import-preview').waitFor();
  await importer.page.getByTestId('import-create').locator('summary').click();
  await importer.page.screenshot({ path: `${out}import.png` });
  console.warn(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
