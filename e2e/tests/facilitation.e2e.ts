import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from '../src/axe.ts';
import { BoardPage, poll } from '../src/boardPage.ts';
import { connectSeedClient } from '../src/seedClient.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

/** Screenshots of the real app (LANEWISE_SHOTS=<dir> keeps them, e.g. for the README). */
const shot = (name: string) => join(process.env.LANEWISE_SHOTS ?? tmpdir(), name);

/** A browser whose clock is `skewMs` off (Date.now only: what the app reads the time with). */
async function skewedContext(skewMs: number): Promise<BrowserContext> {
  const context = await suite.newContext({ bypassCSP: true, viewport: { width: 700, height: 700 } });
  await context.addInitScript(`(() => { const real = Date.now.bind(Date); Date.now = () => real() + (${skewMs}); })();`);
  return context;
}

async function writePrivateCard(page: Page, column: string, text: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Write a private card' });
  await form.getByLabel('Column').selectOption({ label: column });
  await form.getByLabel(/Your card/).fill(text);
  await form.getByRole('button', { name: 'Add private card' }).click();
  await page.getByTestId('my-drafts').getByText(text).waitFor();
}

const scrollLeftOf = (page: Page) => page.locator('.board-scroller').evaluate((element) => element.scrollLeft);
const scrollTo = (page: Page, left: number) => page.locator('.board-scroller').evaluate((element, x) => element.scrollTo({ left: x, top: 0 }), left);
/** Seconds left as the page shows it ("0:06" → 6). */
async function secondsLeft(page: Page): Promise<number> {
  const text = (await page.getByTestId('timer-left').textContent()) ?? '';
  const [minutes, seconds] = text.split(':').map(Number);
  return (minutes ?? 0) * 60 + (seconds ?? 0);
}

describe('facilitating a joint retro in three browsers', () => {
  it('one facilitator: a timer that ends together on skewed clocks, "I\'m done" counts, follow me and stepping out, the lock', async () => {
    const { links } = await suite.server.links('Sprint 13 retro', { template: 'retro-went-well' });
    // Priya's laptop is 3 minutes slow, Eli's 7 minutes fast.
    const fay = await BoardPage.open(await skewedContext(0), links.owner, 'Fay');
    const priya = await BoardPage.open(await skewedContext(-3 * 60_000), links.editor, 'Priya');
    const eli = await BoardPage.open(await skewedContext(7 * 60_000), links.editor, 'Eli');
    const all = [fay, priya, eli];
    for (const board of all) await board.page.getByTestId('facilitator-name').getByText('the board owner').waitFor();
    await fay.page.getByText('Facilitator: the board owner (you)').waitFor();
    for (const board of [priya, eli]) expect(await board.page.getByRole('group', { name: 'Facilitator tools' }).count()).toBe(0);

    // A stock y-websocket client with the editor link records every byte during reflect.
    const stock = await connectSeedClient(suite.server.url, links.editor, 'Stock');
    const received: string[] = [];
    stock.ws?.addEventListener('message', (event: { data: unknown }) => received.push(Buffer.from(event.data as ArrayBuffer).toString('latin1')));

    // Reflect: private cards and "I'm done"; the facilitator sees how many and who, never what.
    const priyaCard = 'Release notes late FAC-PRIYA';
    const eliCard = 'Pager noise at night FAC-ELI';
    await writePrivateCard(priya.page, 'To improve', priyaCard);
    await writePrivateCard(eli.page, 'To improve', eliCard);
    for (const board of [priya, eli]) {
      // The box shows what the server stored, so it turns checked once the server has it.
      const done = board.page.getByLabel('I\'m done with this phase');
      await done.click();
      await poll(() => done.isChecked(), '"I\'m done" to be stored');
    }
    await fay.page.getByTestId('retro-progress').getByText('2 private cards from 2 people · 2 done: Eli, Priya').waitFor();
    for (const text of [priyaCard, eliCard]) {
      expect(received.join('')).not.toContain(text);
      expect(await fay.page.locator('body').innerText()).not.toContain(text);
    }

    // The shared timer: the same end on every screen although the clocks disagree by 10 minutes.
    await fay.page.getByRole('form', { name: 'Timer' }).getByLabel('Minutes').fill('0.2');
    await fay.page.getByRole('button', { name: 'Start timer' }).click();
    for (const board of all) await board.page.getByTestId('timer-left').waitFor();
    const endsAt = await Promise.all(all.map((board) => board.page.getByTestId('timer').getAttribute('data-ends-at')));
    expect(new Set(endsAt).size).toBe(1);
    const left = await Promise.all(all.map((board) => secondsLeft(board.page)));
    for (const seconds of left) expect(seconds, `seconds left on each screen: ${left.join(', ')}`).toBeGreaterThan(0);
    expect(Math.max(...left) - Math.min(...left), `seconds left on each screen: ${left.join(', ')}`).toBeLessThanOrEqual(2);
    await fay.page.screenshot({ path: shot('facilitation-timer.png') });
    await priya.page.getByRole('button', { name: 'Sound on' }).click(); // Priya mutes her own beep
    for (const board of all) await board.page.getByTestId('timer-ended').getByText('Time\'s up').waitFor({ timeout: 20_000 });
    expect(await fay.page.getByTestId('timer').getAttribute('data-sounded')).toBe('true');
    expect(await priya.page.getByTestId('timer').getAttribute('data-sounded')).toBe('false');
    expect(await priya.page.getByRole('button', { name: 'Sound off' }).getAttribute('aria-pressed')).toBe('true');
    expect(received.join('')).not.toContain(priyaCard);
    stock.destroy();

    // Reveal, then follow me: everyone's board scrolls and opens the panel with the facilitator's.
    await fay.page.getByRole('button', { name: 'Reveal cards' }).click();
    for (const board of all) await board.cardByTitle(eliCard).waitFor();
    await fay.page.getByRole('button', { name: 'Follow me' }).click();
    for (const board of [priya, eli]) await board.page.getByTestId('follow-status').getByText('Following Fay').waitFor();
    await scrollTo(fay.page, 150);
    expect(await scrollLeftOf(fay.page)).toBe(150);
    for (const board of [priya, eli]) await poll(async () => Math.abs((await scrollLeftOf(board.page)) - 150) <= 2, 'the follower to scroll with the facilitator');
    await fay.cardByTitle(eliCard).click();
    for (const board of [priya, eli]) await board.page.locator('.side-panel').waitFor();
    await priya.page.screenshot({ path: shot('facilitation-follow.png') });
    expect(await seriousViolations(priya.page)).toEqual([]);

    // Eli steps out with "Stop following", Priya by scrolling herself (the wheel); Fay moves on alone.
    await eli.page.getByRole('button', { name: 'Stop following' }).click();
    await priya.page.locator('.board-scroller').hover({ position: { x: 20, y: 120 } });
    await priya.page.mouse.wheel(120, 0);
    await priya.page.getByRole('button', { name: 'Follow Fay' }).waitFor();
    const priyaAt = await scrollLeftOf(priya.page);
    await fay.page.getByRole('button', { name: 'Close panel' }).click();
    await scrollTo(fay.page, 0);
    await fay.page.getByRole('button', { name: 'Stop follow me' }).click();
    for (const board of [priya, eli]) await board.page.getByTestId('follow-status').waitFor({ state: 'detached' });
    expect(await scrollLeftOf(eli.page)).toBe(150);
    expect(await scrollLeftOf(priya.page)).toBe(priyaAt);
    expect(await eli.page.locator('.side-panel').count()).toBe(1);

    // The lock: the server refuses everyone else's writes; the UI says why.
    await priya.page.getByRole('button', { name: 'Close panel' }).click();
    await fay.page.getByRole('button', { name: 'Lock board' }).click();
    for (const board of [priya, eli]) await board.page.getByTestId('board-locked').waitFor();
    await fay.page.getByRole('button', { name: 'Next: Vote' }).click(); // the facilitator still acts
    await poll(async () => (await priya.page.getByTestId('retro-phase').textContent()) === 'Vote', 'the Vote phase');
    await priya.page.getByRole('button', { name: `Vote for “${eliCard}”` }).click();
    await priya.page.getByRole('alert').getByText('The facilitator has locked the board; nothing was saved.').waitFor();
    expect(await priya.page.getByTestId('votes-left').textContent()).toContain('5 of 5 votes left');
    await fay.page.getByRole('button', { name: 'Unlock board' }).click();
    await priya.page.getByTestId('board-locked').waitFor({ state: 'detached' });
    await priya.page.getByRole('button', { name: `Vote for “${eliCard}”` }).click();
    await priya.page.getByTestId('votes-left').getByText('4 of 5 votes left').waitFor();
    await fay.page.getByText('Retro settings and async deadline').click();
    await fay.page.screenshot({ path: shot('facilitation-tools.png') });
    expect(await seriousViolations(fay.page)).toEqual([]);
  });
});
