import { BoundedMap } from '@herald/resilience';

/**
 * Failed attempts per stream message, in this process. Bounded: past
 * `capacity` the oldest entries are forgotten (their messages then get a few
 * more attempts; `maxDeliveries` still ends them). Counts do not survive a
 * restart and are not shared between replicas, which is why the delivery
 * count is a second, durable limit.
 */
export class FailureCounts {
  private readonly counts: BoundedMap<string, number>;

  constructor(capacity = 10_000) {
    this.counts = new BoundedMap(capacity);
  }

  peek(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  add(key: string): number {
    const next = this.peek(key) + 1;
    this.counts.set(key, next);
    return next;
  }

  forget(key: string): void {
    this.counts.delete(key);
  }
}
