import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { LanewiseServer } from './lanewiseServer.ts';

export interface LanewiseSuite {
  readonly browser: Browser;
  readonly server: LanewiseServer;
  /** A fresh browser profile (its own storage), closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * One Chromium and one real server per test file; browser contexts opened through the suite are
 * closed after each test.
 */
export function lanewiseSuite(env: Record<string, string> = {}): LanewiseSuite {
  let browser: Browser | undefined;
  let server: LanewiseServer | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
    server = await LanewiseServer.start(env);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running yet (use it inside a test)`);
    return value;
  };
  return {
    get browser() {
      return ready(browser, 'the browser');
    },
    get server() {
      return ready(server, 'the server');
    },
    async newContext(options = {}) {
      const context = await ready(browser, 'the browser').newContext({ viewport: { width: 1280, height: 900 }, ...options });
      contexts.push(context);
      return context;
    },
  };
}
