/**
 * Side effects that decisions depend on — time and randomness — behind
 * injection tokens, so unit tests replace them and decisions stay pure.
 */
export interface Clock {
  /** Wall-clock time in epoch milliseconds (timestamps, schedules). */
  now(): number;
  /** Monotonic milliseconds, for measuring latency only. */
  monotonic(): number;
}

/** Returns a number in [0, 1); used for retry jitter. */
export type Random = () => number;

export const CLOCK = Symbol('CLOCK');
export const RANDOM = Symbol('RANDOM');

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};
