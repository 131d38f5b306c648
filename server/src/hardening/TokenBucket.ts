/**
 * A token bucket: holds up to `capacity` tokens, refills `ratePerSecond`, and `take` spends them.
 * Time comes from a clock function so tests can drive it.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Spends `amount` if the bucket holds that much; false (and nothing spent) otherwise. */
  take(amount = 1): boolean {
    this.refill();
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }

  /** Spends `amount` even if that drives the bucket negative (a cost already incurred); false if it is then in debt. */
  charge(amount: number): boolean {
    this.refill();
    this.tokens -= amount;
    return this.tokens >= 0;
  }

  /** Whether an earlier `charge` left the bucket in debt (it still is until it refills). */
  inDebt(): boolean {
    this.refill();
    return this.tokens < 0;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
  }
}
