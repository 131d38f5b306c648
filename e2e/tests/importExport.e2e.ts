import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/axe.ts';
import { BoardPage } from '../src/boardPage.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();
const jiraCsv = fileURLToPath(new URL('../../server/test/fixtures/import/jira-company-managed.csv', import.meta.url));
const downloads = process.env.LANEWISE_E2E_KEEP ?? mkdtempSync(join(tmpdir(), 'lanewise-e2e-downloads-'));
afterAll(() => {
  if (!process.env.LANEWISE_E2E_KEEP) rmSync(downloads, { recursive: true, force: true });
});

function context(viewport = { width: 1400, height: 900 }): Promise<BrowserContext> {
  // bypassCSP: the axe check injects a script, which the server's CSP would refuse.
  return suite.newContext({ viewport, bypassCSP: true, acceptDownloads: true });
}

/** Opens the CSV import from the board menu and previews a file. */
async function previewImport(page: Page, file: string) {
  await page.getByRole('button', { name: 'Import / Export' }).click();
  await page.getByRole('button', { name: /^Import CSV…/ }).click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByLabel('CSV file').setInputFiles(file);
  await dialog.getByTestId('import-preview').waitFor();
  return dialog;
}

const JIRA_LAYOUT = {
  P0: ['SSO with SAML for enterprise tier', 'Payment webhook retries drop events under load'],
  P1: ['Checkout revamp', 'Saved cards for returning buyers', 'Migrate search to OpenSearch 2.x', 'Reduce cold start of the mobile app', 'Rate-limit the public API per token', 'Onboarding checklist, "Invite your team" step'],
  P2: [],
  Later: ['Audit log export for admins', 'Spike: usage-based pricing model', 'Remove the legacy v1 reports endpoint'],
};

describe('import and export', () => {
  it('imports a Jira CSV through the preview with one mapping changed; a second browser sees the cards arrive live', async () => {
    const { url } = await suite.server.createBoard('Q3 planning');
    const dana = await BoardPage.open(await context(), url, 'Dana');
    const lee = await BoardPage.open(await context(), url, 'Lee');

    const dialog = await previewImport(dana.page, jiraCsv);
    await expect.poll(() => dialog.getByTestId('import-format').innerText()).toBe('Jira (company-managed)');
    expect(await dialog.getByTestId('import-counts').innerText()).toBe('11 initiatives to create · 0 to update · 0 unchanged · 1 row skipped');
    expect(await dialog.getByTestId('import-skipped').innerText()).toMatch(/Line 26\s*PLAT-108 status “Done”: done issues are skipped/);
    expect(await dialog.getByLabel('Lane for Medium').inputValue()).toBe(await dana.lane('P2').getAttribute('data-lane-id'));
    expect(await lee.layout()).toEqual({ P0: [], P1: [], P2: [], Later: [] }); // a preview writes nothing

    // One mapping changed: Medium goes to P1. The server previews again.
    await dialog.getByLabel('Lane for Medium').selectOption({ label: 'P1' });
    await expect.poll(async () => (await dialog.getByTestId('import-preview').getAttribute('aria-busy')) === 'false' && (await dialog.getByLabel('Lane for Medium').inputValue()) === (await dana.lane('P1').getAttribute('data-lane-id'))).toBe(true);
    expect(await seriousViolations(dana.page)).toEqual([]);
    await dana.page.screenshot({ path: join(downloads, 'import-desktop.png') });

    await dialog.getByRole('button', { name: 'Import 11 initiatives' }).click();
    await expect.poll(() => dialog.getByTestId('import-result').innerText()).toMatch(/Imported from jira-company-managed\.csv: 11 initiatives created, 0 updated, 1 row skipped/);
    await lee.waitForLayout((layout) => JSON.stringify(layout) === JSON.stringify(JIRA_LAYOUT), 'Lee to see the imported cards in their lanes');
    expect(await lee.cardByTitle('SSO with SAML for enterprise tier').getByTestId('source-key').innerText()).toBe('PLAT-101');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The same file again changes nothing and says so.
    const again = await previewImport(lee.page, jiraCsv);
    expect(await again.getByTestId('import-counts').innerText()).toBe('0 initiatives to create · 0 to update · 11 unchanged · 1 row skipped');
    expect(await again.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
  });

  it('exports the board as JSON and imports it as a new board with the same lanes and cards', async () => {
    const { url } = await suite.server.createBoard('Roadmap 2027');
    const dana = await BoardPage.open(await context(), url, 'Dana');
    const dialog = await previewImport(dana.page, jiraCsv);
    await dialog.getByRole('button', { name: 'Import 11 initiatives' }).click();
    await dialog.getByTestId('import-result').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    const original = await dana.waitForLayout((layout) => Object.values(layout).flat().length === 11, 'the imported cards');

    await dana.page.getByRole('button', { name: 'Import / Export' }).click();
    const [download] = await Promise.all([dana.page.waitForEvent('download'), dana.page.getByRole('button', { name: /^Whole board \(JSON\)/ }).click()]);
    expect(download.suggestedFilename()).toBe('roadmap-2027.lanewise.json');
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);

    await dana.page.goto(suite.server.url);
    await dana.page.getByLabel('Board export (.json)').setInputFiles(file);
    await dana.page.getByRole('button', { name: 'Import board' }).click();
    await dana.page.waitForURL((address) => address.pathname.startsWith('/b/') && !url.includes(address.pathname));
    await dana.waitConnected();
    const copy = await dana.waitForLayout((layout) => Object.values(layout).flat().length === 11, 'the new board’s cards');
    expect(copy).toEqual(original);
    expect(await dana.page.getByRole('heading', { level: 1 }).innerText()).toBe('Roadmap 2027');
  });

  it('gives viewers the exports only, and fits a phone', async () => {
    const { links } = await suite.server.links('Shared plan');
    const viewer = await BoardPage.open(await context({ width: 390, height: 844 }), links.viewer as string, 'Vic');
    await viewer.page.getByRole('button', { name: 'Export', exact: true }).click();
    const menu = viewer.page.getByTestId('transfer-menu');
    expect(await menu.getByRole('button').allInnerTexts()).toEqual([
      'Roadmap (Markdown)\nLanes as sections, to paste into a document',
      'Roadmap (CSV)\nFor a spreadsheet; imports back into Lanewise',
      'Whole board (JSON)\nEverything on the board; import it as a new board',
      'Board with history (JSON)\nAdds the decision log and snapshots',
    ]);
    expect(await seriousViolations(viewer.page)).toEqual([]);

    const editor = await BoardPage.open(await context({ width: 390, height: 844 }), links.editor as string, 'Eda');
    const dialog = await previewImport(editor.page, jiraCsv);
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await editor.page.screenshot({ path: join(downloads, 'import-phone.png') });
    expect(await seriousViolations(editor.page)).toEqual([]);
  });
});
