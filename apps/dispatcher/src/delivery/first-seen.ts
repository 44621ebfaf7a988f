/**
 * When this replica first saw each delivery task whose endpoint it does not
 * know yet, so the unknown-endpoint grace counts from then. Bounded: past
 * `capacity` the oldest entries are forgotten (those tasks get a fresh
 * grace). Another replica, or this one after a restart, starts its own
 * count: a task waits at most a grace per replica that sees it.
 */
export class FirstSeen {
  private readonly seen = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  /** The first time `taskId` was seen, recording `nowMs` if this is it. */
  since(taskId: string, nowMs: number): number {
    const first = this.seen.get(taskId);
    if (first !== undefined) return first;
    this.seen.set(taskId, nowMs);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return nowMs;
  }

  forget(taskId: string): void {
    this.seen.delete(taskId);
  }
}
