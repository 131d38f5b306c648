import type { BrowserContext, Locator, Page } from 'playwright-core';

const poll = async (check: () => Promise<boolean>, what: string | (() => string), timeoutMs = 10_000): Promise<void> => {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
};

/**
 * A Lanewise board in one browser page, driven by what a user does: open it under a name, add
 * cards, drag them with the mouse, touch or keyboard. Elements are found by role, label and the
 * `data-testid` hooks listed in client/CONTEXT.md, never by CSS structure.
 */
export class BoardPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, url: string, name: string): Promise<BoardPage> {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
    const board = new BoardPage(page);
    await page.goto(url);
    // The name is asked once per browser; a returning user goes straight to the board.
    const nameInput = page.getByLabel('Your name');
    const lanes = page.locator('[data-testid="lane"]').first();
    await nameInput.or(lanes).first().waitFor({ timeout: 15_000 });
    if (await nameInput.isVisible()) {
      await nameInput.fill(name);
      await nameInput.press('Enter');
    }
    await board.waitConnected();
    return board;
  }

  async waitConnected(): Promise<void> {
    await this.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 15_000 });
    await this.page.locator('[data-testid="lane"]').first().waitFor({ timeout: 15_000 });
  }

  lane(name: string): Locator {
    return this.page.locator(`[data-testid="lane"][data-lane-name="${name}"]`);
  }

  cardByTitle(title: string): Locator {
    return this.page.locator(`[data-testid="card"][data-item-title=${JSON.stringify(title)}]`);
  }

  /** Card titles per lane, in the order shown. */
  async layout(): Promise<Record<string, string[]>> {
    return this.page.evaluate(() => {
      const result: Record<string, string[]> = {};
      for (const lane of document.querySelectorAll<HTMLElement>('[data-testid="lane"]')) {
        result[lane.dataset.laneName ?? ''] = [...lane.querySelectorAll<HTMLElement>('[data-testid="card"]')].map((card) => card.dataset.itemTitle ?? '');
      }
      return result;
    });
  }

  async titlesIn(laneName: string): Promise<string[]> {
    return (await this.layout())[laneName] ?? [];
  }

  async waitForLayout(check: (layout: Record<string, string[]>) => boolean, what: string, timeoutMs = 10_000): Promise<Record<string, string[]>> {
    let last: Record<string, string[]> = {};
    await poll(async () => check((last = await this.layout())), () => `${what} (last seen: ${JSON.stringify(last)})`, timeoutMs);
    return last;
  }

  async addCard(laneName: string, title: string, fields: { owner?: string; estimate?: number; tags?: string } = {}): Promise<void> {
    await this.page.getByRole('button', { name: `Add initiative to ${laneName}` }).click();
    const form = this.page.getByRole('complementary');
    await form.getByLabel('Title', { exact: true }).fill(title);
    if (fields.owner !== undefined) await form.getByLabel('Owner').fill(fields.owner);
    if (fields.estimate !== undefined) await form.getByLabel('Estimate').fill(String(fields.estimate));
    if (fields.tags !== undefined) await form.getByLabel('Tags').fill(fields.tags);
    await form.getByRole('button', { name: /^(Save|Add initiative|Create)/ }).click();
    await this.cardByTitle(title).waitFor();
    await this.closePanel();
  }

  async closePanel(): Promise<void> {
    const close = this.page.getByRole('button', { name: /^Close/ });
    if (await close.count()) await close.first().click();
  }

  /** Mouse drag: press on the card, move in steps (past dnd-kit's activation distance), release on the target. */
  async dragCard(title: string, target: { lane: string; before?: string }): Promise<void> {
    await this.cardByTitle(title).scrollIntoViewIfNeeded();
    const source = await this.cardByTitle(title).boundingBox();
    if (!source) throw new Error(`card ${title} is not visible`);
    const asks = await this.dropAsksWhy(title, target.lane);
    const to = await this.dropPoint(target);
    const mouse = this.page.mouse;
    await mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await mouse.down();
    await mouse.move(source.x + source.width / 2 + 4, source.y + source.height / 2 + 8, { steps: 4 });
    await mouse.move(to.x, to.y, { steps: 20 });
    await this.page.waitForTimeout(150);
    await mouse.move(to.x, to.y + 1, { steps: 2 });
    await mouse.up();
    await this.skipTopLaneReason(asks);
  }

  /**
   * A card entering the top lane asks "why does this belong here?" (skippable). The plain drag
   * verbs skip it unless `topLaneReason` is 'ask' (then the question stays open for the test).
   */
  topLaneReason: 'skip' | 'ask' = 'skip';

  async skipTopLaneReason(expected = false): Promise<void> {
    if (this.topLaneReason === 'ask') return;
    const skip = this.page.getByTestId('move-decision-dialog').getByRole('button', { name: 'Skip', exact: true });
    // Nothing is written until the question is answered, and the dialog's code loads on its first
    // use: on a busy machine it can take seconds to appear. When a drop must ask, wait for it.
    await skip.click({ timeout: expected ? 15_000 : 400 }).catch(() => undefined);
  }

  /** Whether dropping `title` on `laneName` asks why: an editor moving a card into the top lane from another. */
  private async dropAsksWhy(title: string, laneName: string): Promise<boolean> {
    if ((await this.page.getByTestId('read-only-banner').count()) > 0) return false;
    const lanes = Object.entries(await this.layout());
    return lanes[0]?.[0] === laneName && !lanes[0][1].includes(title);
  }

  /** Touch drag with real touch events (CDP), as a tablet would send them. */
  async touchDrag(title: string, target: { lane: string; before?: string }): Promise<void> {
    await this.cardByTitle(title).scrollIntoViewIfNeeded();
    const source = await this.cardByTitle(title).boundingBox();
    if (!source) throw new Error(`card ${title} is not visible`);
    const asks = await this.dropAsksWhy(title, target.lane);
    const to = await this.dropPoint(target);
    const cdp = await this.page.context().newCDPSession(this.page);
    const at = (x: number, y: number) => [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
    const start = { x: source.x + source.width / 2, y: source.y + source.height / 2 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(start.x, start.y) });
    await this.page.waitForTimeout(300); // the touch sensor's press delay
    for (let step = 1; step <= 20; step++) {
      const x = start.x + ((to.x - start.x) * step) / 20;
      const y = start.y + ((to.y - start.y) * step) / 20;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(x, y) });
      await this.page.waitForTimeout(16);
    }
    await this.page.waitForTimeout(150);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    await this.skipTopLaneReason(asks);
  }

  /** Keyboard only: focus the card, pick it up, press the given arrows, drop (or cancel with Escape). */
  async keyboardMove(title: string, keys: readonly string[], finish: 'drop' | 'cancel' = 'drop'): Promise<void> {
    await this.cardByTitle(title).focus();
    await this.page.keyboard.press('Space');
    await this.keyboardSettled();
    for (const key of keys) {
      await this.page.keyboard.press(key);
      // A keyboard step may scroll the board smoothly before the new target is measured.
      await this.page.waitForTimeout(120);
    }
    await this.page.keyboard.press(finish === 'drop' ? 'Space' : 'Escape');
    if (finish === 'drop') await this.skipTopLaneReason();
  }

  /**
   * Waits until the page has handled the last key: two frames (the drag state rendered and
   * measured) and then the timers queued before now. dnd-kit's keyboard sensor starts listening
   * for the next key in a timer, and Chromium runs input before timers, so a key sent right
   * after a pick-up could otherwise reach the page before the sensor listens.
   */
  async keyboardSettled(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
  }

  /** Text the screen reader was told (dnd-kit's live region). */
  async announcements(): Promise<string> {
    return this.page.evaluate(() => [...document.querySelectorAll('[aria-live]')].map((region) => region.textContent ?? '').join(' | '));
  }

  private async dropPoint(target: { lane: string; before?: string }): Promise<{ x: number; y: number }> {
    if (target.before) {
      const box = await this.cardByTitle(target.before).boundingBox();
      if (!box) throw new Error(`card ${target.before} is not visible`);
      return { x: box.x + box.width / 2, y: box.y + box.height * 0.25 };
    }
    const lane = this.lane(target.lane);
    const cards = lane.locator('[data-testid="card"]');
    const count = await cards.count();
    if (count > 0) {
      const last = await cards.nth(count - 1).boundingBox();
      if (last) return { x: last.x + last.width / 2, y: last.y + last.height + 12 };
    }
    const box = await lane.boundingBox();
    if (!box) throw new Error(`lane ${target.lane} is not visible`);
    return { x: box.x + box.width / 2, y: box.y + Math.min(140, box.height / 2) };
  }
}

export { poll };
