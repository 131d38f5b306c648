import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addItem, readBoard } from '@lanewise/shared';
import type { WebsocketProvider } from 'y-websocket';
import { BoardPage, poll } from '../src/boardPage.ts';
import { connectSeedClient } from '../src/seedClient.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();
const CARDS = 1000;

/**
 * A 1,000-card board (250 per lane: "Initiative i" sits in lane i mod 4, in creation order) and a
 * live y-websocket client on it that reads what the server holds.
 */
let boardUrl = '';
let observer: WebsocketProvider | undefined;

beforeEach(async () => {
  const { url } = await suite.server.createBoard('Department plan');
  boardUrl = url;
  const seeder = await connectSeedClient(suite.server.url, url, 'Seeder');
  const lanes = readBoard(seeder.doc)?.lanes.map((lane) => lane.id) ?? [];
  seeder.doc.transact(() => {
    for (let i = 0; i < CARDS; i++) addItem(seeder.doc, { title: `Initiative ${i}`, laneId: lanes[i % lanes.length] as string, owner: ['Priya', 'Marco', 'Ana'][i % 3] as string, estimate: (i % 8) + 1 });
  });
  observer = await connectSeedClient(suite.server.url, url, 'Observer');
  await poll(async () => (readBoard(observer?.doc as never)?.lanes.flatMap((lane) => lane.items).length ?? 0) === CARDS, 'the server to hold 1,000 cards');
  seeder.destroy();
});

afterEach(() => observer?.destroy());

/** Titles of a lane as the server holds them. */
function storedTitles(lane: string): string[] {
  return readBoard(observer?.doc as never)?.lanes.find((l) => l.name === lane)?.items.map((item) => item.title) ?? [];
}

async function waitStored(check: () => boolean, what: string): Promise<void> {
  await poll(async () => check(), what);
}

/** Scrolls the board down until a card that is far down (not in the DOM yet: lanes are virtualized) is rendered, then into view. */
async function reveal(board: BoardPage, title: string): Promise<void> {
  const card = board.cardByTitle(title);
  for (let step = 0; step < 200 && (await card.count()) === 0; step++) {
    await board.page.evaluate(() => {
      const scroller = document.querySelector<HTMLElement>('[data-testid="board-canvas"]');
      if (scroller) scroller.scrollTop += scroller.clientHeight * 0.8;
    });
    await board.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
  await card.scrollIntoViewIfNeeded();
}

describe('a 1,000-card board', () => {
  it('renders only the cards near the viewport, and scrolling far down shows the cards there', async () => {
    const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
    const board = await BoardPage.open(context, boardUrl, 'Dana');
    await board.cardByTitle('Initiative 0').waitFor();
    const rendered = await board.page.locator('[data-testid="card"]').count();
    expect(rendered).toBeGreaterThan(8);
    expect(rendered).toBeLessThan(200);
    await reveal(board, 'Initiative 997');
    expect(await board.page.locator('[data-testid="card"]').count()).toBeLessThan(200);
    // The last card of P1, in order after the one above it.
    const p1 = await board.titlesIn('P1');
    expect(p1.at(-1)).toBe('Initiative 997');
    expect(p1.at(-2)).toBe('Initiative 993');
  });

  it('drags by mouse out of a lane scrolled far down into another lane there', async () => {
    const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
    const board = await BoardPage.open(context, boardUrl, 'Dana');
    await reveal(board, 'Initiative 801');
    await board.dragCard('Initiative 801', { lane: 'P2', before: 'Initiative 802' });
    await waitStored(() => storedTitles('P2').indexOf('Initiative 801') === storedTitles('P2').indexOf('Initiative 802') - 1, 'the mouse drop to be stored');
    expect(storedTitles('P1')).not.toContain('Initiative 801');
    expect(storedTitles('P2')).toHaveLength(251);
    await board.waitForLayout((layout) => {
      const p2 = layout.P2 ?? [];
      return p2.indexOf('Initiative 801') !== -1 && p2.indexOf('Initiative 801') === p2.indexOf('Initiative 802') - 1;
    }, 'the card to show in P2');
    expect(await board.announcements()).toMatch(/Initiative 801 was moved to P2, position 201 of 251/);
  });

  it('drags by touch out of a lane scrolled far down into another lane there', async () => {
    const context = await suite.newContext({ viewport: { width: 1280, height: 900 }, hasTouch: true, isMobile: false });
    const board = await BoardPage.open(context, boardUrl, 'Tablet');
    await reveal(board, 'Initiative 605');
    await board.touchDrag('Initiative 605', { lane: 'P2', before: 'Initiative 606' });
    await waitStored(() => storedTitles('P2').indexOf('Initiative 605') === storedTitles('P2').indexOf('Initiative 606') - 1, 'the touch drop to be stored');
    expect(storedTitles('P1')).toHaveLength(249);
  });

  it('drags by mouse across lanes that are off screen: held at the edge, the board scrolls itself to them', async () => {
    // Narrow enough that the Later lane starts off screen.
    const context = await suite.newContext({ viewport: { width: 600, height: 800 } });
    const board = await BoardPage.open(context, boardUrl, 'Lee');
    await board.cardByTitle('Initiative 1').waitFor();
    const laterLane = board.lane('Later');
    expect((await laterLane.boundingBox())?.x ?? 0).toBeGreaterThanOrEqual(600);
    const source = await board.cardByTitle('Initiative 1').boundingBox();
    if (!source) throw new Error('Initiative 1 is not laid out');
    const mouse = board.page.mouse;
    const start = { x: source.x + source.width / 2, y: source.y + source.height / 2 };
    await mouse.move(start.x, start.y);
    await mouse.down();
    await mouse.move(start.x + 4, start.y + 8, { steps: 4 });
    // Held near the right edge, the card scrolls the board (dnd-kit auto-scroll) until Later is in view.
    await mouse.move(590, start.y + 8, { steps: 10 });
    let nudge = 0;
    await poll(async () => {
      await mouse.move(590 - (nudge++ % 2), start.y + 8);
      const box = await laterLane.boundingBox();
      return box !== null && box.x + box.width <= 600;
    }, 'the board to scroll the Later lane into view');
    // Onto the top half of Initiative 7 (its box read again each time: the board may still be scrolling).
    const aim = async (steps: number) => {
      const target = await board.cardByTitle('Initiative 7').boundingBox();
      if (!target) throw new Error('Initiative 7 is not laid out');
      await mouse.move(target.x + target.width / 2, target.y + target.height / 4, { steps });
    };
    await aim(10);
    // Released only once the drag preview shows the card just above Initiative 7 (aiming again each time).
    await poll(async () => {
      await aim(2);
      const shown = (await board.layout()).Later ?? [];
      return shown.includes('Initiative 1') && shown.indexOf('Initiative 1') === shown.indexOf('Initiative 7') - 1;
    }, 'the drag preview to show Initiative 1 above Initiative 7 in Later');
    await mouse.up();
    await waitStored(() => storedTitles('Later').includes('Initiative 1'), 'the mouse drop into Later to be stored');
    expect(storedTitles('P1')).toHaveLength(249);
    expect(storedTitles('Later')).toHaveLength(251);
    // It lands where the preview showed it: the slot is read from the pointer and the cards on
    // screen at the moment of the drop, after any auto-scroll (DECISIONS 110; open in 75).
    const later = storedTitles('Later');
    expect(later.indexOf('Initiative 1')).toBe(later.indexOf('Initiative 7') - 1);
    await poll(async () => new RegExp(`Initiative 1 was moved to Later, position ${later.indexOf('Initiative 1') + 1} of 251\\.`).test(await board.announcements()), 'the drop announcement');
  });

  it('moves by keyboard from far down a lane across lanes that are off screen, with the same announcements', async () => {
    // Narrow enough that the Later lane starts off screen.
    const context = await suite.newContext({ viewport: { width: 600, height: 800 } });
    const board = await BoardPage.open(context, boardUrl, 'Kim');
    const later = await board.lane('Later').boundingBox();
    expect(later?.x ?? 0).toBeGreaterThanOrEqual(600);
    await reveal(board, 'Initiative 901');
    await board.cardByTitle('Initiative 901').focus();
    await board.page.keyboard.press('Space');
    await poll(async () => /Picked up Initiative 901\. It is in P1, position 226 of 250\./.test(await board.announcements()), 'the pick-up announcement');
    await board.keyboardSettled();
    await board.page.keyboard.press('ArrowRight');
    await poll(async () => /Initiative 901 is over P2, position 226 of 251\./.test(await board.announcements()), 'the announcement over P2');
    await board.page.keyboard.press('ArrowRight');
    await poll(async () => /Initiative 901 is over Later, position 226 of 251\./.test(await board.announcements()), 'the announcement over Later');
    await board.page.keyboard.press('Space');
    await poll(async () => /Initiative 901 was moved to Later, position 226 of 251\./.test(await board.announcements()), 'the drop announcement');
    await waitStored(() => storedTitles('Later').indexOf('Initiative 901') === 225, 'the keyboard drop to be stored');
    expect(storedTitles('Later')[226]).toBe('Initiative 903');
    expect(storedTitles('P1')).toHaveLength(249);
  });
});
