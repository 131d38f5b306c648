/**
 * Regenerates the README's screenshots from a real server and browser:
 *   pnpm --filter @lanewise/e2e screenshots
 * (after `pnpm --filter @lanewise/client build`). Writes docs/screenshots/*.png.
 */
import { fileURLToPath } from 'node:url';
import { BoardPage } from '../src/boardPage.ts';
import { launchChromium } from '../src/browser.ts';
import { LanewiseServer } from '../src/lanewiseServer.ts';

const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const server = await LanewiseServer.start();
const browser = await launchChromium();
try {
  const created = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Q3 planning — Product & Engineering', template: 'planning', sample: true }),
  });
  const { links } = (await created.json()) as { links: Record<string, string> };

  const home = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await home.goto(server.url);
  await home.getByLabel('Board title').waitFor();
  await home.screenshot({ path: `${out}home.png` });
  await home.close();

  const danaContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const leeContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const dana = await BoardPage.open(danaContext, `${server.url}${links.owner}`, 'Dana');
  const lee = await BoardPage.open(leeContext, `${server.url}${links.editor}`, 'Lee');
  await dana.waitForLayout((layout) => (layout.P0?.length ?? 0) > 0, 'the sample board');

  // A few decisions with reasons, made by Lee.
  lee.topLaneReason = 'ask';
  await lee.dragCard('Public API rate limits', { lane: 'P0' });
  const dialog = lee.page.getByTestId('move-decision-dialog');
  await dialog.waitFor();
  await lee.page.screenshot({ path: `${out}hard-limit.png` });
  const override = dialog.getByLabel('Reason to override the limit');
  if (await override.count()) {
    await override.fill('Abuse from one tenant took the API down twice this month');
    await dialog.getByRole('button', { name: /Override/ }).click();
  } else {
    await dialog.getByLabel('Reason', { exact: true }).fill('Abuse from one tenant took the API down twice this month');
    await dialog.getByRole('button', { name: 'Move with reason' }).click();
  }
  lee.topLaneReason = 'skip';
  await lee.dragCard('Dark mode', { lane: 'P1', before: 'Mobile offline mode' });

  // Lee's cursor over the board, as Dana sees it.
  const box = await lee.lane('P1').boundingBox();
  if (box) await lee.page.mouse.move(box.x + box.width / 2, box.y + 220, { steps: 5 });
  await dana.page.waitForTimeout(800);
  // At 1440 px the decision feed is open beside the board.
  await dana.page.getByText('Log intact').waitFor();
  await dana.page.screenshot({ path: `${out}board.png` });

  await dana.page.getByRole('button', { name: 'Trade-offs', exact: true }).click();
  await dana.page.waitForTimeout(500);
  await dana.page.screenshot({ path: `${out}tradeoffs.png` });

  const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true });
  const tabletPage = await BoardPage.open(tablet, `${server.url}${links.viewer}`, 'Ana');
  await tabletPage.waitForLayout((layout) => (layout.P0?.length ?? 0) > 0, 'the board on a tablet');
  await tabletPage.page.waitForTimeout(500);
  await tabletPage.page.screenshot({ path: `${out}tablet-viewer.png` });

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
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
