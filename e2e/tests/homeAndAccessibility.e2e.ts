import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/axe.ts';
import { BoardPage } from '../src/boardPage.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

let context: BrowserContext;

beforeAll(async () => {
  // axe is injected as an inline script, which the server's CSP (rightly) forbids.
  context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
});

describe('home page and board', () => {
  it('creates a board from a template on the home page, and a second browser sees its cards live', async () => {
    const page = await context.newPage();
    await page.goto(suite.server.url);
    await page.getByLabel('Board title').fill('Q3 planning');
    await page.getByLabel('Template').selectOption('now-next-later');
    await page.getByRole('button', { name: /Create board/i }).click();
    await page.waitForURL(/\/b\//);
    const nameInput = page.getByLabel('Your name');
    await nameInput.fill('Dana');
    await nameInput.press('Enter');
    const dana = new BoardPage(page);
    await dana.waitConnected();
    expect(Object.keys(await dana.layout())).toEqual(['Now', 'Next', 'Later']);
    await dana.addCard('Next', 'Usage-based pricing');

    // The owner shares the editor link from the Share dialog.
    await page.getByRole('button', { name: 'Share' }).click();
    const editorLink = await page.getByLabel('Editor link').inputValue();
    expect(editorLink).toMatch(/\/b\/[\w-]+#t=/);
    await page.getByRole('button', { name: 'Close sharing' }).click();
    const other = await suite.newContext();
    const lee = await BoardPage.open(other, editorLink, 'Lee');
    await lee.waitForLayout((layout) => layout.Next?.join() === 'Usage-based pricing', 'Lee to see the card');
    await dana.dragCard('Usage-based pricing', { lane: 'Now' });
    await lee.waitForLayout((layout) => layout.Now?.join() === 'Usage-based pricing', 'Lee to see the drag');
    await expect(lee.page.locator('[data-testid="presence-avatar"]').count()).resolves.toBeGreaterThanOrEqual(2);

    // The board shows up among this browser's recent boards.
    await page.goto(suite.server.url);
    // (The home page is its own chunk now, so wait for it to render rather than counting at once.)
    await page.getByRole('link', { name: /Q3 planning/ }).first().waitFor();
    await other.close();
  });

  it('says clearly when a board does not exist', async () => {
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/b/no-such-board`);
    const message = page.locator('[data-testid="board-not-found"]');
    await message.waitFor({ timeout: 15_000 });
    expect(await message.textContent()).toMatch(/does not exist|not found/i);
  });

  it('has no serious or critical accessibility violations on the home and board pages', async () => {
    const page = await context.newPage();
    await page.goto(suite.server.url);
    await page.getByLabel('Board title').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const { url } = await suite.server.createBoard('Accessible board');
    const board = await BoardPage.open(context, url, 'Axe');
    await board.addCard('P0', 'Accessible card', { owner: 'Priya', estimate: 3, tags: 'a11y' });
    expect(await seriousViolations(board.page)).toEqual([]);
  });
});
