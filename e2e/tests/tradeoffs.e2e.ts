import { addItem, readBoard, updateBoardMeta } from '@lanewise/shared';
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/axe.ts';
import { BoardPage, poll } from '../src/boardPage.ts';
import { connectSeedClient } from '../src/seedClient.ts';
import { fetchDecisions, TradeoffVerbs } from '../src/tradeoffVerbs.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

/**
 * A planning board with hard limits: P0 (limit 3) holds three scored items, P1 holds the
 * candidates. Seeded through a stock y-websocket client, as any tool could.
 */
async function planningBoard(title: string): Promise<string> {
  const { url } = await suite.server.createBoard(title);
  const provider = await connectSeedClient(suite.server.url, url, 'Seeder');
  const doc: Y.Doc = provider.doc;
  updateBoardMeta(doc, { limitMode: 'hard', planningPeriod: 'Q3' });
  const [p0, p1] = (readBoard(doc)?.lanes ?? []).map((lane) => lane.id) as [string, string];
  addItem(doc, { title: 'Strong', laneId: p0, estimate: 2, reach: 2000, impact: 3, confidence: 1, techHealth: 1, risk: 1 });
  addItem(doc, { title: 'Weak', laneId: p0, estimate: 8, reach: 20, impact: 0.5, confidence: 0.5, techHealth: 0, risk: 3 });
  addItem(doc, { title: 'Middling', laneId: p0, estimate: 3, reach: 400, impact: 1, confidence: 0.8, techHealth: 1, risk: 2, kind: 'tech-health' });
  addItem(doc, { title: 'Fourth', laneId: p1, estimate: 3, reach: 900, impact: 2, confidence: 0.9, techHealth: 2, risk: 1 });
  addItem(doc, { title: 'Fifth', laneId: p1, estimate: 5, reach: 300, impact: 1, confidence: 0.5, techHealth: 2.5, risk: 1, kind: 'tech-health' });
  // Let the server take the seed before the browsers load the board.
  await new Promise((resolve) => setTimeout(resolve, 300));
  provider.destroy();
  return url;
}

async function twoUsers(url: string, options: { bypassCSP?: boolean } = {}): Promise<[BoardPage, BoardPage]> {
  const dana = await suite.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const lee = await suite.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  return [await BoardPage.open(dana, url, 'Dana'), await BoardPage.open(lee, url, 'Lee')];
}

describe('lane budgets with hard limits', () => {
  it('the fourth cannot enter a full P0 without a demotion or a stated reason, and both paths appear in the decision log', async () => {
    const url = await planningBoard('Hard P0');
    const [dana, lee] = await twoUsers(url);
    const [danaDoes, leeDoes] = [new TradeoffVerbs(dana), new TradeoffVerbs(lee)];
    await dana.waitForLayout((layout) => layout.P0?.length === 3 && layout.P1?.length === 2, 'the seeded board');
    expect(await dana.page.getByTestId('top-lane-claim').textContent()).toMatch(/P0 claims \d+% of all effort/);

    // A drop into the full P0 writes nothing until the user decides; cancel leaves the board alone.
    await dana.dragCard('Fourth', { lane: 'P0' });
    const dialog = danaDoes.moveDialog();
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toMatch(/P0 is full \(3 of 3 items\)/);
    expect(await dialog.textContent()).toMatch(/To add “Fourth”, demote one:/);
    // Weakest score first, preselected.
    expect(await dialog.getByRole('radio').first().getAttribute('value')).toBeTruthy();
    expect(await dialog.getByRole('radio', { checked: true }).evaluate((input) => input.closest('label')?.textContent ?? '')).toMatch(/^Weak/);
    expect(await dana.titlesIn('P0')).toEqual(['Strong', 'Weak', 'Middling']);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await dana.titlesIn('P1')).toEqual(['Fourth', 'Fifth']);

    // Path A: demote one. P0 keeps three; the demoted item goes where the new one came from.
    await dana.dragCard('Fourth', { lane: 'P0' });
    await danaDoes.demote('Weak', 'P1', 'Fourth unblocks the enterprise deal');
    const afterSwap = (layout: Record<string, string[]>) => layout.P0?.length === 3 && layout.P0.includes('Fourth') && layout.P1?.[0] === 'Weak';
    await dana.waitForLayout(afterSwap, 'the swap in Dana’s browser');
    await lee.waitForLayout(afterSwap, 'the swap in Lee’s browser');
    expect(await danaDoes.laneLevel('P0')).toBe('full');

    let log = await fetchDecisions(suite.server.url, url);
    const moves = log.filter((entry) => entry.action === 'item.moved');
    const [demoted, promoted] = [moves.find((entry) => entry.item?.title === 'Weak'), moves.find((entry) => entry.item?.title === 'Fourth')];
    expect(demoted?.to?.laneName).toBe('P1');
    expect(promoted?.to?.laneName).toBe('P0');
    expect(demoted?.details?.swapWith).toMatchObject({ title: 'Fourth' });
    expect(promoted?.details?.swapWith).toMatchObject({ title: 'Weak' });
    expect(promoted?.seq).toBe((demoted?.seq ?? 0) + 1);
    expect(promoted?.rationale).toBe('Fourth unblocks the enterprise deal');
    expect(log.some((entry) => entry.action === 'lane.limit-overridden')).toBe(false);

    // Path B, by keyboard in the other browser: the reason is required, then P0 goes over its limit.
    await lee.keyboardMove('Fifth', ['ArrowLeft']);
    await leeDoes.moveDialog().waitFor();
    await leeDoes.moveDialog().getByRole('button', { name: 'Override the limit' }).click();
    await leeDoes.moveDialog().getByText(/State a reason to go over the limit/).waitFor();
    expect(await lee.titlesIn('P0')).not.toContain('Fifth');
    await leeDoes.override('Outage follow-up promised to customers');
    const overLimit = (layout: Record<string, string[]>) => layout.P0?.length === 4 && layout.P0.includes('Fifth');
    await lee.waitForLayout(overLimit, 'the override in Lee’s browser');
    await dana.waitForLayout(overLimit, 'the override in Dana’s browser');
    await danaDoes.waitForLaneLevel('P0', 'over');
    await leeDoes.waitForLaneLevel('P0', 'over');
    expect(await dana.lane('P0').getByTestId('lane-count').textContent()).toBe('4 / 3 items');

    await poll(async () => (log = await fetchDecisions(suite.server.url, url)).some((entry) => entry.action === 'lane.limit-overridden'), 'the override entry');
    const override = log.find((entry) => entry.action === 'lane.limit-overridden');
    expect(override?.rationale).toBe('Outage follow-up promised to customers');
    expect(override?.item?.title).toBe('Fifth');
    expect(override?.actor.name).toBe('Lee');
    expect(override?.details).toMatchObject({ laneName: 'P0', itemLimit: 3, count: 4 });
  });
});

describe('adding straight into a full hard lane', () => {
  it('needs a reason, and the log records the override with it', async () => {
    const url = await planningBoard('Hard P0, new card');
    const context = await suite.newContext();
    const dana = await BoardPage.open(context, url, 'Dana');
    await dana.waitForLayout((layout) => layout.P0?.length === 3, 'the seeded board');
    await dana.page.getByRole('button', { name: 'Add initiative to P0' }).click();
    const panel = dana.page.getByRole('complementary');
    await panel.getByLabel('Title', { exact: true }).fill('Incident follow-up');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect(panel.getByRole('alert').textContent()).resolves.toMatch(/P0 is full \(3 of 3\): say why/);
    expect(await dana.titlesIn('P0')).toEqual(['Strong', 'Weak', 'Middling']);
    await panel.getByLabel('Reason to go over the limit').fill('Sev-1 follow-up, agreed with the VP');
    await panel.getByRole('button', { name: 'Save' }).click();
    await dana.waitForLayout((layout) => layout.P0?.length === 4, 'the card in P0');
    await poll(async () => (await fetchDecisions(suite.server.url, url)).some((entry) => entry.action === 'lane.limit-overridden'), 'the override entry');
    const override = (await fetchDecisions(suite.server.url, url)).find((entry) => entry.action === 'lane.limit-overridden');
    expect(override).toMatchObject({ item: { title: 'Incident follow-up' }, rationale: 'Sev-1 follow-up, agreed with the VP', actor: { name: 'Dana' } });
  });
});

describe('the top lane asks why', () => {
  it('a keyboard move into P0 asks for a reason (skippable) and writes one move with it', async () => {
    const url = await planningBoard('Why P0');
    const [dana] = await twoUsers(url);
    const does = new TradeoffVerbs(dana);
    // Make room in P0 first (within P0 nothing is asked).
    await dana.page.getByRole('button', { name: 'Edit lane P0' }).click();
    await dana.page.getByLabel('Item limit').fill('5');
    await dana.page.getByRole('button', { name: 'Save' }).click();
    const card = dana.cardByTitle('Fourth');
    await card.focus();
    for (const key of ['Space', 'ArrowLeft', 'Space']) {
      await dana.page.keyboard.press(key);
      await dana.page.waitForTimeout(120);
    }
    const dialog = does.moveDialog();
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Why does “Fourth” belong in P0?');
    expect(await dana.titlesIn('P0')).not.toContain('Fourth');
    await dialog.getByLabel('Reason').fill('Largest customer asked twice');
    await dialog.getByRole('button', { name: 'Move with reason' }).click();
    await dana.waitForLayout((layout) => layout.P0?.includes('Fourth') === true, 'the move');
    await poll(async () => (await fetchDecisions(suite.server.url, url)).some((entry) => entry.action === 'item.moved' && entry.item?.title === 'Fourth' && entry.rationale === 'Largest customer asked twice'), 'the reason in the log');
    expect((await fetchDecisions(suite.server.url, url)).filter((entry) => entry.action === 'item.moved')).toHaveLength(1);
  });
});

describe('live estimation', () => {
  it('keeps votes hidden until the reveal, then shows both with the spread; accepting writes the estimate', async () => {
    const url = await planningBoard('Poker');
    const [dana, lee] = await twoUsers(url);
    const [danaDoes, leeDoes] = [new TradeoffVerbs(dana), new TradeoffVerbs(lee)];
    await danaDoes.startEstimation('Fifth');
    await leeDoes.estimationRound('Fifth').waitFor();

    await danaDoes.vote('Fifth', '5');
    await leeDoes.vote('Fifth', '8');
    for (const page of [dana, lee]) {
      await poll(async () => (await new TradeoffVerbs(page).votedNames('Fifth')).sort().join() === 'Dana,Lee', 'both to show as voted');
    }
    // Before the reveal neither browser has the other's card: not in the DOM, the document or awareness.
    const peek = (page: BoardPage) =>
      page.page.evaluate(() => {
        const handles = (window as unknown as { __lanewise: { doc: { getMap(name: string): { toJSON(): unknown } }; awareness: { getStates(): Map<number, unknown> } } }).__lanewise;
        return {
          picked: [...document.querySelectorAll('[aria-pressed="true"][aria-label^="Vote"]')].map((node) => node.getAttribute('aria-label')),
          revealed: document.querySelectorAll('[data-testid="revealed-vote"]').length,
          doc: JSON.stringify(handles.doc.getMap('poker').toJSON()),
          awareness: JSON.stringify([...handles.awareness.getStates().values()]),
        };
      });
    const danaSees = await peek(dana);
    const leeSees = await peek(lee);
    expect(danaSees.picked).toEqual(['Vote 5']);
    expect(leeSees.picked).toEqual(['Vote 8']);
    for (const seen of [danaSees, leeSees]) {
      expect(seen.revealed).toBe(0);
      expect(seen.doc).toMatch(/"votes":\{\}/);
      expect(seen.awareness).not.toMatch(/"card"|"8"|"5"/);
      expect(seen.awareness).toMatch(/"voted":true/);
    }

    await danaDoes.estimationRound('Fifth').getByRole('button', { name: 'Reveal votes' }).click();
    for (const page of [danaDoes, leeDoes]) {
      await poll(async () => JSON.stringify(await page.revealedVotes('Fifth')) === JSON.stringify({ Dana: '5', Lee: '8' }), 'both votes after the reveal');
      await poll(async () => /Spread 5–8 · median 6\.5 · 2 votes/.test((await page.estimationRound('Fifth').getByTestId('estimation-spread').textContent()) ?? ''), 'the spread');
    }
    // Only the facilitator accepts.
    expect(await leeDoes.estimationRound('Fifth').getByRole('button', { name: /^Accept/ }).count()).toBe(0);
    await danaDoes.estimationRound('Fifth').getByRole('button', { name: 'Accept 8' }).click();
    for (const page of [dana, lee]) {
      await poll(async () => /8\s*pts/.test((await page.cardByTitle('Fifth').textContent()) ?? ''), 'the accepted estimate on the card');
      await new TradeoffVerbs(page).estimationRound('Fifth').waitFor({ state: 'detached' });
    }
    await poll(async () => (await fetchDecisions(suite.server.url, url)).some((entry) => entry.action === 'item.estimated' && entry.item?.title === 'Fifth'), 'the estimate in the decision log');
  });
});

describe('conversations', () => {
  it('a comment appears live in the other browser, with mentions and a safe link, and the card counts it', async () => {
    const url = await planningBoard('Comments');
    const [dana, lee] = await twoUsers(url);
    const [danaDoes, leeDoes] = [new TradeoffVerbs(dana), new TradeoffVerbs(lee)];
    expect(await leeDoes.commentCount('Strong')).toBe(0);

    const panel = await danaDoes.openItem('Strong');
    const box = panel.getByLabel('Add a comment');
    await box.fill('Can we ship this first? ');
    await box.pressSequentially('@Le');
    await panel.getByRole('option', { name: '@Lee' }).waitFor();
    await box.press('Enter');
    await box.pressSequentially('see https://example.com/spec.');
    expect(await box.inputValue()).toBe('Can we ship this first? @Lee see https://example.com/spec.');
    await panel.getByRole('button', { name: 'Post comment' }).click();

    await poll(async () => (await leeDoes.commentCount('Strong')) === 1, 'the count on Lee’s card');
    const leePanel = await leeDoes.openItem('Strong');
    const comment = leePanel.getByTestId('comment').first();
    await comment.waitFor();
    expect(await comment.getAttribute('data-author')).toBe('Dana');
    expect(await comment.locator('.mention').textContent()).toBe('@Lee');
    const link = comment.getByRole('link', { name: 'https://example.com/spec' });
    expect(await link.getAttribute('href')).toBe('https://example.com/spec');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    // Lee may reply but not edit Dana's comment.
    expect(await comment.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    await comment.getByRole('button', { name: 'Reply' }).click();
    await leePanel.getByLabel('Reply to Dana').fill('Yes, after the <b>migration</b>');
    await leePanel.getByRole('button', { name: 'Post reply' }).click();
    await poll(async () => (await danaDoes.commentCount('Strong')) === 2, 'the reply counted on Dana’s card');
    expect(await dana.page.locator('[data-testid="comment"] b').count()).toBe(0);
  });
});

describe('trade-off view', () => {
  it('plots items in labelled quadrants with focusable points that open the item, without serious axe violations', async () => {
    const url = await planningBoard('Chart');
    const [dana] = await twoUsers(url, { bypassCSP: true });
    const does = new TradeoffVerbs(dana);
    // Both lenses and the lane mix are on the board itself.
    expect(await dana.cardByTitle('Strong').getByTestId('lens-value').textContent()).toMatch(/Value\s*3k/);
    expect(await dana.cardByTitle('Strong').getByTestId('lens-health').textContent()).toMatch(/Health\s*1\.5/);
    expect(await dana.lane('P0').getByTestId('lane-mix').textContent()).toMatch(/Tech health 23% ?\(target ≥ 20%\)/);
    expect(await seriousViolations(dana.page)).toEqual([]);

    const view = await does.showTradeoffs();
    expect(await view.getByTestId('quadrant-label').allTextContents()).toEqual(['Quick wins', 'Big bets', 'Fill-ins', 'Money pits']);
    const points = view.getByTestId('chart-point');
    expect(await points.count()).toBe(5);
    for (const point of await points.all()) {
      expect(await point.getAttribute('tabindex')).toBe('0');
      expect(await point.getAttribute('aria-label')).toMatch(/, lane P[01], benefit \d+ of 100 \(user value \d+ \+ health \d+\), effort .+ pts\./);
    }
    await dana.page.keyboard.press('Tab');
    const strong = view.locator('[data-testid="chart-point"][aria-label^="Strong"]');
    await strong.focus();
    await dana.page.keyboard.press('Enter');
    const panel = dana.page.getByRole('complementary', { name: 'Edit initiative' });
    await panel.waitFor();
    expect(await panel.getByLabel('Title', { exact: true }).inputValue()).toBe('Strong');
    await dana.closePanel();

    expect(await seriousViolations(dana.page)).toEqual([]);
    await view.getByRole('button', { name: 'Impact vs health' }).click();
    expect(await view.getByTestId('quadrant-label').allTextContents()).toEqual(['User wins', 'Double wins', 'Low leverage', 'Foundations']);
    expect(await seriousViolations(dana.page)).toEqual([]);
  });
});
