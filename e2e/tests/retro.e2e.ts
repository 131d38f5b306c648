import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../src/axe.ts';
import { linkParts } from '../src/boardApi.ts';
import { BoardPage, poll } from '../src/boardPage.ts';
import { connectSeedClient } from '../src/seedClient.ts';
import { shot, writePrivateCard } from '../src/retroVerbs.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

const phaseOf = (page: Page) => page.getByTestId('retro-phase').textContent();

describe('a joint retro in three browsers', () => {
  it('keeps drafts private until the reveal, enforces the vote budget against a client that bypasses the UI, and shows counts when voting ends', async () => {
    const { links } = await suite.server.links('Sprint 12 retro', { template: 'retro-went-well' });
    const fay = await BoardPage.open(await suite.newContext({ bypassCSP: true }), links.owner, 'Fay');
    const priya = await BoardPage.open(await suite.newContext({ bypassCSP: true }), links.editor, 'Priya');
    const eli = await BoardPage.open(await suite.newContext({ bypassCSP: true }), links.editor, 'Eli');
    for (const board of [fay, priya, eli]) expect(await phaseOf(board.page)).toBe('Reflect');
    expect(await fay.layout()).toEqual({ 'Went well': [], 'To improve': [], Ideas: [], Actions: [] });

    // A stock y-websocket client joined with the editor link records every byte it receives.
    const stock = await connectSeedClient(suite.server.url, links.editor, 'Stock');
    const received: string[] = [];
    stock.ws?.addEventListener('message', (event: { data: unknown }) => received.push(Buffer.from(event.data as ArrayBuffer).toString('latin1')));

    const priyaCard = 'Onboarding drop-off PRIYA7';
    const eliCard = 'Flaky deploys ELI9';
    await writePrivateCard(priya.page, 'To improve', priyaCard, 'Product');
    await writePrivateCard(eli.page, 'To improve', eliCard, 'Engineering');
    await fay.page.getByTestId('retro-progress').getByText('2 private cards from 2 people').waitFor();
    await priya.page.screenshot({ path: shot('retro-reflect.png') });

    // Nobody else sees a draft: not the other participant, not the facilitator, not the stock client.
    const seenBy = async (page: Page) => page.locator('body').innerText();
    expect(await seenBy(eli.page)).not.toContain(priyaCard);
    expect(await seenBy(priya.page)).not.toContain(eliCard);
    for (const text of [priyaCard, eliCard]) {
      expect(await seenBy(fay.page)).not.toContain(text);
      expect(received.join('')).not.toContain(text);
      expect(JSON.stringify(stock.doc.toJSON())).not.toContain(text);
      expect(JSON.stringify([...stock.awareness.getStates().values()])).not.toContain(text);
    }

    // Only the facilitator has the controls; the reveal puts the cards on every screen, unsigned.
    expect(await priya.page.getByRole('group', { name: 'Facilitator controls' }).count()).toBe(0);
    await fay.page.getByRole('button', { name: 'Reveal cards' }).click();
    for (const board of [fay, priya, eli]) {
      await board.waitForLayout((layout) => [...(layout['To improve'] ?? [])].sort().join('|') === [eliCard, priyaCard].sort().join('|'), 'the revealed cards');
      await poll(async () => (await phaseOf(board.page)) === 'Group', 'the Group phase on every screen');
    }
    expect(await eli.cardByTitle(priyaCard).getByTestId('perspective').textContent()).toBe('Product');
    expect(await seriousViolations(eli.page)).toEqual([]);

    await fay.page.getByRole('button', { name: 'Next: Vote' }).click();
    await poll(async () => (await phaseOf(priya.page)) === 'Vote', 'the Vote phase');
    const vote = priya.page.getByRole('button', { name: `Vote for “${eliCard}”` });
    for (let i = 0; i < 3; i++) {
      await vote.click();
      await priya.page.getByLabel(`Your votes on “${eliCard}”`).getByText(String(i + 1), { exact: true }).waitFor();
    }
    await priya.page.getByTestId('votes-left').getByText('2 of 5 votes left').waitFor();
    expect(await vote.isDisabled()).toBe(true); // the per-card cap, in the UI …
    expect(await seriousViolations(priya.page)).toEqual([]);

    // … and on the server, for a client that skips the UI: 6 votes on one card are refused.
    const { boardId, token } = linkParts(links.editor);
    const cardId = await eli.cardByTitle(priyaCard).getAttribute('data-item-id');
    const bypass = await fetch(`${suite.server.url}/api/boards/${boardId}/retro/votes/${cardId ?? ''}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}`, 'x-lanewise-participant': 'bypass-0123456789abcdef' },
      body: JSON.stringify({ votes: 6 }),
    });
    expect(bypass.status).toBe(409);
    expect(((await bypass.json()) as { error: { message: string } }).error.message).toBe('At most 3 votes on one card.');
    expect(await fay.page.getByTestId('card-votes').count()).toBe(0); // counts hidden while voting

    await fay.page.getByRole('button', { name: 'End voting' }).click();
    for (const board of [fay, priya, eli]) await board.cardByTitle(eliCard).getByTestId('card-votes').getByText('3 votes').waitFor();
    expect(await eli.page.getByTestId('topics').innerText()).toMatch(/3 votes\s+Flaky deploys ELI9[\s\S]*0 votes\s+Onboarding drop-off PRIYA7/);
    expect(await seriousViolations(fay.page)).toEqual([]);
    await fay.page.screenshot({ path: shot('retro-voted.png') });
    stock.destroy();
  });
});
