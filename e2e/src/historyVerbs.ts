import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import type { AxeViolation } from './axe.ts';
import { poll, type BoardPage } from './boardPage.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Verbs for the decision log and board history (issue 4), on top of BoardPage: the feed beside
 * the board, snapshots, restore and "since you last visited". Elements by role, label and the
 * data-testid hooks the history components carry.
 */
export class HistoryVerbs {
  readonly page: Page;

  constructor(readonly board: BoardPage) {
    this.page = board.page;
  }

  get sidebar(): Locator {
    return this.page.getByTestId('history-sidebar');
  }

  get feedEntries(): Locator {
    return this.page.getByTestId('decision-feed').getByTestId('decision-entry');
  }

  async openTab(tab: 'Decisions' | 'Snapshots'): Promise<void> {
    // The sidebar is a lazy chunk: ask the toggle whether it is open, not whether it has painted yet.
    const toggle = this.page.getByRole('button', { name: 'History', exact: true });
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
    await this.sidebar.getByRole('tab', { name: tab }).click();
    await this.sidebar.getByRole('tab', { name: tab, selected: true }).waitFor();
  }

  /** The feed's sentences, newest first. */
  async feedTexts(): Promise<string[]> {
    return this.feedEntries.allInnerTexts();
  }

  async waitForFeedEntry(pattern: RegExp, timeoutMs = 10_000): Promise<Locator> {
    await this.openTab('Decisions');
    const entry = this.feedEntries.filter({ hasText: pattern }).first();
    await entry.waitFor({ timeout: timeoutMs });
    return entry;
  }

  /**
   * Starts watching this page's feed for an entry matching `pattern` and resolves with the
   * wall-clock time (Date.now()) it appeared — measured inside the page, not by polling.
   */
  async watchFeedFor(pattern: RegExp): Promise<() => Promise<number>> {
    await this.openTab('Decisions');
    await this.page.evaluate(
      ({ source, flags }) => {
        const regex = new RegExp(source, flags);
        const store = window as unknown as { __feedSeenAt?: number };
        delete store.__feedSeenAt;
        const check = () => {
          const entries = document.querySelectorAll('[data-testid="decision-feed"] [data-testid="decision-entry"]');
          if ([...entries].some((entry) => regex.test(entry.textContent ?? ''))) {
            store.__feedSeenAt = Date.now();
            observer.disconnect();
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        check();
      },
      { source: pattern.source, flags: pattern.flags },
    );
    return async () => {
      let seenAt: number | undefined;
      await poll(async () => (seenAt = await this.page.evaluate(() => (window as unknown as { __feedSeenAt?: number }).__feedSeenAt)) !== undefined, `feed entry ${pattern}`);
      return seenAt as number;
    };
  }

  /**
   * Drags a card into a lane and gives the reason. The app asks why when a card enters the top
   * lane (the move dialog); the move is written when the reason is confirmed. Returns the time
   * (Date.now()) just before the write was confirmed.
   */
  async moveWithReason(title: string, target: { lane: string; before?: string }, reason: string): Promise<number> {
    // Keep the "why does this belong here?" question open instead of skipping it.
    this.board.topLaneReason = 'ask';
    try {
      await this.board.dragCard(title, target);
    } finally {
      this.board.topLaneReason = 'skip';
    }
    const dialog = this.page.getByTestId('move-decision-dialog');
    await dialog.waitFor({ timeout: 5_000 });
    await dialog.getByLabel('Reason', { exact: true }).fill(reason);
    const startedAt = Date.now();
    await dialog.getByRole('button', { name: 'Move with reason' }).click();
    await dialog.waitFor({ state: 'hidden' });
    return startedAt;
  }

  /** Clicks an export button and returns the downloaded file's text. */
  async exportLog(format: 'Markdown' | 'CSV'): Promise<string> {
    await this.openTab('Decisions');
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.sidebar.getByRole('button', { name: format, exact: true }).click()]);
    const path = await download.path();
    return readFile(path, 'utf8');
  }

  async takeSnapshot(name: string): Promise<void> {
    await this.openTab('Snapshots');
    await this.sidebar.getByLabel('Snapshot name').fill(name);
    await this.sidebar.getByRole('button', { name: 'Take snapshot' }).click();
    await this.snapshot(name).waitFor();
  }

  snapshot(name: string): Locator {
    return this.sidebar.locator(`[data-testid="snapshot"][data-snapshot-name=${JSON.stringify(name)}]`);
  }

  /** "Compare with now" on a snapshot; returns the readable diff's text. */
  async compareWithNow(name: string): Promise<string> {
    await this.openTab('Snapshots');
    await this.snapshot(name).getByRole('button', { name: /^Compare/ }).click();
    const diff = this.sidebar.getByTestId('snapshot-diff');
    await diff.waitFor();
    return diff.innerText();
  }

  /** Restore… → the confirm dialog; returns the dialog's text, then confirms. */
  async restore(name: string): Promise<string> {
    await this.openTab('Snapshots');
    await this.snapshot(name).getByRole('button', { name: /^Restore/ }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.waitFor();
    const text = await dialog.innerText();
    await dialog.getByRole('button', { name: /restore for everyone/i }).click();
    await dialog.waitFor({ state: 'hidden' });
    await this.sidebar.getByTestId('restore-notice').waitFor();
    return text;
  }

  async undoRestore(): Promise<void> {
    await this.sidebar.getByRole('button', { name: 'Undo restore' }).click();
    await this.sidebar.getByTestId('restore-notice').getByText('Restore undone').waitFor();
  }

  get sinceLastVisit(): Locator {
    return this.page.getByTestId('since-last-visit');
  }

  /**
   * Serious and critical axe violations inside the history UI only (the sidebar, the summary, the
   * replay), so that findings elsewhere on the board are reported by their own suites.
   */
  async seriousViolations(): Promise<AxeViolation[]> {
    if (!(await this.page.evaluate(() => 'axe' in window))) await this.page.addScriptTag({ content: axeSource });
    const violations = await this.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: object, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
      const include = ['[data-testid="history-sidebar"]', '[data-testid="since-last-visit"]', '.replay-dialog'].filter((selector) => document.querySelector(selector)).map((selector) => [selector]);
      // Card lens chips belong to the trade-offs UI (issue 6) and are checked there.
      const result = await axe.run({ include, exclude: [['.card-lenses']] }, { resultTypes: ['violations'] });
      return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => ({ target: node.target })) }));
    });
    return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  }
}
