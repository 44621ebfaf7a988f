import { BoundedMap } from '@herald/resilience';

/**
 * When this replica first saw each delivery task whose endpoint it does not
 * know yet, so the unknown-endpoint grace counts from then. Bounded: past
 * `capacity` the oldest entries are forgotten (those tasks get a fresh
 * grace). Another replica, or this one after a restart, starts its own
 * count: a task waits at most a grace per replica that sees it.
 */
export class FirstSeen {
  private readonly seen: BoundedMap<string, number>;

  constructor(capacity = 100_000) {
    this.seen = new BoundedMap(capacity);
  }

  /** The first time `taskId` was seen, recording `nowMs` if this is it. */
  since(taskId: string, nowMs: number): number {
    const first = this.seen.get(taskId);
    if (first !== undefined) return first;
    this.seen.set(taskId, nowMs);
    return nowMs;
  }

  forget(taskId: string): void {
    this.seen.delete(taskId);
  }
}
