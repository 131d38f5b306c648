import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BoardPage, poll } from '../src/boardPage.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

async function twoUsers(title: string): Promise<{ url: string; dana: BoardPage; lee: BoardPage }> {
  const { url } = await suite.server.createBoard(title);
  const dana = await BoardPage.open(await suite.newContext(), url, 'Dana');
  const lee = await BoardPage.open(await suite.newContext(), url, 'Lee');
  return { url, dana, lee };
}

/** Opens a card's panel and waits for the lazily loaded description editor. */
async function openEditor(board: BoardPage, cardTitle: string): Promise<{ panel: Locator; editor: Locator; title: Locator }> {
  await board.cardByTitle(cardTitle).click();
  const panel = board.page.getByRole('complementary', { name: 'Edit initiative' });
  const editor = panel.getByTestId('description-editor');
  await editor.waitFor();
  return { panel, editor, title: panel.getByLabel('Title', { exact: true }) };
}

/** The text people see in the editor, without the name labels of others' carets. */
const textOf = (editor: Locator): Promise<string> =>
  editor.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('[data-testid="text-caret"]')) caret.remove();
    return (copy.textContent ?? '').replace(/\u00a0/g, ' ').trim();
  });

describe('text that merges', () => {
  it('two people type into one description at once, at different places: both texts on both screens and after a reload, with the other’s caret named', async () => {
    const { url, dana, lee } = await twoUsers('Rich text');
    await dana.addCard('P1', 'Problem statement');
    await lee.cardByTitle('Problem statement').waitFor();
    const a = await openEditor(dana, 'Problem statement');
    const b = await openEditor(lee, 'Problem statement');

    await a.editor.click();
    await dana.page.keyboard.type('Checkout is slow.');
    await poll(async () => (await textOf(b.editor)) === 'Checkout is slow.', 'Lee to see Dana’s sentence');

    // Dana writes on at the end, Lee adds the risks at the start: keystrokes interleaved.
    await a.editor.click();
    await dana.page.keyboard.press('End');
    // Lee clicks at the very start of the paragraph.
    await b.editor.locator('p').first().click({ position: { x: 1, y: 4 } });
    await lee.page.keyboard.press('Home');
    const danaText = ' Users abandon carts.';
    const leeText = 'Risk: PSP limits. ';
    for (let i = 0; i < Math.max(danaText.length, leeText.length); i++) {
      if (i < danaText.length) await dana.page.keyboard.type(danaText[i] as string);
      if (i < leeText.length) await lee.page.keyboard.type(leeText[i] as string);
      if (i === 4) {
        // While Dana types, Lee sees her caret with her name.
        await lee.page.getByTestId('text-caret').filter({ hasText: 'Dana' }).waitFor();
      }
    }
    const expected = 'Risk: PSP limits. Checkout is slow. Users abandon carts.';
    await poll(async () => (await textOf(a.editor)) === expected && (await textOf(b.editor)) === expected, 'both screens to show both texts').catch(async (error: Error) => {
      throw new Error(`${error.message}; Dana sees “${await textOf(a.editor)}”, Lee “${await textOf(b.editor)}”`);
    });
    await dana.page.getByTestId('text-caret').filter({ hasText: 'Lee' }).waitFor();
    await lee.page.screenshot({ path: '/tmp/i16-lee.png' });

    // After a reload both texts are still there (stored by the server, not only in the tab).
    await lee.page.reload();
    await lee.waitConnected();
    const reopened = await openEditor(lee, 'Problem statement');
    await poll(async () => (await textOf(reopened.editor)) === expected, 'the text after a reload');
    const fresh = await BoardPage.open(await suite.newContext(), url, 'Sam');
    const third = await openEditor(fresh, 'Problem statement');
    await poll(async () => (await textOf(third.editor)) === expected, 'a new browser to load the text');
  });

  it('a rename and a concurrent typo fix of the same title both survive', async () => {
    const { dana, lee } = await twoUsers('Titles');
    await dana.addCard('P0', 'Chekout latency');
    await lee.cardByTitle('Chekout latency').waitFor();
    const a = await openEditor(dana, 'Chekout latency');
    const b = await openEditor(lee, 'Chekout latency');
    await a.title.click();
    await dana.page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await dana.page.keyboard.press('ArrowRight');
    await b.title.click();
    await lee.page.keyboard.press('End');
    // At the same time: Dana fixes the typo, Lee renames by extending the title.
    await Promise.all([dana.page.keyboard.type('c', { delay: 30 }), lee.page.keyboard.type(' under 300 ms', { delay: 30 })]);
    const expected = 'Checkout latency under 300 ms';
    await poll(async () => (await a.title.inputValue()) === expected && (await b.title.inputValue()) === expected, 'both edits in both title fields').catch(async (error: Error) => {
      throw new Error(`${error.message}; Dana sees “${await a.title.inputValue()}”, Lee “${await b.title.inputValue()}”`);
    });
    await dana.cardByTitle(expected).waitFor();
    await lee.cardByTitle(expected).waitFor();
  });

  it('formats text, keeps links safe and sanitizes pasted HTML to the allowed schema', async () => {
    const { dana, lee } = await twoUsers('Paste');
    await dana.addCard('P2', 'Pasted');
    await lee.cardByTitle('Pasted').waitFor();
    const a = await openEditor(dana, 'Pasted');
    const b = await openEditor(lee, 'Pasted');
    await b.editor.click();
    await lee.page.keyboard.type('Lee was here');
    await poll(async () => (await textOf(a.editor)) === 'Lee was here', 'Dana to see Lee’s line');
    await a.editor.click();
    await dana.page.keyboard.press('ControlOrMeta+End');
    await dana.page.keyboard.press('Enter');
    await a.editor.evaluate((element) => {
      const data = new DataTransfer();
      data.setData(
        'text/html',
        '<h2>Plan</h2><p>Keep <b>this</b> <a href="javascript:alert(1)">unsafe</a> <a href="https://example.com/spec">spec</a></p>' +
          '<script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2"><iframe src="https://example.com"></iframe>' +
          '<p style="color:red" onclick="window.pwned = 3">styled</p><ul><li>one</li></ul>',
      );
      data.setData('text/plain', 'fallback');
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    for (const editor of [a.editor, b.editor]) {
      await poll(async () => (await textOf(editor)).includes('styled'), 'the pasted text on both screens');
      expect(await textOf(editor.locator('h2'))).toBe('Plan');
      expect(await textOf(editor.locator('strong'))).toBe('this');
      expect(await textOf(editor.locator('li'))).toBe('one');
      // The unsafe link keeps its words and loses the link; the safe one opens safely.
      const links = editor.locator('a');
      expect(await links.count()).toBe(1);
      expect(await links.getAttribute('href')).toBe('https://example.com/spec');
      expect(await links.getAttribute('rel')).toMatch(/noopener noreferrer/);
      expect(await textOf(editor)).toContain('unsafe');
      // (ProseMirror's own `img.ProseMirror-separator` keeps a caret widget at a line end in Chrome.)
      expect(await editor.locator('script, iframe, img:not(.ProseMirror-separator), [onclick], p[style]').count()).toBe(0);
    }
    expect(await dana.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    // The server took it (a refusal would have closed the connection): it reaches a reload.
    await lee.page.reload();
    await lee.waitConnected();
    const again = await openEditor(lee, 'Pasted');
    await poll(async () => (await textOf(again.editor)).includes('spec'), 'the pasted text after a reload');

    // Undo is per person and covers text: Dana's undo takes back her paste and new line, not Lee's words.
    await a.editor.click();
    await dana.page.keyboard.press('ControlOrMeta+z');
    await dana.page.keyboard.press('ControlOrMeta+z');
    for (const editor of [a.editor, again.editor]) await poll(async () => (await textOf(editor)) === 'Lee was here', 'only Lee’s line to remain');
  });
});
