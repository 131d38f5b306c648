import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../src/axe.ts';
import { BoardPage, poll } from '../src/boardPage.ts';
import { shot, writePrivateCard } from '../src/retroVerbs.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

const phaseOf = (page: Page) => page.getByTestId('retro-phase');
const tokenOf = (link: string) => new URLSearchParams(link.split('#')[1] ?? '').get('t') ?? '';

/** A request the page makes itself with `token` (bypassing the UI): status and error code. */
async function rawRequest(page: Page, path: string, token: string, init: { method: string; body: unknown; participant?: boolean }): Promise<{ status: number; code: string | null }> {
  return page.evaluate(
    async ({ path, token, init }) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      if (init.participant) headers['x-lanewise-participant'] = window.localStorage.getItem('lanewise:participant') ?? '';
      const response = await fetch(path, { method: init.method, headers, body: JSON.stringify(init.body) });
      const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
      return { status: response.status, code: body?.error?.code ?? null };
    },
    { path, token, init },
  );
}

/** Opens the facilitator's "Retro settings and async deadline" fold. */
async function openSettings(page: Page): Promise<void> {
  const summary = page.getByText('Retro settings and async deadline');
  if ((await summary.locator('xpath=..').getAttribute('open')) === null) await summary.click();
}

describe('facilitation of a retro: handover, async deadlines, settings', () => {
  it('hands the facilitator role to a member: the new facilitator moves the phase, the old one is refused by the server', async () => {
    const retro = await suite.server.links('Handover retro', { template: 'retro-went-well' });
    const ownerToken = tokenOf(retro.links.owner);
    const issued = await fetch(`${suite.server.url}/api/boards/${retro.id}/links/personal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Priya', role: 'editor' }),
    });
    expect(issued.status).toBe(201);
    const priyaLink = `${suite.server.url}${((await issued.json()) as { link: string }).link}`;
    const fay = await BoardPage.open(await suite.newContext({ bypassCSP: true }), retro.links.owner, 'Fay');
    const priya = await BoardPage.open(await suite.newContext({ bypassCSP: true }), priyaLink, 'Priya');
    await fay.page.getByText('Facilitator: the board owner (you)').waitFor();
    expect(await priya.page.getByRole('group', { name: 'Facilitator tools' }).count()).toBe(0);

    await writePrivateCard(priya.page, 'To improve', 'Handover makes meetings smoother', 'Product');
    const tools = fay.page.getByRole('group', { name: 'Facilitator tools' });
    await tools.getByLabel('Hand over to').selectOption({ label: 'Priya' });
    await tools.getByRole('button', { name: 'Hand over' }).click();

    // Everyone sees Priya leading; she gets the tools and the phase control, Fay loses them.
    for (const board of [fay, priya]) await board.page.getByTestId('facilitator-name').getByText('Priya').waitFor();
    await priya.page.getByRole('group', { name: 'Facilitator tools' }).waitFor();
    await fay.page.getByRole('button', { name: 'Take the facilitator role back' }).waitFor();
    expect(await fay.page.getByRole('button', { name: 'Reveal cards' }).count()).toBe(0);
    await priya.page.screenshot({ path: shot('facilitation-handover.png') });

    await priya.page.getByRole('button', { name: 'Reveal cards' }).click();
    for (const board of [fay, priya]) await phaseOf(board.page).getByText('Group').waitFor();
    await fay.cardByTitle('Handover makes meetings smoother').waitFor();

    // The old facilitator (still the owner) bypasses the UI: the server refuses, nothing moves.
    const refused = await rawRequest(fay.page, `/api/boards/${retro.id}/retro/phase`, ownerToken, { method: 'POST', body: { phase: 'vote' } });
    expect(refused).toEqual({ status: 403, code: 'facilitator_only' });
    const timer = await rawRequest(fay.page, `/api/boards/${retro.id}/facilitation/timer`, ownerToken, { method: 'POST', body: { action: 'start', minutes: 1 } });
    expect(timer).toEqual({ status: 403, code: 'facilitator_only' });
    expect(await phaseOf(priya.page).textContent()).toBe('Group');
    expect(await priya.page.getByTestId('timer').count()).toBe(0);

    // The owner may take the role back, and then leads again.
    await fay.page.getByRole('button', { name: 'Take the facilitator role back' }).click();
    for (const board of [fay, priya]) await board.page.getByTestId('facilitator-name').getByText('the board owner').waitFor();
    await fay.page.getByRole('button', { name: 'Next: Vote' }).click();
    for (const board of [fay, priya]) await phaseOf(board.page).getByText('Vote').waitFor();
    expect(await seriousViolations(priya.page)).toEqual([]);
  });

  it('an async phase deadline closes the phase by itself on every screen, revealing the drafts', async () => {
    const retro = await suite.server.links('Async retro', { template: 'retro-went-well' });
    const fay = await BoardPage.open(await suite.newContext({ bypassCSP: true }), retro.links.owner, 'Fay');
    const eli = await BoardPage.open(await suite.newContext({ bypassCSP: true }), retro.links.editor, 'Eli');
    await writePrivateCard(eli.page, 'Went well', 'Async reflect worked ASYNC-ELI', 'Engineering');

    await openSettings(fay.page);
    // A few seconds from now, in the browser's own time zone (datetime-local is local time).
    const local = await fay.page.evaluate(() => {
      const at = new Date(Date.now() + 8000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
    });
    await fay.page.getByLabel(/Reflect closes by itself at/).fill(local);
    await fay.page.getByRole('button', { name: 'Set deadline' }).click();
    for (const board of [fay, eli]) await board.page.getByTestId('phase-deadline').getByText(/Reflect closes/).waitFor();
    await eli.page.screenshot({ path: shot('facilitation-deadline.png') });
    expect(await fay.page.locator('body').innerText()).not.toContain('ASYNC-ELI');

    // Nobody presses anything: the server closes Reflect at the deadline and the phase change reaches both.
    for (const board of [fay, eli]) await phaseOf(board.page).getByText('Group').waitFor({ timeout: 30_000 });
    await fay.cardByTitle('Async reflect worked ASYNC-ELI').waitFor();
    for (const board of [fay, eli]) await board.page.getByTestId('phase-deadline').waitFor({ state: 'detached' });
  });

  it('retro settings: the facilitator changes the vote budget and cap (the server enforces them) and makes authors visible', async () => {
    const retro = await suite.server.links('Settings retro', { template: 'retro-went-well' });
    const fay = await BoardPage.open(await suite.newContext({ bypassCSP: true }), retro.links.owner, 'Fay');
    const priya = await BoardPage.open(await suite.newContext({ bypassCSP: true }), retro.links.editor, 'Priya');
    for (const text of ['Standups ran long', 'Too many meetings', 'Great demo']) await writePrivateCard(priya.page, 'To improve', text, 'Product');

    // Settings are the facilitator's: an editor writing them into the document is refused (closed connection, nothing stored).
    expect(await priya.page.getByText('Retro settings and async deadline').count()).toBe(0);
    await openSettings(fay.page);
    const votes = fay.page.getByRole('form', { name: 'Vote settings' });
    await votes.getByLabel('Votes per person').fill('2');
    await votes.getByLabel('Most votes on one card').fill('1');
    await votes.getByRole('button', { name: 'Save vote settings' }).click();
    await fay.page.getByText('Saved.', { exact: true }).waitFor();
    await fay.page.getByLabel('Show authors on revealed cards').check();

    await fay.page.getByRole('button', { name: 'Reveal cards' }).click();
    for (const board of [fay, priya]) await phaseOf(board.page).getByText('Group').waitFor();
    // Authors visible: each revealed card names its writer, on every screen.
    for (const board of [fay, priya]) await board.cardByTitle('Great demo').getByTestId('card-author').getByText('Priya').waitFor();
    await priya.page.screenshot({ path: shot('retro-authors.png') });

    await fay.page.getByRole('button', { name: 'Next: Vote' }).click();
    await phaseOf(priya.page).getByText('Vote').waitFor();
    await priya.page.getByTestId('votes-left').getByText('2 of 2 votes left · at most 1 on one card').waitFor();
    await priya.page.getByRole('button', { name: 'Vote for “Standups ran long”' }).click();
    await priya.page.getByTestId('votes-left').getByText('1 of 2 votes left').waitFor();
    expect(await priya.page.getByRole('button', { name: 'Vote for “Standups ran long”' }).isDisabled()).toBe(true); // the cap
    await priya.page.getByRole('button', { name: 'Vote for “Too many meetings”' }).click();
    await priya.page.getByTestId('votes-left').getByText('0 of 2 votes left').waitFor();

    // Bypassing the UI with Priya's own link and participant secret: over the cap, over the budget — refused.
    const editorToken = tokenOf(retro.links.editor);
    const ids = await priya.page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid="card"]')].map((card) => [card.getAttribute('data-item-title'), card.getAttribute('data-item-id')])));
    const vote = (title: string, count: number) => rawRequest(priya.page, `/api/boards/${retro.id}/retro/votes/${ids[title] ?? 'missing'}`, editorToken, { method: 'PUT', body: { votes: count }, participant: true });
    expect(await vote('Standups ran long', 2)).toEqual({ status: 409, code: 'over_budget' });
    expect(await vote('Great demo', 1)).toEqual({ status: 409, code: 'over_budget' });
    // Raising the budget lets her spend one more (the facilitator's setting is read at every vote).
    await votes.getByLabel('Votes per person').fill('3');
    await votes.getByRole('button', { name: 'Save vote settings' }).click();
    await poll(async () => (await vote('Great demo', 1)).status === 200, 'the raised budget to apply');
    await fay.page.getByRole('button', { name: 'End voting' }).click();
    for (const title of ['Standups ran long', 'Too many meetings', 'Great demo']) await fay.cardByTitle(title).getByTestId('card-votes').getByText('1 vote').waitFor();
    expect(await seriousViolations(fay.page)).toEqual([]);
  });
});
