import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../src/axe.ts';
import { BoardPage, poll } from '../src/boardPage.ts';
import { shot, writePrivateCard } from '../src/retroVerbs.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

const groupCard = (page: Page, title: string) => page.locator(`[data-testid="group-card"][data-item-title=${JSON.stringify(title)}]`);
const groupWith = (page: Page, ...titles: string[]) => titles.reduce((groups, title) => groups.filter({ has: groupCard(page, title) }), page.getByTestId('retro-group'));
const phaseOf = (page: Page) => page.getByTestId('retro-phase').textContent();

describe('a joint retro from the reveal to the planning board', () => {
  it('groups cards by dragging (with a live ghost for the others) and from the keyboard, promotes an action to the planning board and shows it in the next retro\'s review', async () => {
    const plan = await suite.server.links('Q3 plan', { template: 'planning' });
    const retro = await suite.server.links('Sprint 12 retro', { template: 'retro-went-well' });
    const fayContext = await suite.newContext({ bypassCSP: true });
    // Fay holds an editor link to the planning board in her browser: she may add initiatives there.
    const fayPlan = await BoardPage.open(fayContext, plan.links.editor, 'Fay');
    const fay = await BoardPage.open(fayContext, retro.links.owner, 'Fay');
    const priya = await BoardPage.open(await suite.newContext({ bypassCSP: true }), retro.links.editor, 'Priya');
    const eli = await BoardPage.open(await suite.newContext({ bypassCSP: true }), retro.links.editor, 'Eli');

    await writePrivateCard(priya.page, 'To improve', 'Slow CI', 'Engineering');
    await writePrivateCard(eli.page, 'To improve', 'Flaky deploys', 'Engineering');
    await writePrivateCard(eli.page, 'To improve', 'Release notes late', 'Product');
    await fay.page.getByRole('button', { name: 'Reveal cards' }).click();
    for (const board of [fay, priya, eli]) await poll(async () => (await phaseOf(board.page)) === 'Group', 'the Group phase');

    // Priya drags "Slow CI" onto "Flaky deploys"; while she holds it, Eli sees who drags what where.
    const source = await groupCard(priya.page, 'Slow CI').locator('.retro-group-card-title').boundingBox();
    const target = await groupCard(priya.page, 'Flaky deploys').boundingBox();
    if (!source || !target) throw new Error('group cards not visible');
    const mouse = priya.page.mouse;
    await mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await mouse.down();
    await mouse.move(source.x + source.width / 2 + 6, source.y + source.height / 2 + 6, { steps: 4 });
    await mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 15 });
    await groupCard(eli.page, 'Slow CI').getByTestId('drag-ghost').getByText('Priya is dragging this').waitFor();
    await groupCard(eli.page, 'Flaky deploys').getByTestId('drop-ghost').getByText('Priya is dropping “Slow CI” here').waitFor();
    await eli.page.screenshot({ path: shot('retro-group-ghost.png') });
    await mouse.up();
    for (const board of [fay, priya, eli]) {
      await groupWith(board.page, 'Slow CI', 'Flaky deploys').waitFor();
    }
    expect(await eli.page.getByTestId('drag-ghost').count()).toBe(0);

    // A title for the group, and Eli adds the third card from the keyboard.
    const title = priya.page.getByTestId('retro-group').getByLabel('Group title');
    await title.fill('Delivery pain');
    await title.press('Enter');
    await eli.page.getByTestId('retro-group').getByLabel('Group title').and(eli.page.locator('[value="Delivery pain"]')).waitFor();
    await eli.cardByTitle('Slow CI').getByTestId('card-group').getByText('Group: Delivery pain').waitFor();
    const keyboard = eli.page.getByLabel('Group “Release notes late” with');
    await keyboard.focus();
    await keyboard.selectOption({ label: 'Delivery pain' });
    await eli.page.keyboard.press('Tab');
    await eli.page.keyboard.press('Enter');
    await groupWith(fay.page, 'Slow CI', 'Flaky deploys', 'Release notes late').waitFor();
    expect(await fay.page.getByTestId('retro-group').getByTestId('group-card').count()).toBe(3);
    expect(await seriousViolations(eli.page)).toEqual([]);
    await fay.page.screenshot({ path: shot('retro-grouped.png') });

    // Fay links the planning board and moves on to Actions; the group is one topic.
    await fay.page.getByLabel('Planning board to link').selectOption({ label: 'Q3 plan' });
    await fay.page.getByRole('button', { name: 'Link planning board' }).click();
    await fay.page.getByTestId('retro-review').getByText('Linked to').waitFor();
    await fay.page.getByLabel('Phase to skip to').selectOption({ label: 'Actions' });
    await fay.page.getByRole('button', { name: 'Go', exact: true }).click();
    await poll(async () => (await phaseOf(priya.page)) === 'Actions', 'the Actions phase');
    expect(await priya.page.getByTestId('topic').count()).toBe(1);
    const note = priya.page.getByLabel('Note on “Delivery pain”');
    await note.fill('CI cache misses on every branch');
    await note.press('Enter');
    await fay.page.getByLabel('Notes on “Delivery pain”').getByText('CI cache misses on every branch').waitFor();

    // (BoardPage.addCard would close the panel with the first "Close…" button: here that is "Close retro".)
    await fay.page.getByRole('button', { name: 'Add initiative to Actions' }).click();
    const panel = fay.page.getByRole('complementary');
    await panel.getByLabel('Title', { exact: true }).fill('Cache CI dependencies');
    await panel.getByRole('button', { name: /^(Save|Add initiative|Create)/ }).click();
    await fay.cardByTitle('Cache CI dependencies').waitFor();
    const closePanel = fay.page.getByRole('button', { name: 'Close panel' });
    if (await closePanel.count()) await closePanel.click();
    const action = fay.page.getByTestId('retro-action').filter({ hasText: 'Cache CI dependencies' });
    await action.getByLabel('Owner').selectOption({ label: 'Priya' });
    await action.getByLabel('Due').fill('2026-12-15');
    await priya.page.getByTestId('retro-action').getByLabel('Owner').and(priya.page.locator('select:has(option:checked[value="Priya"])')).waitFor();
    await action.getByRole('button', { name: 'Promote to planning board' }).click();
    const promote = fay.page.getByRole('form', { name: 'Promote “Cache CI dependencies” to a planning board' });
    await promote.getByLabel('Lane').selectOption({ label: 'P1' });
    await promote.getByLabel('Estimate').fill('3');
    await promote.getByLabel('Impact (0–3)').fill('1');
    await promote.getByLabel('Tech health (0–3)').fill('2');
    await fay.page.screenshot({ path: shot('retro-promote.png') });
    await promote.getByRole('button', { name: 'Promote', exact: true }).click();
    for (const board of [fay, priya]) await board.page.getByTestId('action-link').getByText('“Q3 plan”').waitFor();
    await fayPlan.waitForLayout((layout) => (layout.P1 ?? []).includes('Cache CI dependencies'), 'the initiative on the planning board');
    expect(await fayPlan.cardByTitle('Cache CI dependencies').getByTestId('card-link').textContent()).toBe('From Sprint 12 retro');
    expect(await seriousViolations(fay.page)).toEqual([]);

    // The next retro of the series opens with the open action and where it stands on the plan.
    await fay.page.getByRole('button', { name: 'Start the next retro' }).click();
    await fay.page.getByTestId('retro-phase').getByText('Reflect').waitFor();
    const reviewed = fay.page.getByTestId('review-action').filter({ hasText: 'Cache CI dependencies' });
    await reviewed.getByTestId('review-status').getByText('In P1 on “Q3 plan”').waitFor();
    expect(await reviewed.textContent()).toContain('Priya, due 2026-12-15');
    await fay.page.getByTestId('plan-context').getByText(/Action from retro “Sprint 12 retro”/).waitFor();
    expect(await seriousViolations(fay.page)).toEqual([]);
    await fay.page.screenshot({ path: shot('retro-review.png') });
    // Context from the plan is a column beside the retro's columns; on a narrow screen it stacks above them.
    const besideLanes = async () => {
      const context = await fay.page.getByTestId('plan-context').boundingBox();
      const lane = await fay.page.locator('[data-testid="lane"]').first().boundingBox();
      if (!context || !lane) throw new Error('plan context or lanes not visible');
      return { context, lane };
    };
    const wide = await besideLanes();
    expect(wide.context.x).toBeGreaterThan(wide.lane.x + wide.lane.width);
    await fay.page.setViewportSize({ width: 700, height: 900 });
    await poll(async () => {
      const narrow = await besideLanes();
      return narrow.context.y + narrow.context.height <= narrow.lane.y && narrow.context.width > 600;
    }, 'the plan context to stack above the columns');
    await fay.page.screenshot({ path: shot('retro-review-narrow.png') });
  });
});
