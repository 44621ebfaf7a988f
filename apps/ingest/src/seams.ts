/**
 * Time behind an injection token, so decisions that depend on it (the resend
 * rate limit) take it as data and unit tests pin it.
 */
export interface Clock {
  /** Monotonic milliseconds: only differences are meaningful (never a timestamp). */
  monotonic(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { monotonic: () => performance.now() };
