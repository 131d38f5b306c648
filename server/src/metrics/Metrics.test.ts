import { describe, expect, it, vi } from 'vitest';
import { EVENT_LOOP_SAMPLE_MS, Metrics } from './Metrics.ts';

/** The value of one sample line (`name{labels} value`) of the Prometheus text. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((row) => row.startsWith(`${name}{`) || row.startsWith(`${name} `));
  if (!line) throw new Error(`${name} is not in the metrics`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('Metrics', () => {
  it('samples the event loop a few times a second, and a stall still shows in the lag metrics', async () => {
    expect(EVENT_LOOP_SAMPLE_MS).toBeGreaterThanOrEqual(50); // not prom-client's 100 wake-ups a second
    const metrics = new Metrics('test', () => ({ rooms: 0, connections: 0 }));
    const created = performance.now();
    // The sampler measures from one tick to the next, and a read starts it afresh, so nothing is
    // read until it has ticked (only the clock tells: the histogram has no event).
    const interval = 2 * EVENT_LOOP_SAMPLE_MS;
    await vi.waitFor(() => expect(performance.now()).toBeGreaterThan(created + interval), { timeout: 5000, interval: EVENT_LOOP_SAMPLE_MS });
    // Blocks the event loop for 300 ms, as a slow synchronous update would.
    const until = performance.now() + 300;
    while (performance.now() < until);
    // Read only once the sampler has ticked after the stall (a read in between would restart it).
    await vi.waitFor(async () => {
      expect(performance.now()).toBeGreaterThan(until + interval);
      expect(sample(await metrics.text(), 'lanewise_nodejs_eventloop_lag_max_seconds')).toBeGreaterThan(0.2);
    }, { timeout: 5000, interval: EVENT_LOOP_SAMPLE_MS });
  });

  it('counts relayed updates and times them from the message that caused them', async () => {
    const metrics = new Metrics('test', () => ({ rooms: 1, connections: 2 }));
    metrics.messageIn(7);
    metrics.relayed(7);
    metrics.relayed(0); // an update with no waiting message (a server write): counted, not timed
    const text = await metrics.text();
    expect(sample(text, 'lanewise_updates_relayed_total')).toBe(2);
    expect(sample(text, 'lanewise_relay_latency_seconds_count')).toBe(1);
    expect(sample(text, 'lanewise_connections')).toBe(2);
    expect(sample(text, 'lanewise_live_boards')).toBe(1);
  });
});
