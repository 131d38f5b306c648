import { describe, expect, it } from 'vitest';
import { Accounting } from './Accounting.ts';
import { distribution } from './stats.ts';

describe('Accounting', () => {
  it('counts each (writer, seq) once per expected receiver: the rest is lost, a second receipt duplicated', () => {
    const accounting = new Accounting(10);
    accounting.addWriter(0, [1, 2, 3]);
    accounting.addWriter(1, [0, 2, 3]);
    accounting.window(0, 1000);
    for (let seq = 0; seq < 4; seq++) {
      accounting.sent(0, seq, seq * 10);
      accounting.sent(1, seq, seq * 10 + 5);
    }
    // Writer 0: every receiver gets every update, except receiver 3 misses seq 2.
    for (const receiver of [1, 2, 3]) for (let seq = 0; seq < 4; seq++) if (!(receiver === 3 && seq === 2)) accounting.received(receiver, 0, seq, seq * 10 + 2);
    // Writer 1: all delivered, receiver 2 gets seq 1 twice.
    for (const receiver of [0, 2, 3]) for (let seq = 0; seq < 4; seq++) accounting.received(receiver, 1, seq, seq * 10 + 9);
    accounting.received(2, 1, 1, 100);
    // A receipt nobody expects (a writer's own update echoed) is neither delivered nor lost.
    accounting.received(0, 0, 1, 50);
    const result = accounting.result();
    expect(result).toMatchObject({ sent: 8, expected: 24, delivered: 23, lost: 1, duplicated: 1, unexpected: 1 });
    expect(accounting.missing()).toBe(1);
    // 11 receipts 2 ms after the send (writer 0), 12 receipts 4 ms after (writer 1).
    expect(distribution(result.latencies)).toMatchObject({ count: 23, p50: 4, max: 4 });
    expect([...result.latencies].filter((ms) => ms === 2)).toHaveLength(11);
  });

  it('takes latency only for updates sent inside the measurement window', () => {
    const accounting = new Accounting(4);
    accounting.addWriter(0, [1]);
    accounting.window(100, 200);
    accounting.sent(0, 0, 50); // warm-up
    accounting.sent(0, 1, 150);
    accounting.received(1, 0, 0, 60);
    accounting.received(1, 0, 1, 157);
    expect(accounting.result()).toMatchObject({ delivered: 2, lost: 0, latencies: [7], deliveredInWindow: 1 });
  });
});
