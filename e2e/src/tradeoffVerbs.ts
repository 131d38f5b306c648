import type { DecisionEntry } from '@lanewise/shared';
import type { Locator, Page } from 'playwright-core';
import { poll, type BoardPage } from './boardPage.ts';

/**
 * Verbs for trade-offs, live estimation and comments, on top of BoardPage: what a user does in
 * the move dialog, the estimation bar, an item's thread and the trade-off chart.
 */
export class TradeoffVerbs {
  readonly page: Page;
  constructor(readonly board: BoardPage) {
    this.page = board.page;
  }

  moveDialog(): Locator {
    return this.page.getByTestId('move-decision-dialog');
  }

  /** In the hard-limit dialog: demote `title` to `toLane` (optionally with a reason). */
  async demote(title: string, toLane: string, reason = ''): Promise<void> {
    const dialog = this.moveDialog();
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: new RegExp(`^${escape(title)}`) }).check();
    const select = dialog.getByLabel('Move it to');
    const value = await select.locator('option', { hasText: new RegExp(`^${escape(toLane)}( \\(swap places\\))?$`) }).getAttribute('value');
    if (value === null) throw new Error(`no lane ${toLane} to demote to`);
    await select.selectOption(value);
    if (reason) await dialog.getByLabel('Why? (optional)').fill(reason);
    await dialog.getByRole('button', { name: /^Demote/ }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  async override(reason: string): Promise<void> {
    const dialog = this.moveDialog();
    await dialog.waitFor();
    await dialog.getByLabel('Reason to override the limit').fill(reason);
    await dialog.getByRole('button', { name: 'Override the limit' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** The lane header's load level: ok, full or over. */
  async laneLevel(lane: string): Promise<string | null> {
    return this.board.lane(lane).locator('[data-level]').first().getAttribute('data-level');
  }

  async waitForLaneLevel(lane: string, level: string): Promise<void> {
    await poll(async () => (await this.laneLevel(lane)) === level, `${lane} to be ${level}`);
  }

  async openItem(title: string): Promise<Locator> {
    await this.page.getByRole('button', { name: `Edit ${title}`, exact: true }).click();
    const panel = this.page.getByRole('complementary', { name: 'Edit initiative' });
    await panel.waitFor();
    return panel;
  }

  async startEstimation(title: string, scale: 'fibonacci' | 'tshirt' | 'custom' = 'fibonacci'): Promise<void> {
    const panel = await this.openItem(title);
    await panel.getByLabel('Scale').selectOption(scale);
    await panel.getByRole('button', { name: 'Start estimation' }).click();
    await this.estimationRound(title).waitFor();
    await this.board.closePanel();
  }

  estimationRound(title: string): Locator {
    return this.page.getByRole('region', { name: `Estimating ${title}` });
  }

  async vote(title: string, card: string): Promise<void> {
    await this.estimationRound(title).getByRole('button', { name: `Vote ${card}`, exact: true }).click();
  }

  async votedNames(title: string): Promise<string[]> {
    return this.estimationRound(title).locator('[data-testid="voter"][data-voted="true"]').evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.name ?? ''));
  }

  async revealedVotes(title: string): Promise<Record<string, string>> {
    const pairs = await this.estimationRound(title)
      .locator('[data-testid="revealed-vote"]')
      .evaluateAll((nodes) => nodes.map((node) => [(node as HTMLElement).dataset.name ?? '', (node as HTMLElement).dataset.card ?? '']));
    return Object.fromEntries(pairs);
  }

  async comment(title: string, text: string): Promise<void> {
    const panel = await this.openItem(title);
    await panel.getByLabel('Add a comment').fill(text);
    await panel.getByRole('button', { name: 'Post comment' }).click();
    await panel.locator('[data-testid="comment"]').filter({ hasText: text.slice(0, 20) }).first().waitFor();
  }

  async commentCount(title: string): Promise<number> {
    const badge = this.board.cardByTitle(title).locator('[data-testid="comment-count"]');
    return (await badge.count()) === 0 ? 0 : Number((await badge.textContent())?.trim() ?? 0);
  }

  async showTradeoffs(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Trade-offs', exact: true }).click();
    const view = this.page.getByTestId('tradeoff-view');
    await view.waitFor();
    return view;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The board's decision log through the HTTP API, with the link token of `boardUrl`. */
export async function fetchDecisions(serverUrl: string, boardUrl: string): Promise<DecisionEntry[]> {
  const url = new URL(boardUrl);
  const boardId = url.pathname.split('/').at(-1) as string;
  const token = new URLSearchParams(url.hash.slice(1)).get('t');
  const response = await fetch(`${serverUrl}/api/boards/${boardId}/decisions?order=asc&limit=500`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`decisions: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { entries: DecisionEntry[] }).entries;
}
