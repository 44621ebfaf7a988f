/**
 * Failed attempts per stream message, in this process. Bounded: past
 * `capacity` the oldest entries are forgotten (their messages then get a few
 * more attempts; `maxDeliveries` still ends them). Counts do not survive a
 * restart and are not shared between replicas, which is why the delivery
 * count is a second, durable limit.
 */
export class FailureCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly capacity = 10_000) {}

  peek(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  add(key: string): number {
    const next = this.peek(key) + 1;
    this.counts.delete(key);
    this.counts.set(key, next);
    if (this.counts.size > this.capacity) {
      const oldest = this.counts.keys().next().value;
      if (oldest !== undefined) this.counts.delete(oldest);
    }
    return next;
  }

  forget(key: string): void {
    this.counts.delete(key);
  }
}
