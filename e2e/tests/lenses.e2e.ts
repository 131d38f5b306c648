import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { boardApi } from '../src/boardApi.ts';
import { BoardPage, poll } from '../src/boardPage.ts';
import { lanewiseSuite } from '../src/suite.ts';
import { TradeoffVerbs } from '../src/tradeoffVerbs.ts';

const suite = lanewiseSuite();

async function ownerOnSample(title: string): Promise<{ owner: BoardPage; links: Record<'owner' | 'editor' | 'viewer', string> }> {
  const { links } = await suite.server.links(title, { sample: true });
  const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
  const owner = await BoardPage.open(context, links.owner, 'Priya');
  await owner.waitForLayout((layout) => layout.P0?.length === 4, 'the sample board');
  return { owner, links };
}

/**
 * For every plotted point: is its dot the topmost thing at the dot's centre (not covered by another
 * item), and is each shown label closest to its own dot and in its own dot's colour?
 */
async function chartGeometry(page: Page): Promise<{ points: number; covered: string[]; strayLabels: string[]; wrongColour: string[] }> {
  return page.evaluate(() => {
    const points = [...document.querySelectorAll<SVGGElement>('[data-testid="chart-point"]')];
    const dots = points.map((point) => ({ id: point.dataset.itemId ?? '', title: point.getAttribute('aria-label') ?? '', dot: point.querySelector<SVGCircleElement>('[data-testid="chart-dot"], circle.dot') as SVGCircleElement, point }));
    const centre = (element: Element) => {
      const box = element.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    };
    const covered = dots.filter(({ dot, point }) => {
      const { x, y } = centre(dot);
      const hit = document.elementFromPoint(x, y);
      return !(hit && point.contains(hit));
    }).map(({ title }) => title);
    const strayLabels: string[] = [];
    const wrongColour: string[] = [];
    for (const { point, dot, title } of dots) {
      const label = point.querySelector<SVGTextElement>('[data-testid="chart-label"], text.point-label') ?? point.parentElement?.querySelector<SVGTextElement>(':scope > [data-testid="chart-label"]') ?? null;
      if (!label || getComputedStyle(label).display === 'none') continue;
      const box = label.getBoundingClientRect();
      const distance = (other: SVGCircleElement) => {
        const c = centre(other);
        const dx = Math.max(box.left - c.x, 0, c.x - box.right);
        const dy = Math.max(box.top - c.y, 0, c.y - box.bottom);
        return Math.hypot(dx, dy);
      };
      const own = distance(dot);
      if (dots.some((other) => other.dot !== dot && distance(other.dot) < own)) strayLabels.push(title);
      if (getComputedStyle(label).fill !== getComputedStyle(dot).fill) wrongColour.push(title);
    }
    return { points: points.length, covered, strayLabels, wrongColour };
  });
}

/** Tabs from the first point through all of them; returns the ids focused, in order. */
async function tabThroughPoints(page: Page, points: Locator): Promise<string[]> {
  const count = await points.count();
  await points.first().focus();
  const seen: string[] = [];
  for (let i = 0; i < count; i++) {
    seen.push(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.itemId ?? ''));
    await page.keyboard.press('Tab');
  }
  return seen;
}

describe('both lenses in the trade-off view', () => {
  it('places tech-health work by its health benefit on the benefit axis, each lens’s share visible', async () => {
    const { owner } = await ownerOnSample('Benefit');
    const view = await new TradeoffVerbs(owner).showTradeoffs();
    await view.getByRole('button', { name: 'Benefit vs effort' }).click();
    expect(await view.getByTestId('benefit-explainer').textContent()).toMatch(/Benefit = ½ user value \+ ½ health/);
    const alerts = view.locator('[data-testid="chart-point"][aria-label^="Error budget alerts per service"]');
    // No user value at all, yet the most health-making item of the board: not a "money pit" or "fill-in".
    expect(await alerts.getAttribute('aria-label')).toMatch(/benefit 50 of 100 \(user value 0 \+ health 50\)/);
    expect(await alerts.getAttribute('data-quadrant')).toMatch(/Quick wins|Big bets/);
    expect(await alerts.getByTestId('health-ring').getAttribute('data-share')).toBe('100');
    // Features with no health benefit carry no ring; mixed items show their share.
    expect(await view.locator('[data-testid="chart-point"][aria-label^="Dark mode"]').getByTestId('health-ring').count()).toBe(0);
    const checkout = Number(await view.locator('[data-testid="chart-point"][aria-label^="Checkout p99"]').getByTestId('health-ring').getAttribute('data-share'));
    expect(checkout).toBeGreaterThan(0);
    expect(checkout).toBeLessThan(100);
    const geometry = await chartGeometry(owner.page);
    expect(geometry.points).toBeGreaterThanOrEqual(20);
    expect(geometry).toMatchObject({ covered: [], strayLabels: [], wrongColour: [] });
  });

  it('impact vs health shows every item, reachable by pointer and keyboard, each label beside its own dot in its colour', async () => {
    const { owner } = await ownerOnSample('Impact vs health');
    const view = await new TradeoffVerbs(owner).showTradeoffs();
    await view.getByRole('button', { name: 'Impact vs health' }).click();
    const points = view.getByTestId('chart-point');
    await poll(async () => (await points.first().getAttribute('aria-label'))?.includes('user impact') === true, 'the impact chart');
    const geometry = await chartGeometry(owner.page);
    expect(geometry.points).toBe(22);
    expect(geometry).toMatchObject({ covered: [], strayLabels: [], wrongColour: [] });
    const focused = await tabThroughPoints(owner.page, points);
    expect(new Set(focused).size).toBe(22);
    // Items sharing a spot say so, and the chart explains the fan-out.
    expect(await view.locator('[data-testid="chart-point"][aria-label*="items at this spot"]').count()).toBeGreaterThan(0);
    expect(await view.locator('figcaption').textContent()).toMatch(/fanned out/);
    // A click on a fanned-out dot opens that very item.
    const sso = view.locator('[data-testid="chart-point"][aria-label^="SSO with SAML"]');
    await sso.getByTestId('chart-dot').click();
    const panel = owner.page.getByRole('complementary', { name: 'Edit initiative' });
    await panel.waitFor();
    expect(await panel.getByLabel('Title', { exact: true }).inputValue()).toBe('SSO with SAML for enterprise tier');
  });
});

describe('people load for the planning period', () => {
  it('counts only lanes in the planning period (Later excluded by default), shows the breakdown, and the board can change which lanes count', async () => {
    const { owner, links } = await ownerOnSample('People');
    await owner.page.getByRole('button', { name: /^People/ }).click();
    const panel = owner.page.getByRole('complementary', { name: 'People' });
    const ana = panel.locator('[data-testid="person"][data-name="Ana"]');
    await ana.waitFor();
    expect(await ana.getByTestId('person-load').textContent()).toMatch(/^16 \/ 13 pts$/);
    expect(await ana.getByTestId('person-lanes').textContent()).toMatch(/P0 13 pts.*P1 3 pts.*Later 13 pts — not counted/);
    expect(await panel.getByTestId('period-lanes').textContent()).toMatch(/Counted: P0, P1, P2\. Not counted \(outside the planning period\): Later\./);
    // Dana's 10 points of Later work no longer make her over-allocated.
    expect(await panel.locator('[data-testid="person"][data-name="Dana"]').getAttribute('data-over')).toBeNull();

    // Which lanes count is a board setting.
    await owner.page.getByRole('button', { name: 'Board settings' }).click();
    const settings = owner.page.getByRole('complementary', { name: 'Board settings' });
    await settings.getByRole('group', { name: 'Lanes in the planning period' }).getByLabel('Later').check();
    await settings.getByRole('button', { name: 'Save' }).click();
    await owner.page.getByRole('button', { name: /^People/ }).click();
    await poll(async () => (await owner.page.getByRole('complementary', { name: 'People' }).locator('[data-testid="person"][data-name="Ana"]').getByTestId('person-load').textContent()) === '29 / 13 pts', 'Later to count');
    const laterCounts = async () =>
      (await boardApi<{ board: { lanes: Array<{ name: string; inPlanningPeriod?: boolean }> } }>(suite.server.url, links.owner, '')).board.lanes.find((lane) => lane.name === 'Later')?.inPlanningPeriod === true;
    await poll(laterCounts, 'the lane setting stored on the server');
  });
});
