import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChainCheckScheduler } from './chainCheckScheduler.ts';
import type { ChainCheck } from './historyApi.ts';

/** A session's decision head that grows as entries arrive, and the verify requests it causes. */
function harness() {
  let head = 10;
  const listeners = new Set<() => void>();
  const requests: Array<{ full: boolean; atHead: number }> = [];
  const scheduler = new ChainCheckScheduler({
    verify: (full) => {
      requests.push({ full, atHead: head });
      return Promise.resolve<ChainCheck>({ ok: true, checked: head });
    },
    head: () => head,
    onHeadChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    intervalMs: 30_000,
  });
  const newEntry = () => {
    head++;
    for (const listener of listeners) listener();
  };
  return { scheduler, requests, newEntry };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ChainCheckScheduler', () => {
  it('checks once when a panel opens, and not again while nothing new arrives', async () => {
    const { scheduler, requests } = harness();
    scheduler.watch();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(requests).toEqual([{ full: false, atHead: 10 }]);
    expect(scheduler.store.getState().check).toEqual({ ok: true, checked: 10 });
  });

  it('folds a stream of new entries into at most one check per interval, instead of one per entry', async () => {
    const { scheduler, requests, newEntry } = harness();
    scheduler.watch();
    await vi.advanceTimersByTimeAsync(0);
    // A busy workshop: a new entry every second for a minute.
    for (let second = 0; second < 60; second++) {
      newEntry();
      await vi.advanceTimersByTimeAsync(1000);
    }
    await vi.advanceTimersByTimeAsync(30_000);
    // 60 entries, 3 checks: on opening, then one per 30 s; the last entry is covered in the end.
    expect(requests.map((request) => request.atHead)).toEqual([10, 40, 70]);
    expect(scheduler.store.getState().check).toEqual({ ok: true, checked: 70 });
  });

  it('shares one scheduler between panels and stops when the last one closes', async () => {
    const { scheduler, requests, newEntry } = harness();
    const closeFeed = scheduler.watch();
    const closeItemHistory = scheduler.watch();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    closeFeed();
    closeItemHistory();
    newEntry();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(requests).toHaveLength(1);
    // Reopened with a newer head: checks at once.
    scheduler.watch();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toEqual([{ full: false, atHead: 10 }, { full: false, atHead: 11 }]);
  });

  it('checks at once, fully if asked, when the user presses the button', async () => {
    const { scheduler, requests } = harness();
    scheduler.watch();
    await vi.advanceTimersByTimeAsync(0);
    await scheduler.checkNow(true);
    expect(requests).toEqual([{ full: false, atHead: 10 }, { full: true, atHead: 10 }]);
  });
});
