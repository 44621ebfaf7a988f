/**
 * A token bucket that paces work without timers: `reserve(now)` takes a token
 * and says how long to wait before using it. Tokens may go negative, so
 * callers that reserve together queue up in order, each `1 / rate` apart.
 * Time is passed in (epoch ms), which keeps it pure and testable.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    now: number,
  ) {
    if (!(ratePerSecond > 0)) throw new Error('rate must be positive');
    if (!(capacity >= 1)) throw new Error('capacity must be at least 1');
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes one token; returns the milliseconds to wait before using it (0 = now). */
  reserve(now: number): number {
    this.refill(now);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.ratePerSecond) / 1000);
    this.updatedAt = Math.max(now, this.updatedAt);
  }
}
