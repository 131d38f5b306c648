import { describe, expect, it } from 'vitest';
import { BoardPage, poll } from '../src/boardPage.ts';
import { lanewiseSuite } from '../src/suite.ts';
import { TradeoffVerbs } from '../src/tradeoffVerbs.ts';

const suite = lanewiseSuite();

async function sample(title: string) {
  return (await suite.server.links(title, { sample: true })).links;
}

const focusedName = (board: BoardPage) => board.page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '');

describe('keyboard', () => {
  it('Enter opens a card and Space picks it up; Esc closes History, Board settings and Share and focus goes back to their button', async () => {
    const links = await sample('Keyboard');
    const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
    const owner = await BoardPage.open(context, links.owner, 'Priya');
    const before = await owner.layout();

    await owner.cardByTitle('Dark mode').focus();
    await owner.page.keyboard.press('Enter');
    const panel = owner.page.getByRole('complementary', { name: 'Edit initiative' });
    await panel.waitFor();
    expect(await panel.getByLabel('Title', { exact: true }).inputValue()).toBe('Dark mode');
    expect(await owner.announcements()).not.toMatch(/Picked up Dark mode/);
    await owner.page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await owner.layout()).toEqual(before);

    await owner.cardByTitle('Dark mode').focus();
    await owner.page.keyboard.press('Space');
    await poll(async () => /Picked up Dark mode/.test(await owner.announcements()), 'the pick-up announced');
    await owner.keyboardSettled();
    await owner.page.keyboard.press('Escape');
    await poll(async () => /Moving Dark mode was cancelled/.test(await owner.announcements()), 'the cancel announced');
    expect(await owner.layout()).toEqual(before);

    const historyButton = owner.page.getByRole('button', { name: 'History', exact: true });
    await historyButton.click();
    await owner.page.getByTestId('history-sidebar').waitFor();
    await owner.page.keyboard.press('Escape');
    await owner.page.getByTestId('history-sidebar').waitFor({ state: 'detached' });
    expect(await focusedName(owner)).toBe('History');

    await owner.page.getByRole('button', { name: 'Board settings' }).click();
    await owner.page.getByRole('complementary', { name: 'Board settings' }).waitFor();
    await owner.page.keyboard.press('Escape');
    await owner.page.getByRole('complementary', { name: 'Board settings' }).waitFor({ state: 'detached' });
    expect(await focusedName(owner)).toBe('Board settings');

    await owner.page.getByRole('button', { name: 'Share', exact: true }).click();
    await owner.page.getByRole('dialog').waitFor();
    await owner.page.keyboard.press('Escape');
    await owner.page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await focusedName(owner)).toBe('Share');
  });
});

describe('panels beside the board', () => {
  it('History starts closed in a new browser; open, it never hides Later; with an item open the two do not stack', async () => {
    const links = await sample('Panels');
    const context = await suite.newContext({ viewport: { width: 1440, height: 900 } });
    const owner = await BoardPage.open(context, links.owner, 'Priya');
    expect(await owner.page.getByTestId('history-sidebar').count()).toBe(0);

    const lanesFullyVisible = () =>
      owner.page.evaluate(() => {
        const asides = [...document.querySelectorAll('[data-testid="history-sidebar"], aside.side-panel')].map((node) => node.getBoundingClientRect()).filter((box) => box.width > 0);
        const right = Math.min(window.innerWidth, ...asides.map((box) => box.left));
        return [...document.querySelectorAll<HTMLElement>('[data-testid="lane"]')].filter((lane) => {
          const box = lane.getBoundingClientRect();
          return box.left >= 0 && box.right <= right + 0.5;
        }).map((lane) => lane.dataset.laneName);
      });
    await owner.page.getByRole('button', { name: 'History', exact: true }).click();
    await owner.page.getByTestId('history-sidebar').waitFor();
    expect(await lanesFullyVisible()).toEqual(['P0', 'P1', 'P2', 'Later']);

    await owner.cardByTitle('Dark mode').click();
    await owner.page.getByRole('complementary', { name: 'Edit initiative' }).waitFor();
    const sideColumns = await owner.page.locator('[data-testid="history-sidebar"]:visible, aside.side-panel:visible').count();
    expect(sideColumns).toBe(1);
    expect(await lanesFullyVisible()).toEqual(['P0', 'P1', 'P2', 'Later']);
    await owner.closePanel();
    // History comes back once the item is closed.
    await owner.page.getByTestId('history-sidebar').waitFor();
  });

  it('Delete asks first: Cancel keeps the initiative, confirming deletes it', async () => {
    const links = await sample('Delete');
    const context = await suite.newContext();
    const editor = await BoardPage.open(context, links.editor, 'Lee');
    const panel = await new TradeoffVerbs(editor).openItem('Dark mode');
    await panel.getByRole('button', { name: 'Delete' }).click();
    const confirm = editor.page.getByRole('dialog', { name: /Delete “Dark mode”\?/ });
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/everyone/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await editor.titlesIn('P2')).toContain('Dark mode');
    await panel.getByRole('button', { name: 'Delete' }).click();
    await editor.page.getByRole('dialog', { name: /Delete “Dark mode”\?/ }).getByRole('button', { name: 'Delete initiative' }).click();
    await editor.waitForLayout((layout) => !(layout.P2 ?? []).includes('Dark mode'), 'the card to go');
  });
});

describe('links, mentions and estimation', () => {
  it('after a link rotation the editor reads one plain sentence, no internal code', async () => {
    const { links } = await suite.server.links('Rotation message');
    const editorContext = await suite.newContext();
    const editor = await BoardPage.open(editorContext, links.editor, 'Lee');
    const ownerContext = await suite.newContext();
    const owner = await BoardPage.open(ownerContext, links.owner, 'Dana');
    await owner.page.getByRole('button', { name: 'Share', exact: true }).click();
    owner.page.once('dialog', (dialog) => void dialog.accept());
    await owner.page.getByRole('button', { name: 'New editor link' }).click();
    const message = editor.page.getByTestId('board-not-found');
    await message.waitFor({ timeout: 10_000 });
    const text = (await message.textContent()) ?? '';
    expect(text).toMatch(/owner replaced or revoked this link/);
    expect(text).not.toMatch(/link revoked|token_|Boards open only through a share link/);
  });

  it('the person mentioned sees their unread mentions when they open the board, until read', async () => {
    const links = await sample('Mentions');
    const danaContext = await suite.newContext();
    const dana = await BoardPage.open(danaContext, links.owner, 'Dana');
    const panel = await new TradeoffVerbs(dana).openItem('Dark mode');
    await panel.getByLabel('Add a comment').fill('@Lee can you size this before Friday?');
    await panel.getByRole('button', { name: 'Post comment' }).click();
    await panel.getByTestId('comment').first().waitFor();

    const leeContext = await suite.newContext();
    const lee = await BoardPage.open(leeContext, links.editor, 'Lee');
    const mentions = lee.page.getByTestId('mentions');
    await mentions.waitFor();
    const mention = mentions.getByTestId('mention').first();
    expect(await mention.textContent()).toMatch(/Dana mentioned you on “Dark mode”.*can you size this before Friday/);
    // Opening it marks it read.
    await mention.getByRole('button', { name: /Open/ }).click();
    await lee.page.getByRole('complementary', { name: 'Edit initiative' }).waitFor();
    await mentions.waitFor({ state: 'detached' });
    await lee.page.reload();
    await lee.waitConnected();
    // The comment is in the document (its count shows on the card), and still no mention is shown.
    await poll(async () => (await new TradeoffVerbs(lee).commentCount('Dark mode')) === 1, 'the comment loaded');
    expect(await lee.page.getByTestId('mentions').count()).toBe(0);
    // Dana is not told about her own mention.
    expect(await dana.page.getByTestId('mentions').count()).toBe(0);
  });

  it('planning poker: a wide spread offers a re-vote, and the facilitator may accept any value', async () => {
    const links = await sample('Poker');
    const dana = await BoardPage.open(await suite.newContext(), links.owner, 'Dana');
    const lee = await BoardPage.open(await suite.newContext(), links.editor, 'Lee');
    const [danaDoes, leeDoes] = [new TradeoffVerbs(dana), new TradeoffVerbs(lee)];
    await danaDoes.startEstimation('Dark mode');
    await leeDoes.estimationRound('Dark mode').waitFor();
    await danaDoes.vote('Dark mode', '2');
    await leeDoes.vote('Dark mode', '13');
    await poll(async () => (await danaDoes.votedNames('Dark mode')).length === 2, 'both voted');
    await danaDoes.estimationRound('Dark mode').getByRole('button', { name: 'Reveal votes' }).click();
    const round = danaDoes.estimationRound('Dark mode');
    await poll(async () => /Wide spread/.test((await round.getByTestId('estimation-spread').textContent()) ?? ''), 'the wide spread flagged');

    await round.getByRole('button', { name: 'Re-vote' }).click();
    for (const page of [danaDoes, leeDoes]) {
      await poll(async () => (await page.estimationRound('Dark mode').getAttribute('data-status')) === 'voting', 'a new round');
      expect(await page.estimationRound('Dark mode').getByTestId('revealed-vote').count()).toBe(0);
      expect(await page.votedNames('Dark mode')).toEqual([]);
    }
    await danaDoes.vote('Dark mode', '5');
    await leeDoes.vote('Dark mode', '8');
    await poll(async () => (await danaDoes.votedNames('Dark mode')).length === 2, 'both voted again');
    await round.getByRole('button', { name: 'Reveal votes' }).click();
    await poll(async () => (await round.getByTestId('revealed-vote').count()) === 2, 'the second reveal');
    // Not one of the votes, not the suggestion: the facilitator's call after discussion.
    await round.getByLabel('Another value').selectOption('3');
    await round.getByRole('button', { name: 'Accept 3', exact: true }).click();
    for (const page of [dana, lee]) await poll(async () => /3\s*pts/.test((await page.cardByTitle('Dark mode').textContent()) ?? ''), 'the accepted estimate');
  });
});
