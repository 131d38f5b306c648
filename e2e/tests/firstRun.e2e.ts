import { describe, expect, it } from 'vitest';
import { BoardPage } from '../src/boardPage.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

describe('first run', () => {
  it('home: no admin-only board list for visitors, this device’s boards instead, the sample checkbox beside its label', async () => {
    const context = await suite.newContext();
    const page = await context.newPage();
    const listCalls: string[] = [];
    const failures: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === '/api/boards') listCalls.push(request.url());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });
    await page.goto(suite.server.url);
    await page.getByLabel('Board title').waitFor();
    const checkbox = await page.getByLabel(/Start from the sample Q3 plan/).boundingBox();
    const label = await page.locator('label[for="board-sample"]').boundingBox();
    if (!checkbox || !label) throw new Error('checkbox or label missing');
    // Side by side: the box left of the label, level with its first line.
    expect(checkbox.x + checkbox.width).toBeLessThanOrEqual(label.x);
    expect(Math.abs(checkbox.y + checkbox.height / 2 - (label.y + 10))).toBeLessThan(6);

    // A board opened on this device shows up; nobody is sent to an admin-only list.
    const { links } = await suite.server.links('Seen on this device');
    await BoardPage.open(context, links.editor, 'Priya (PM)');
    await page.reload();
    await page.getByRole('link', { name: /Seen on this device/ }).waitFor();
    expect(await page.locator('body').textContent()).not.toMatch(/admin token|Authorization|Bearer/);
    expect(listCalls).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('avatars take initials from letters only', async () => {
    const { links } = await suite.server.links('Initials');
    const board = await BoardPage.open(await suite.newContext(), links.owner, 'Priya (PM)');
    const avatar = board.page.locator('[data-testid="presence-avatar"][data-name="Priya (PM)"] [aria-hidden="true"]');
    expect(await avatar.textContent()).toBe('P');
  });
});
