import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { boardApi, linkParts } from '../src/boardApi.ts';
import { bundleSize } from '../src/bundleSize.ts';
import { BoardPage, poll } from '../src/boardPage.ts';
import { cuttableNetwork } from '../src/network.ts';
import { lanewiseSuite } from '../src/suite.ts';

// This file serves its own copy of the built client, so it can ship a "new deploy" mid-test.
const builtClient = fileURLToPath(new URL('../../client/dist', import.meta.url));
const dist = mkdtempSync(join(tmpdir(), 'lanewise-client-'));
cpSync(builtClient, dist, { recursive: true });
afterAll(() => rmSync(dist, { recursive: true, force: true }));
const suite = lanewiseSuite({ CLIENT_DIST: dist });

/** The service worker controls the page and the board's updates are in IndexedDB. */
async function readyForOffline(page: Page, boardId: string): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await poll(async () => page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker to control the page');
  await poll(
    () =>
      page.evaluate(
        (name) =>
          new Promise<boolean>((resolve) => {
            // Opening a database that does not exist yet would create it empty (without the
            // stores y-indexeddb creates), and a first visit opens its copy only after the sync.
            void indexedDB.databases().then((databases) => {
            if (!databases.some((database) => database.name === name)) return resolve(false);
            const open = indexedDB.open(name);
            open.onerror = () => resolve(false);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('updates')) return resolve(false);
              const count = db.transaction('updates').objectStore('updates').count();
              count.onsuccess = () => resolve(count.result > 0);
              count.onerror = () => resolve(false);
            };
            });
          }),
        `lanewise:board:${boardId}`,
      ),
    'the board in IndexedDB',
  );
}

describe('offline app shell', () => {
  it('a board opened before opens with the network really cut, takes a move, and syncs it when the network returns', async () => {
    const { links } = await suite.server.links('Offline shell', { sample: true });
    const context = await suite.newContext();
    const network = await cuttableNetwork(context);
    const board = await BoardPage.open(context, links.editor, 'Lee');
    await readyForOffline(board.page, linkParts(links.editor).boardId);

    await network.goOffline();
    await board.page.reload();
    // The shell comes from the service worker, the board from IndexedDB.
    await board.waitForLayout((layout) => layout.P0?.length === 4 && layout.Later?.length === 6, 'the board offline');
    expect(await board.page.getByTestId('connection-status').getAttribute('data-status')).not.toBe('connected');
    await board.keyboardMove('Dark mode', ['ArrowRight']);
    await board.waitForLayout((layout) => layout.Later?.includes('Dark mode') === true, 'the offline move');

    await network.goOnline();
    await board.waitConnected();
    const laterOnServer = async () => {
      const { board: stored } = await boardApi<{ board: { lanes: Array<{ name: string; items: Array<{ title: string }> }> } }>(suite.server.url, links.editor, '');
      return stored.lanes.find((lane) => lane.name === 'Later')?.items.map((item) => item.title) ?? [];
    };
    await poll(async () => (await laterOnServer()).includes('Dark mode'), 'the offline move on the server', 20_000);
  });

  it('a new deploy takes over: the new worker controls the page, which offers a reload that shows the new version', async () => {
    const { links } = await suite.server.links('Deploy');
    const context = await suite.newContext();
    const board = await BoardPage.open(context, links.owner, 'Dana');
    await readyForOffline(board.page, linkParts(links.owner).boardId);
    const firstWorker = await board.page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);

    // Deploy: a changed index.html (new revision in the worker's precache manifest) and so a new worker.
    const marker = `build-${Date.now()}`;
    const html = readFileSync(join(dist, 'index.html'), 'utf8').replace('<head>', `<head><meta name="lanewise-build" content="${marker}">`);
    writeFileSync(join(dist, 'index.html'), html);
    const sw = readFileSync(join(dist, 'sw.js'), 'utf8').replace(/(url:"index\.html",revision:")[^"]+"/, `$1${marker}"`);
    expect(sw).toContain(marker);
    writeFileSync(join(dist, 'sw.js'), sw);

    // The app looks for a new worker when the tab comes back into view (and hourly).
    await board.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const banner = board.page.getByTestId('app-updated');
    await banner.waitFor({ timeout: 15_000 });
    expect(await board.page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(firstWorker);
    await banner.getByRole('button', { name: 'Reload' }).click();
    await board.waitConnected();
    expect(await board.page.locator('meta[name="lanewise-build"]').getAttribute('content')).toBe(marker);
  });

  it('keeps the JavaScript a board loads within 250 kB gzipped, service worker included; the editor comes later', () => {
    const { initial, lazy, initialGzip, lazyGzip } = bundleSize(builtClient);
    console.warn(`client JavaScript loaded with a board: ${initial.length} files, ${(initialGzip / 1024).toFixed(1)} kB gzipped (budget 250 kB); loaded on demand: ${lazy.length} files, ${(lazyGzip / 1024).toFixed(1)} kB`);
    expect(initial.length).toBeGreaterThan(2);
    expect(initial.some((file) => file.endsWith('sw.js'))).toBe(true);
    // The editor (ProseMirror) is not part of the first load; it is fetched when a panel opens.
    const hasEditor = (file: string) => /prosemirror/i.test(readFileSync(file, 'utf8'));
    expect(initial.some(hasEditor)).toBe(false);
    expect(lazy.some(hasEditor)).toBe(true);
    expect(initialGzip).toBeLessThanOrEqual(250 * 1024);
  });
});
