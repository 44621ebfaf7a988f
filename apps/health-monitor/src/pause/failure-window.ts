import { inWindow } from './pause-policy.js';

interface EndpointFailures {
  /** Epoch ms, ascending. */
  at: number[];
  /** Failures at or before this instant are ignored (the last reset); -Infinity if none. */
  since: number;
}

/**
 * Recent failures per endpoint, in memory. Plain data, no I/O or clock: the
 * caller passes `now`.
 *
 * Invariants (what keeps it bounded):
 * - `record` and `prune` drop every failure at or before `now - windowMs`;
 * - an endpoint keeps at most `cap` failures, the newest (the policy needs
 *   `threshold + 1`; older ones could never change a decision);
 * - `prune` forgets endpoints with nothing left to remember.
 * After `reset(id, since)` the endpoint starts empty and ignores failures that
 * happened at or before `since` — attempts already in flight when it was paused.
 */
export class FailureWindows {
  private readonly endpoints = new Map<string, EndpointFailures>();

  constructor(
    private readonly windowMs: number,
    private readonly cap: number,
  ) {}

  /** Adds one failure and returns the endpoint's failures still in the window. */
  record(endpointId: string, at: number, now: number): readonly number[] {
    let entry = this.endpoints.get(endpointId);
    if (!entry) {
      entry = { at: [], since: -Infinity };
      this.endpoints.set(endpointId, entry);
    }
    if (at > entry.since && inWindow(at, now, this.windowMs)) insertSorted(entry.at, at);
    this.trim(entry, now);
    if (entry.at.length > this.cap) entry.at.splice(0, entry.at.length - this.cap);
    return entry.at;
  }

  /** Empties the endpoint's window; failures at or before `since` are ignored from now on. */
  reset(endpointId: string, since: number): void {
    this.endpoints.set(endpointId, { at: [], since });
  }

  failures(endpointId: string): readonly number[] {
    return this.endpoints.get(endpointId)?.at ?? [];
  }

  /** Forgets the endpoints `which` selects (a partition handed to another replica). */
  forget(which: (endpointId: string) => boolean): void {
    for (const id of this.endpoints.keys()) if (which(id)) this.endpoints.delete(id);
  }

  /** Drops expired failures, and endpoints with no failure and no reset still in the window. */
  prune(now: number): void {
    for (const [id, entry] of this.endpoints) {
      this.trim(entry, now);
      if (entry.at.length === 0 && !inWindow(entry.since, now, this.windowMs)) {
        this.endpoints.delete(id);
      }
    }
  }

  /** Endpoints currently remembered (for tests and a gauge). */
  get size(): number {
    return this.endpoints.size;
  }

  private trim(entry: EndpointFailures, now: number): void {
    let expired = 0;
    while (expired < entry.at.length && !inWindow(entry.at[expired]!, now, this.windowMs)) {
      expired++;
    }
    if (expired > 0) entry.at.splice(0, expired);
  }
}

/** Outcomes arrive nearly in order, so scanning from the end is usually one step. */
function insertSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]! > value) i--;
  list.splice(i, 0, value);
}
