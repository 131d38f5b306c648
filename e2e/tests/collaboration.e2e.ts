import { describe, expect, it } from 'vitest';
import { BoardPage } from '../src/boardPage.ts';
import { cuttableNetwork } from '../src/network.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

let boardUrl = '';

async function twoUsers(title: string): Promise<[BoardPage, BoardPage]> {
  const { url } = await suite.server.createBoard(title);
  boardUrl = url;
  const dana = await suite.newContext({ viewport: { width: 1280, height: 900 } });
  const lee = await suite.newContext({ viewport: { width: 1280, height: 900 } });
  return [await BoardPage.open(dana, url, 'Dana'), await BoardPage.open(lee, url, 'Lee')];
}

describe('two people on one board', () => {
  it('a drag in one browser appears in the other, in the same order', async () => {
    const [dana, lee] = await twoUsers('Live drag');
    await dana.addCard('P1', 'SSO with SAML', { owner: 'Priya', estimate: 8, tags: 'enterprise, security' });
    await dana.addCard('P1', 'Checkout latency');
    await dana.addCard('P1', 'Dark mode');
    await lee.waitForLayout((layout) => layout.P1?.length === 3, 'Lee to see three cards');

    await dana.dragCard('Dark mode', { lane: 'P0' });
    const expected = { P0: ['Dark mode'], P1: ['SSO with SAML', 'Checkout latency'], P2: [], Later: [] };
    await dana.waitForLayout((layout) => JSON.stringify(layout) === JSON.stringify(expected), 'Dana’s drag to land');
    await lee.waitForLayout((layout) => JSON.stringify(layout) === JSON.stringify(expected), 'Lee to see the drag');

    await lee.dragCard('Checkout latency', { lane: 'P1', before: 'SSO with SAML' });
    await dana.waitForLayout((layout) => layout.P1?.join() === 'Checkout latency,SSO with SAML', 'Dana to see Lee’s reorder');
    // Each card shows owner, estimate and tags at a glance.
    const card = lee.cardByTitle('SSO with SAML');
    await expect(card.textContent()).resolves.toMatch(/Priya/);
    await expect(card.textContent()).resolves.toMatch(/8/);
    await expect(card.textContent()).resolves.toMatch(/enterprise/);
  });

  it('moves a card across lanes with the keyboard alone, and announces it', async () => {
    const [dana, lee] = await twoUsers('Keyboard');
    await dana.addCard('P2', 'Audit log');
    await dana.addCard('P1', 'Billing export');
    await dana.keyboardMove('Audit log', ['ArrowLeft']);
    await dana.waitForLayout((layout) => layout.P1?.includes('Audit log') === true, 'the keyboard move');
    await lee.waitForLayout((layout) => layout.P1?.includes('Audit log') === true && layout.P2?.length === 0, 'Lee to see it');
    expect(await dana.announcements()).toMatch(/Audit log/);

    // A cancelled keyboard drag writes nothing.
    const before = await dana.layout();
    await dana.keyboardMove('Billing export', ['ArrowRight'], 'cancel');
    await dana.page.waitForTimeout(300);
    expect(await dana.layout()).toEqual(before);
  });

  it('reorders within a lane by touch', async () => {
    const { url } = await suite.server.createBoard('Touch');
    const tablet = await suite.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: false });
    const board = await BoardPage.open(tablet, url, 'Tablet');
    for (const title of ['One', 'Two', 'Three']) await board.addCard('P0', title);
    await board.touchDrag('Three', { lane: 'P0', before: 'One' });
    await board.waitForLayout((layout) => layout.P0?.join() === 'Three,One,Two', 'the touch reorder');
  });

  it('both users move the same card at the same time and end with one card in one place', async () => {
    const [dana, lee] = await twoUsers('Same card');
    await dana.addCard('P1', 'Contested');
    await dana.addCard('P2', 'Anchor');
    await lee.waitForLayout((layout) => layout.P2?.length === 1 && layout.P1?.length === 1, 'Lee to see the cards');
    await Promise.all([dana.dragCard('Contested', { lane: 'P0' }), lee.dragCard('Contested', { lane: 'P2' })]);
    const settled = (layout: Record<string, string[]>) => Object.values(layout).flat().filter((title) => title === 'Contested').length === 1;
    await dana.waitForLayout(settled, 'Dana to settle');
    await lee.waitForLayout(settled, 'Lee to settle');
    await dana.page.waitForTimeout(500);
    expect(await dana.layout()).toEqual(await lee.layout());
    expect(Object.values(await dana.layout()).flat().filter((title) => title === 'Contested')).toHaveLength(1);
  });

  it('an offline user keeps editing, even across closing the tab, and both converge when the connection returns', async () => {
    const { url } = await suite.server.createBoard('Offline');
    const danaContext = await suite.newContext({ viewport: { width: 1280, height: 900 } });
    const leeContext = await suite.newContext({ viewport: { width: 1280, height: 900 } });
    // Network emulation does not cut open websockets, so Lee's are routed: offline closes them
    // and refuses new ones until the network is back.
    const network = await cuttableNetwork(leeContext);
    const dana = await BoardPage.open(danaContext, url, 'Dana');
    const lee = await BoardPage.open(leeContext, url, 'Lee');
    await dana.addCard('P1', 'Shared');
    await lee.waitForLayout((layout) => layout.P1?.length === 1, 'Lee to see the card');

    await network.goOffline();
    await lee.page.locator('[data-testid="connection-status"]:not([data-status="connected"])').waitFor();
    await lee.addCard('P2', 'Written offline');
    await lee.dragCard('Shared', { lane: 'P0' });
    await dana.addCard('Later', 'Written online');
    await dana.page.waitForTimeout(1000);
    expect((await dana.layout()).P2).toEqual([]); // really offline: nothing of Lee's arrived
    // Lee closes the tab before the connection returns, then opens the board again.
    await lee.page.close();
    await network.goOnline();
    const leeAgain = await BoardPage.open(leeContext, url, 'Lee');
    const converged = (layout: Record<string, string[]>) =>
      layout.P0?.join() === 'Shared' && layout.P2?.join() === 'Written offline' && layout.Later?.join() === 'Written online';
    await leeAgain.waitForLayout(converged, 'Lee to converge', 20_000);
    await dana.waitForLayout(converged, 'Dana to converge', 20_000);
  });

  it('keeps the board intact across a server restart', async () => {
    const [dana, lee] = await twoUsers('Restart');
    await dana.addCard('P0', 'Survives');
    await dana.addCard('P1', 'Also survives');
    await lee.waitForLayout((layout) => layout.P1?.length === 1, 'Lee to see the cards');
    const before = await dana.layout();
    await suite.server.restart({ hard: true, downMs: 500 });
    await dana.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 20_000 });
    await lee.addCard('P2', 'After restart');
    await dana.waitForLayout((layout) => layout.P2?.join() === 'After restart', 'Dana to see the post-restart edit', 20_000);
    const after = await dana.layout();
    expect({ ...after, P2: [] }).toEqual(before);
    const fresh = await suite.newContext();
    const newcomer = await BoardPage.open(fresh, boardUrl, 'Newcomer');
    await newcomer.waitForLayout((layout) => JSON.stringify(layout) === JSON.stringify(after), 'a fresh browser to load the board');
  });

  it('renders a card titled like HTML as text and runs nothing', async () => {
    const [dana, lee] = await twoUsers('XSS');
    const dialogs: string[] = [];
    for (const page of [dana.page, lee.page]) page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
    const title = '<img src=x onerror=alert(1)>';
    await dana.addCard('P0', title);
    await lee.waitForLayout((layout) => layout.P0?.[0] === title, 'Lee to see the card');
    await lee.page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    expect(await lee.cardByTitle(title).locator('img').count()).toBe(0);
    expect(await lee.cardByTitle(title).textContent()).toContain(title);
  });
});
