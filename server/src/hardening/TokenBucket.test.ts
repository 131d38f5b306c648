import { describe, expect, it } from 'vitest';
import { TokenBucket } from './TokenBucket.ts';

describe('TokenBucket', () => {
  it('allows a burst, then the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 100; // 0.1 s at 10/s refills one
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000; // never beyond capacity
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });

  it('charges a cost already incurred and reports the debt', () => {
    let now = 0;
    const bucket = new TokenBucket(100, 200, () => now);
    expect(bucket.charge(150)).toBe(true);
    expect(bucket.charge(100)).toBe(false);
    now += 1000;
    expect(bucket.charge(10)).toBe(true);
  });

  it('stays in debt until the refill covers it', () => {
    let now = 0;
    const bucket = new TokenBucket(100, 200, () => now);
    expect(bucket.inDebt()).toBe(false);
    bucket.charge(250); // one costly update: 50 ms over
    expect(bucket.inDebt()).toBe(true);
    now += 400; // +40
    expect(bucket.inDebt()).toBe(true);
    now += 200; // +20: 10 left
    expect(bucket.inDebt()).toBe(false);
  });
});
