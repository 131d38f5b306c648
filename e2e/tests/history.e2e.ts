import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BoardPage } from '../src/boardPage.ts';
import { HistoryVerbs } from '../src/historyVerbs.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

async function newContext(): Promise<BrowserContext> {
  // bypassCSP: the axe check injects a script, which the server's CSP would refuse.
  const context = await suite.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true, acceptDownloads: true });
  return context;
}

async function twoUsers(title: string): Promise<{ url: string; dana: BoardPage; lee: BoardPage }> {
  const { url } = await suite.server.createBoard(title);
  const dana = await BoardPage.open(await newContext(), url, 'Dana');
  const lee = await BoardPage.open(await newContext(), url, 'Lee');
  return { url, dana, lee };
}

describe('decision log and board history', () => {
  it('a move into P0 with a reason reaches the other participant’s feed within a second, and the Markdown record says who, what, from, to and why', async () => {
    const { dana, lee } = await twoUsers('Q3 planning');
    const danaHistory = new HistoryVerbs(dana);
    const leeHistory = new HistoryVerbs(lee);
    const verifyRequests: string[] = [];
    lee.page.on('request', (request) => {
      if (request.url().includes('/decisions/verify')) verifyRequests.push(request.url());
    });
    await dana.addCard('P1', 'Audit log');
    await dana.addCard('P1', 'SSO');
    await leeHistory.openTab('Decisions');
    await leeHistory.waitForFeedEntry(/added “SSO” to P1 #2/);

    const reason = 'Enterprise deal with Acme depends on it';
    const moved = /Dana( \(unverified\))? moved “SSO” from P1 #2 to P0 #1/;
    // The entry that carries the reason (robust to a reason-less move being written and undone first).
    const seenByLee = await leeHistory.watchFeedFor(new RegExp(`${moved.source}[\\s\\S]*${reason}`));
    const writtenAt = await danaHistory.moveWithReason('SSO', { lane: 'P0' }, reason);
    const latencyMs = (await seenByLee()) - writtenAt;
    console.log(`feed latency (drop confirmed in Dana's browser → entry in Lee's feed): ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(1000);

    // Newest first: the move with its reason on top.
    const entry = leeHistory.feedEntries.first();
    expect(await entry.innerText()).toMatch(moved);
    expect(await entry.innerText()).toContain(`“${reason}”`);
    expect(await entry.getAttribute('data-action')).toBe('item.moved');
    await expect.poll(() => lee.titlesIn('P0')).toEqual(['SSO']);

    // The card's own history shows the same decision.
    await lee.cardByTitle('SSO').click();
    const itemHistory = lee.page.getByTestId('item-history');
    await itemHistory.getByTestId('decision-entry').filter({ hasText: moved }).filter({ hasText: reason }).waitFor();
    expect(await itemHistory.getByTestId('decision-entry').first().innerText()).toContain(reason);
    await lee.closePanel();

    // Entries keep arriving while Lee's feed is open: his browser does not ask the server to
    // re-check the log for each one (once on opening, then at most every 30 s).
    for (const title of ['Billing', 'Search', 'Exports']) await dana.addCard('P2', title);
    await leeHistory.waitForFeedEntry(/added “Exports” to P2/);
    expect(verifyRequests.length).toBeLessThanOrEqual(2);

    // The person filter narrows the feed to Dana's entries (all of them, here); the log is intact.
    await lee.page.getByTestId('decision-feed').getByLabel('Person').selectOption('Dana');
    await expect.poll(async () => (await leeHistory.feedTexts()).every((text) => text.startsWith('Dana'))).toBe(true);
    await lee.page.getByTestId('decision-feed').getByLabel('Person').selectOption('');
    await expect.poll(() => lee.page.getByTestId('log-integrity').innerText()).toMatch(/Log intact · \d+ entries/);

    const markdown = await leeHistory.exportLog('Markdown');
    const line = markdown.split('\n').find((text) => text.includes('moved') && text.includes(reason));
    expect(line, markdown).toBeDefined();
    expect(line).toContain('Dana');
    expect(line).toMatch(/SSO/);
    expect(line).toMatch(/from P1 #2 to P0 #1/); // ordinary text stays readable: nothing escaped
    expect(line).toContain(reason);
    // The export signs the log's head and carries the anchor to keep.
    expect(markdown).toMatch(/Signed anchor: entry \d+, signed .* UTC \(export\)\./);
    expect(markdown).toMatch(/Server signature \(HMAC-SHA256\): `[0-9a-f]{64}`/);

    expect(await leeHistory.seriousViolations()).toEqual([]);
  });

  it('snapshot, change, diff, restore for everyone live, then undo the restore', async () => {
    const { dana, lee } = await twoUsers('Snapshot board');
    const danaHistory = new HistoryVerbs(dana);
    await dana.addCard('P1', 'Alpha');
    await dana.addCard('P1', 'Beta');
    await dana.addCard('P2', 'Gamma');
    await lee.waitForLayout((layout) => layout.P2?.length === 1, 'Lee sees the three cards');
    const agreed = await dana.layout();

    await danaHistory.takeSnapshot('Q3 plan – agreed');
    expect(await danaHistory.snapshot('Q3 plan – agreed').innerText()).toMatch(/Dana/);
    // Lee's list picks the new snapshot up live.
    const leeHistory = new HistoryVerbs(lee);
    await leeHistory.openTab('Snapshots');
    await leeHistory.snapshot('Q3 plan – agreed').waitFor();

    // Lee changes the plan: Beta drops to P2, Delta is added.
    await lee.dragCard('Beta', { lane: 'P2' });
    await lee.addCard('Later', 'Delta');
    const changed = await dana.waitForLayout((layout) => layout.P2?.includes('Beta') === true && layout.Later?.includes('Delta') === true, 'Dana sees Lee’s changes');

    const diff = await danaHistory.compareWithNow('Q3 plan – agreed');
    expect(diff).toMatch(/Added[\s\S]*Delta in Later #1/i);
    expect(diff).toMatch(/Moved between lanes[\s\S]*Beta P1 #2 → P2 #\d/i);

    const confirmText = await danaHistory.restore('Q3 plan – agreed');
    expect(confirmText).toMatch(/everyone/i);
    expect(confirmText).toMatch(/undo/i);
    const same = (layout: Record<string, string[]>, expected: Record<string, string[]>) => JSON.stringify(layout) === JSON.stringify(expected);
    await Promise.all([dana.waitForLayout((layout) => same(layout, agreed), 'Dana back at the snapshot'), lee.waitForLayout((layout) => same(layout, agreed), 'Lee back at the snapshot')]);
    await new HistoryVerbs(lee).openTab('Decisions');
    await new HistoryVerbs(lee).waitForFeedEntry(/restored snapshot “Q3 plan – agreed”/);

    await danaHistory.undoRestore();
    await Promise.all([dana.waitForLayout((layout) => same(layout, changed), 'Dana sees the changes again'), lee.waitForLayout((layout) => same(layout, changed), 'Lee sees the changes again')]);

    // The history replay walks the decisions, first to last, across the restore and its undo.
    await danaHistory.openTab('Snapshots');
    await dana.page.getByRole('button', { name: /Replay the board’s history/ }).click();
    const replay = dana.page.getByRole('dialog', { name: 'Board history' });
    await replay.waitFor();
    await replay.getByTestId('replay-board').waitFor();
    const slider = replay.getByRole('slider');
    await slider.focus();
    await dana.page.keyboard.press('Home');
    await expect.poll(() => replay.getByTestId('replay-step').innerText()).toMatch(/added “Alpha”/);
    await expect.poll(() => replay.locator('[data-lane-name="P1"] [data-item-title]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-item-title')))).toEqual(['Alpha']);
    await dana.page.keyboard.press('End');
    await expect.poll(() => replay.getByTestId('replay-step').innerText()).toMatch(/restored snapshot “Before restoring/);
    await expect.poll(() => replay.locator('[data-lane-name="P2"] [data-item-title]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-item-title')))).toEqual(changed.P2);
    expect(await danaHistory.seriousViolations()).toEqual([]);
    await replay.getByRole('button', { name: 'Close history' }).click();
  });

  it('“since you last visited” shows what changed while this browser was away', async () => {
    const { url } = await suite.server.createBoard('Async board');
    const danaContext = await newContext();
    const dana = await BoardPage.open(danaContext, url, 'Dana');
    await dana.addCard('P1', 'SSO');
    await new HistoryVerbs(dana).waitForFeedEntry(/added “SSO”/);
    await dana.page.close();

    const lee = await BoardPage.open(await newContext(), url, 'Lee');
    await lee.addCard('P2', 'Audit log');
    await new HistoryVerbs(lee).moveWithReason('SSO', { lane: 'P0' }, 'Acme renewal');
    await new HistoryVerbs(lee).waitForFeedEntry(/moved “SSO”/);

    const back = await BoardPage.open(danaContext, url, 'Dana');
    const summary = new HistoryVerbs(back).sinceLastVisit;
    await summary.waitFor();
    const text = await summary.innerText();
    expect(text).toMatch(/\d+ changes by Lee$/m); // only Lee changed anything
    expect(text).toMatch(/SSO: moved P1 → P0 by Lee/);
    expect(text).toMatch(/Acme renewal/);
    expect(text).toMatch(/Audit log: added to P2 by Lee/);
    await summary.getByRole('button', { name: 'Got it' }).click();
    await summary.waitFor({ state: 'detached' });

    // Seen now: the next visit has nothing new to report.
    const catchUp = back.page.waitForResponse((response) => response.url().includes('sinceSeq='));
    await back.page.reload();
    await back.waitConnected();
    await new HistoryVerbs(back).waitForFeedEntry(/moved “SSO”/);
    await (await catchUp).finished();
    // The summary renders in the frame after its catch-up arrives: wait two frames, then look.
    await back.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await new HistoryVerbs(back).sinceLastVisit.count()).toBe(0);
  });
});
