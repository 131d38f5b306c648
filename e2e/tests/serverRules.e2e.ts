import { moveItem, rationalesMap, readBoard, updateBoardMeta } from '@lanewise/shared';
import { describe, expect, it } from 'vitest';
import { boardApi } from '../src/boardApi.ts';
import { BoardPage, poll } from '../src/boardPage.ts';
import { HistoryVerbs } from '../src/historyVerbs.ts';
import { connectSeedClient } from '../src/seedClient.ts';
import { lanewiseSuite } from '../src/suite.ts';
import { TradeoffVerbs } from '../src/tradeoffVerbs.ts';

const suite = lanewiseSuite();

type StoredBoard = { board: { meta: { limitMode: string; techHealthTarget: number }; lanes: Array<{ name: string; inPlanningPeriod?: boolean; items: Array<{ title: string }> }> } };
const stored = async (link: string) => (await boardApi<StoredBoard>(suite.server.url, link, '')).board;
const titlesIn = async (link: string, lane: string) => (await stored(link)).lanes.find((candidate) => candidate.name === lane)?.items.map((item) => item.title) ?? [];

async function hardSample(title: string): Promise<Record<'owner' | 'editor' | 'viewer', string>> {
  const { links } = await suite.server.links(title, { sample: true });
  const seed = await connectSeedClient(suite.server.url, links.owner, 'Seeder');
  updateBoardMeta(seed.doc, { limitMode: 'hard' });
  await poll(async () => (await stored(links.owner)).meta.limitMode === 'hard', 'hard limits stored');
  seed.destroy();
  return links;
}

describe('hard limits the server enforces, through the UI', () => {
  it('stores a demote swap and an override with its reason, and the log shows both', async () => {
    const links = await hardSample('Server rules UI');
    const context = await suite.newContext({ viewport: { width: 1440, height: 900 } });
    const owner = await BoardPage.open(context, links.owner, 'Priya');
    await owner.waitForLayout((layout) => layout.P1?.length === 6, 'the sample board');
    const verbs = new TradeoffVerbs(owner);
    const dialog = verbs.moveDialog();

    // P1 is full: bring Dark mode in, demote its weakest card to P2.
    await owner.keyboardMove('Dark mode', ['ArrowLeft']);
    await dialog.waitFor();
    const weakest = dialog.getByTestId('demote-candidate').first();
    const demoted = ((await weakest.locator('.demote-title').textContent()) ?? '').trim();
    await weakest.getByRole('radio').check();
    const select = dialog.getByLabel('Move it to');
    const p2 = await select.locator('option', { hasText: /^P2/ }).getAttribute('value');
    await select.selectOption(p2 as string);
    await dialog.getByRole('button', { name: /^Demote/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await poll(async () => (await titlesIn(links.owner, 'P1')).includes('Dark mode'), 'the swap stored by the server');
    expect(await titlesIn(links.owner, 'P1')).toHaveLength(6);
    expect(await titlesIn(links.owner, 'P2')).toContain(demoted);

    // P0 is over its hard limit already: going further needs a reason, and the server takes it.
    const entering = (await titlesIn(links.owner, 'P1')).find((title) => title !== 'Dark mode') as string;
    await owner.keyboardMove(entering, ['ArrowLeft']);
    await verbs.override('Signed contract says Q3');
    await poll(async () => (await titlesIn(links.owner, 'P0')).includes(entering), 'the override stored by the server');
    expect(await owner.page.getByText(/A change was refused/).count()).toBe(0);

    const history = new HistoryVerbs(owner);
    const override = await history.waitForFeedEntry(/overrode the limit of P0/);
    expect(await override.innerText()).toMatch(/Signed contract says Q3/);
    await history.waitForFeedEntry(/moved “Dark mode” from P2 #\d+ to P1 #\d+ \(swapped with/);
  });
});

describe('changes to the rules of the board, through the UI', () => {
  it('logs switching hard/soft limits, the tech-health target and a lane joining the planning period, with who', async () => {
    const links = await hardSample('Settings log UI');
    const context = await suite.newContext({ viewport: { width: 1440, height: 900 } });
    const owner = await BoardPage.open(context, links.owner, 'Priya');
    await owner.waitForLayout((layout) => layout.P1?.length === 6, 'the sample board');
    const targetBefore = Math.round((await stored(links.owner)).meta.techHealthTarget * 100);
    const targetAfter = targetBefore === 35 ? 40 : 35;

    await owner.page.getByRole('button', { name: 'Board settings' }).click();
    const settings = owner.page.getByRole('complementary', { name: 'Board settings' });
    await settings.getByRole('radio', { name: /^Soft/ }).check();
    await settings.getByLabel('Technical-health target (%)').fill(String(targetAfter));
    await settings.getByRole('group', { name: 'Lanes in the planning period' }).getByLabel('Later').check();
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(async () => (await stored(links.owner)).meta.limitMode === 'soft', 'soft limits stored');

    const history = new HistoryVerbs(owner);
    for (const sentence of [
      /Priya.*switched the board to soft limits \(was hard\)/,
      new RegExp(`Priya.*set the tech-health target to ${targetAfter}% \\(was ${targetBefore}%\\)`),
      /Priya.*counted lane Later in the planning period/,
    ]) {
      const entry = await history.waitForFeedEntry(sentence);
      expect(await entry.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    }

    // A move made offline ten minutes ago syncs now: logged at the server's time, its device time shown and marked.
    const seed = await connectSeedClient(suite.server.url, links.editor, 'Lee');
    const board = readBoard(seed.doc);
    const card = board?.lanes.find((lane) => lane.name === 'P2')?.items[0];
    const p1 = board?.lanes.find((lane) => lane.name === 'P1')?.id as string;
    const madeAt = Date.now() - 10 * 60_000;
    seed.doc.transact(() => {
      moveItem(seed.doc, card?.id as string, { laneId: p1, position: 'bottom' });
      rationalesMap(seed.doc).set(card?.id as string, { text: 'Agreed in the hallway', at: madeAt });
    });
    const offline = await history.waitForFeedEntry(new RegExp(`Lee.*moved “${card?.title}”`));
    expect(await offline.getByTestId('decision-client-time').innerText()).toMatch(/on their device \(device time\)/);
    expect(Date.parse((await offline.locator('time').getAttribute('datetime')) as string)).toBeGreaterThan(madeAt + 9 * 60_000);
    seed.destroy();
  });
});
