/**
 * Wall-clock time behind an injection token, so decisions that depend on
 * "now" (disable times, rotation expiry, the expiry sweep) take it as data
 * and unit tests pin it.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
