import type { BrowserContext } from 'playwright-core';

/**
 * Lets a test cut a browser context off the server, websockets included, and restore it.
 * Network emulation alone does not close open websockets, so they are routed: going offline
 * closes them and refuses new ones until the network is back.
 */
export async function cuttableNetwork(context: BrowserContext): Promise<{ goOffline: () => Promise<void>; goOnline: () => Promise<void> }> {
  let offline = false;
  const open = new Set<{ close: () => Promise<void> }>();
  await context.routeWebSocket(/\/sync\//, (ws) => {
    if (offline) {
      void ws.close({ code: 1006, reason: 'offline' }).catch(() => undefined);
      return;
    }
    ws.connectToServer();
    open.add(ws);
    ws.onClose(() => open.delete(ws));
  });
  return {
    goOffline: async () => {
      offline = true;
      await context.setOffline(true);
      for (const ws of [...open]) await ws.close().catch(() => undefined);
    },
    goOnline: async () => {
      offline = false;
      await context.setOffline(false);
    },
  };
}
