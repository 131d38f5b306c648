import { describe, expect, it } from 'vitest';
import { BoardPage } from '../src/boardPage.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

async function openAs(link: string, name: string): Promise<BoardPage> {
  const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
  return BoardPage.open(context, link, name);
}

describe('share links', () => {
  it('a viewer link opens the board read-only and cannot move a card; an editor link can', async () => {
    const { links } = await suite.server.links('Access');
    const owner = await openAs(links.owner as string, 'Owner');
    await owner.addCard('P1', 'Roadmap item');
    await owner.addCard('P2', 'Other item');

    const viewer = await openAs(links.viewer as string, 'Viewer');
    await viewer.page.locator('[data-testid="read-only-banner"]').waitFor();
    await viewer.waitForLayout((layout) => layout.P1?.join() === 'Roadmap item', 'the viewer to see the board live');
    expect(await viewer.page.getByRole('button', { name: 'Add initiative to P1' }).isVisible()).toBe(false);
    const before = await owner.layout();
    await viewer.dragCard('Roadmap item', { lane: 'P0' });
    await viewer.keyboardMove('Roadmap item', ['ArrowLeft']);
    await viewer.page.waitForTimeout(800);
    expect(await viewer.layout()).toEqual(before);
    expect(await owner.layout()).toEqual(before);

    // The viewer still follows changes live.
    await owner.dragCard('Other item', { lane: 'P0' });
    await viewer.waitForLayout((layout) => layout.P0?.join() === 'Other item', 'the viewer to follow the owner');

    const editor = await openAs(links.editor as string, 'Editor');
    expect(await editor.page.locator('[data-testid="read-only-banner"]').count()).toBe(0);
    await editor.dragCard('Roadmap item', { lane: 'P0' });
    await owner.waitForLayout((layout) => layout.P0?.includes('Roadmap item') === true, 'the owner to see the editor’s move');
  });

  it('a board opened without a link, or with a rotated one, says so instead of showing a blank page', async () => {
    const { id, links } = await suite.server.links('Rotation');
    const context = await suite.newContext();
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/b/${id}`);
    await page.locator('[data-testid="board-not-found"][data-reason="access-denied"]').waitFor({ timeout: 15_000 });

    const editor = await openAs(links.editor as string, 'Soon revoked');
    const owner = await openAs(links.owner as string, 'Owner');
    await owner.page.getByRole('button', { name: 'Share' }).click();
    owner.page.once('dialog', (dialog) => void dialog.accept());
    await owner.page.getByRole('button', { name: 'New editor link' }).click();
    await editor.page.locator('[data-testid="board-not-found"]').waitFor({ timeout: 10_000 });
    expect(await editor.page.locator('[data-testid="board-not-found"]').textContent()).toMatch(/revoked|link/i);
  });
});
