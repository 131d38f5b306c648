import type { Workbox } from 'workbox-window';
import { create } from 'zustand';

/** Whether a newer version of the app took over while this page was open (reload to use it). */
export const useAppUpdate = create<{ readonly updated: boolean }>()(() => ({ updated: false }));

const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * Registers the service worker that keeps the app shell for offline use. Every deploy ships a new
 * worker; it is looked for on load, hourly and whenever the tab comes back into view, installs,
 * takes over at once, and this page then offers a reload — so nobody runs a stale app for long,
 * and nothing is reloaded under someone's feet.
 */
export function registerAppShell(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // A page that was already controlled and gets a new controller now runs older code than the
  // worker serves: offer the reload. (The first worker claiming a fresh page is not an update.)
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controlled) useAppUpdate.setState({ updated: true });
    controlled = true;
  });
  // After the page has loaded and gone idle: installing the worker fetches and compiles the whole
  // precache (~1 MB), which would otherwise compete with a board's first paint (DECISIONS 122).
  const start = () => void import('workbox-window').then(({ Workbox }) => register(new Workbox('/sw.js')));
  const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(start, { timeout: 3000 }) : setTimeout(start, 200));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}

function register(workbox: Workbox): void {
  void workbox.register().then(
    (registration) => {
      if (!registration) return;
      const check = () => void registration.update().catch(() => undefined);
      setInterval(check, CHECK_EVERY_MS);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') check();
      });
    },
    (error: unknown) => console.warn('Offline use is unavailable: the service worker did not register.', error),
  );
}
