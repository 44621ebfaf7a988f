/**
 * The one time seam. Decisions take "now" from a `Clock` injected under
 * `CLOCK`, so unit tests pin or move it; production uses `systemClock`.
 */
export interface Clock {
  /** Wall-clock time in epoch milliseconds: timestamps, schedules, expiry. */
  now(): number;
  /** Monotonic milliseconds: only differences mean anything (latency, rate windows). */
  monotonic(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

/** A clock that only moves when told: for unit tests. Both readings move together. */
export class ManualClock implements Clock {
  private wall: number;
  private mono = 0;

  constructor(start: number | Date = 0) {
    this.wall = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  /** Moves both readings forward by `ms`. */
  advance(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }

  /** Sets the wall reading; the monotonic one moves by the same step (never back). */
  set(at: number | Date): void {
    const next = typeof at === 'number' ? at : at.getTime();
    this.mono += Math.max(0, next - this.wall);
    this.wall = next;
  }
}
