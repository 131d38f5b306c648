import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BoardPage } from '../src/boardPage.ts';
import { HistoryVerbs } from '../src/historyVerbs.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** Buttons, links and fields that would change the board, by accessible name. */
const WRITE_CONTROLS = [
  /^Add initiative/,
  /^Add lane$/,
  /^Edit lane/,
  /^Edit (?!initiative$)/,
  /^Board settings$/,
  /^Undo$/,
  /^Redo$/,
  /^Share$/,
  /^Save$/,
  /^Delete$/,
  /^Start estimation$/,
  /^Take snapshot$/,
  /^Restore/,
  /^Add person$/,
  /^Post comment$/,
  /^Remove /,
];

async function visibleWriteControls(scope: Page | Locator): Promise<string[]> {
  const names = await scope.locator('button:visible, a:visible, [role="button"]:visible').evaluateAll((nodes) =>
    nodes.map((node) => node.getAttribute('aria-label') ?? node.textContent?.trim() ?? ''),
  );
  return names.filter((name) => WRITE_CONTROLS.some((pattern) => pattern.test(name)));
}

async function editableFields(scope: Locator): Promise<number> {
  return scope.locator('input:not([readonly]):not([disabled]):not([type="radio"]):not([type="checkbox"]):visible, textarea:not([readonly]):not([disabled]):visible').count();
}

/** A box fully on screen, with nothing drawn over its centre. */
async function onScreen(page: Page, locator: Locator): Promise<{ inView: boolean; uncovered: boolean }> {
  const handle = await locator.elementHandle();
  if (!handle) return { inView: false, uncovered: false };
  return page.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const inView = box.width > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return { inView, uncovered: hit !== null && (hit === element || element.contains(hit)) };
  }, handle);
}

describe('a viewer sees no write control anywhere', () => {
  it('board, cards, item panel, people, history: nothing offers to change the board', async () => {
    const { links } = await suite.server.links('Viewer', { sample: true });
    const context = await suite.newContext();
    const viewer = await BoardPage.open(context, links.viewer, 'Vera');
    await viewer.waitForLayout((layout) => layout.P0?.length === 4, 'the sample board');
    expect(await visibleWriteControls(viewer.page)).toEqual([]);
    // Cards are not draggable for a viewer and say nothing about picking them up.
    expect(await viewer.page.locator('[aria-roledescription="draggable initiative"]').count()).toBe(0);
    expect(await viewer.page.locator('body').textContent()).not.toMatch(/press Space or Enter to pick it up/i);

    // A card opens its details read-only: no form to fill, no Save or Delete, no comment box, no poker start.
    await viewer.cardByTitle('Dark mode').click();
    const panel = viewer.page.getByRole('complementary', { name: /Dark mode/ });
    await panel.waitFor();
    expect(await panel.textContent()).toMatch(/View only/);
    expect(await editableFields(panel)).toBe(0);
    expect(await panel.locator('select:visible').count()).toBe(0);
    expect(await visibleWriteControls(panel)).toEqual([]);
    expect(await panel.getByLabel('Add a comment').count()).toBe(0);
    await panel.getByRole('button', { name: 'Close panel' }).click();

    await viewer.page.getByRole('button', { name: /^People/ }).click();
    const people = viewer.page.getByRole('complementary', { name: 'People' });
    await people.waitFor();
    expect(await visibleWriteControls(people)).toEqual([]);
    expect(await editableFields(people)).toBe(0);
    await people.getByRole('button', { name: 'Close panel' }).click();

    const history = new HistoryVerbs(viewer);
    await history.openTab('Snapshots');
    expect(await visibleWriteControls(history.sidebar)).toEqual([]);
    expect(await editableFields(history.sidebar)).toBe(0);
  });
});

describe('on a phone (390 × 844)', () => {
  for (const role of ['viewer', 'editor'] as const) {
    it(`${role}: no sideways scroll, the title shows, the status does not cover the logo, panels and History fit and close`, async () => {
      const { links } = await suite.server.links(`Phone ${role} board with a long title`, { sample: true });
      const context = await suite.newContext(PHONE);
      const board = await BoardPage.open(context, links[role], 'Ana');
      const page = board.page;
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const title = page.getByRole('heading', { level: 1 });
      expect(await title.isVisible()).toBe(true);
      const titleBox = await title.boundingBox();
      expect(titleBox?.width ?? 0).toBeGreaterThan(80);
      expect((titleBox?.x ?? 0) + (titleBox?.width ?? 0)).toBeLessThanOrEqual(390);
      const logo = await page.getByRole('link', { name: 'Lanewise home' }).boundingBox();
      const status = await page.getByTestId('connection-status').boundingBox();
      if (!logo || !status) throw new Error('logo or status missing');
      const overlap = logo.x < status.x + status.width && status.x < logo.x + logo.width && logo.y < status.y + status.height && status.y < logo.y + logo.height;
      expect(overlap).toBe(false);

      // A card's panel fits the screen.
      await board.cardByTitle('SSO with SAML for enterprise tier').click();
      const panel = page.getByRole('complementary').filter({ has: page.getByRole('button', { name: 'Close panel' }) });
      await panel.waitFor();
      const panelBox = await panel.boundingBox();
      expect(panelBox?.x ?? -1).toBeGreaterThanOrEqual(0);
      expect((panelBox?.x ?? 0) + (panelBox?.width ?? 999)).toBeLessThanOrEqual(390);
      expect(await onScreen(page, panel.getByRole('button', { name: 'Close panel' }))).toEqual({ inView: true, uncovered: true });
      await panel.getByRole('button', { name: 'Close panel' }).click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // History opens within the screen and its close button can be reached.
      await page.getByRole('button', { name: 'History', exact: true }).click();
      const sidebar = page.getByTestId('history-sidebar');
      await sidebar.waitFor();
      const sidebarBox = await sidebar.boundingBox();
      expect(sidebarBox?.x ?? -1).toBeGreaterThanOrEqual(0);
      expect((sidebarBox?.x ?? 0) + (sidebarBox?.width ?? 999)).toBeLessThanOrEqual(390);
      const hide = sidebar.getByRole('button', { name: 'Hide history' });
      expect(await onScreen(page, hide)).toEqual({ inView: true, uncovered: true });
      await hide.click();
      await sidebar.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    });
  }
});
